package io.meshgate.api;

import io.meshgate.db.TokenBinding;
import io.meshgate.egress.translator.EgressGatewayIdentity;
import java.util.List;
import java.util.Objects;

/**
 * Kubernetes mode: the egress gateway's identity on the cluster. A caller the cluster's TokenReview
 * authenticates as exactly {@code serviceAccount} may register (or rotate the token of) the proxy
 * {@code proxyName} of kind {@value #PROXY_KIND}, and nothing else ({@link EgressGatewayRegistration}).
 *
 * @param serviceAccount the gateway's service account (namespace and name)
 * @param proxyName      the one proxy it may act as (the chart's {@code egressGateway.proxyName})
 */
public record EgressGatewayServiceAccount(TokenBinding serviceAccount, String proxyName) {
    /** The proxy kind of the egress gateway. */
    public static final String PROXY_KIND = EgressGatewayIdentity.PROXY_KIND;
    /** The egress gateway's default proxy name (the chart's default {@code egressGateway.proxyName}). */
    public static final String DEFAULT_PROXY_NAME = EgressGatewayIdentity.DEFAULT_PROXY_NAME;

    public EgressGatewayServiceAccount {
        Objects.requireNonNull(serviceAccount, "serviceAccount");
        Objects.requireNonNull(proxyName, "proxyName");
    }

    /**
     * @param serviceAccount {@code NAMESPACE/NAME}
     * @param proxyName      null or blank = {@value #DEFAULT_PROXY_NAME}
     * @throws IllegalArgumentException naming what is wrong with {@code serviceAccount}
     */
    public static EgressGatewayServiceAccount parse(String serviceAccount, String proxyName) {
        String text = serviceAccount == null ? "" : serviceAccount.strip();
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("the egress gateway's service account must be NAMESPACE/NAME, got '"
                    + serviceAccount + "'");
        }
        TokenBinding binding;
        try {
            binding = new TokenBinding(text.substring(0, slash), text.substring(slash + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the egress gateway's service account '" + serviceAccount + "': "
                    + e.getMessage(), e);
        }
        return new EgressGatewayServiceAccount(binding,
                proxyName == null || proxyName.isBlank() ? DEFAULT_PROXY_NAME : proxyName.strip());
    }

    /** The username the cluster's TokenReview answers for this service account. */
    String username() {
        return "system:serviceaccount:" + serviceAccount.namespace() + ":" + serviceAccount.serviceAccount();
    }

    /** True for a caller the cluster authenticated as exactly this service account (not a Meshgate token). */
    boolean is(Caller caller) {
        return caller.isSidecar() && serviceAccount.equals(caller.binding())
                && caller.actor().name().equals(username());
    }

    /** True for {@code /api/v1/proxies/{name}/registration}, the one path this identity may call. */
    static boolean serves(List<String> segments) {
        return segments.size() == 5 && segments.get(0).equals("api") && segments.get(1).equals("v1")
                && segments.get(2).equals("proxies") && segments.get(4).equals("registration");
    }
}
