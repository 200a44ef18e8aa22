package io.meshgate.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.List;

/**
 * Authenticates every request before routing, so an unknown path without a valid token is a 401
 * like any other (a client learns nothing about paths before it authenticates). The readiness
 * probe and the two admission webhooks ({@link AdmissionWebhookService}: the Kubernetes API server
 * sends no token) need none. The per-proxy channel takes proxy tokens only ({@link ProxyAuth}); every
 * other path takes API tokens ({@link BearerAuth}). The result goes into the request's context,
 * where {@link Exchange} finds it; a refusal is thrown as the 401 or 403 {@link ApiException}.
 * A sidecar token is refused (403) on every path but its workloads ({@link WorkloadService}), before
 * routing: it learns nothing about the rest of the API, and the refusal is audited under its name.
 */
final class AuthenticationFilter implements Filter {
    private final BearerAuth apiTokens;
    private final ProxyAuth proxyTokens;
    private final EgressGatewayServiceAccount egressGateway;

    AuthenticationFilter(BearerAuth apiTokens, ProxyAuth proxyTokens) {
        this(apiTokens, proxyTokens, null);
    }

    /** @param egressGateway the egress gateway's service account, which may call its registration only; null = none */
    AuthenticationFilter(BearerAuth apiTokens, ProxyAuth proxyTokens, EgressGatewayServiceAccount egressGateway) {
        this.apiTokens = apiTokens;
        this.proxyTokens = proxyTokens;
        this.egressGateway = egressGateway;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!ReadinessService.answers(req) && !AdmissionWebhookService.answers(req)) {
            String authorization = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
            List<String> segments = PathSegments.of(req.path().path());
            if (ProxyService.isProxyChannel(segments)) {
                req.context().register(proxyTokens.authenticate(authorization));
            } else {
                Caller caller = apiTokens.authenticate(authorization, req.remotePeer().host());
                req.context().register(caller);
                if (caller.isSidecar() && !sidecarMayCall(caller, segments)) {
                    throw caller.sidecarScope();
                }
            }
        }
        chain.proceed();
    }

    /**
     * A sidecar caller may call its workloads; the egress gateway's service account (least privilege) its
     * proxy registration and nothing else. Any other sidecar caller reaching the registration path gets
     * that path's own 403, which names who may call it.
     */
    private boolean sidecarMayCall(Caller caller, List<String> segments) {
        if (caller.binding() == null) {
            return false;
        }
        if (egressGateway != null && egressGateway.is(caller)) {
            return EgressGatewayServiceAccount.serves(segments);
        }
        return WorkloadService.serves(segments)
                || egressGateway != null && EgressGatewayServiceAccount.serves(segments);
    }
}
