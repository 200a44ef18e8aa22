package io.meshgate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.ConflictException;
import io.meshgate.db.ProxyStore;
import io.meshgate.db.ResourceStore;
import io.meshgate.reconcile.Reconciler;
import java.util.List;

/**
 * {@code POST /api/v1/proxies/{name}/registration}, Kubernetes mode: the egress gateway exchanges its
 * pod's projected service-account token for its proxy token, as a sidecar does at
 * {@code /api/v1/workloads}, so no token Secret has to be made by hand. Only a caller the cluster
 * authenticated as exactly the configured service account ({@link EgressGatewayServiceAccount}), and only for
 * the configured proxy name: it registers the proxy (kind {@value EgressGatewayServiceAccount#PROXY_KIND}, 201)
 * or gives it a new token (200), audited with the service account as actor. Every other caller is a 403;
 * without a configured identity (standalone mode, or none given) the path is a 404.
 */
final class EgressGatewayRegistration {
    private final EgressGatewayServiceAccount identity;
    private final ResourceStore store;
    private final ProxyStore proxies;
    private final Reconciler reconciler;

    /** @param identity null = no egress gateway authenticates this way (the path is a 404) */
    EgressGatewayRegistration(EgressGatewayServiceAccount identity, ResourceStore store, ProxyStore proxies,
                              Reconciler reconciler) {
        this.identity = identity;
        this.store = store;
        this.proxies = proxies;
        this.reconciler = reconciler;
    }

    void register(Exchange ex) {
        String name = ex.pathParam("name").orElseThrow();
        if (identity == null) {
            throw ApiException.notFound("no egress gateway service account is configured: registration by"
                    + " service-account token needs Kubernetes mode and --egress-gateway-service-account"
                    + " (MESHGATE_EGRESS_GATEWAY_SERVICE_ACCOUNT); elsewhere an admin registers the proxy with"
                    + " POST /api/v1/proxies");
        }
        if (!identity.is(ex.caller)) {
            throw forbidden("only service account " + identity.serviceAccount().namespace() + "/"
                    + identity.serviceAccount().serviceAccount() + " (authenticated by its service-account token)"
                    + " may register the egress gateway's proxy; '" + ex.caller.actor().name() + "' may not");
        }
        if (!identity.proxyName().equals(name)) {
            throw forbidden("service account " + identity.serviceAccount().namespace() + "/"
                    + identity.serviceAccount().serviceAccount() + " may register proxy '" + identity.proxyName()
                    + "' only, not '" + name + "'");
        }
        ProxyStore.Issued issued;
        try {
            issued = store.writeAndReturn(ex.caller.actor(),
                    tx -> proxies.registerOrRotate(tx, name, EgressGatewayServiceAccount.PROXY_KIND));
        } catch (ConflictException e) {
            throw ApiException.conflict(e.getMessage());
        }
        // a new proxy needs its first config; a rotated token alone commits no revision
        reconciler.markDirty();
        ObjectNode out = Jsons.MAPPER.createObjectNode();
        out.put("proxy", name);
        out.put("kind", EgressGatewayServiceAccount.PROXY_KIND);
        out.put("token", issued.token());
        ex.sendJson(issued.created() ? 201 : 200, out);
    }

    private static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", "Forbidden", detail, List.of());
    }
}
