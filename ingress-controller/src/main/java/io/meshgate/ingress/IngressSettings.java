package io.meshgate.ingress;

import java.util.List;
import java.util.Objects;

/**
 * Where the ingress gateway listens, and what the operator (not MeshConfig) allows.
 *
 * @param bindAddress             address both listeners bind
 * @param httpPort                plain HTTP listener port
 * @param httpsPort               HTTPS / TLS passthrough listener port
 * @param passthroughAllowedHosts server names always allowed through MeshConfig's global SSL passthrough,
 *                                in addition to the hosts of Ingresses annotated
 *                                {@code meshgate.io/tls-passthrough-allowed: "true"}. FSM passes any SNI
 *                                through; Meshgate never does, so the gateway cannot be used as an open
 *                                TLS relay. Exact names or {@code *.suffix} (the operator may use
 *                                wildcards; Ingress authors may not)
 * @param publicHttpsPort         the HTTPS port clients reach the gateway on, written into the
 *                                HTTP-to-HTTPS redirect ({@code https://host:port/...}, no port when 443).
 *                                It differs from {@code httpsPort} behind a port mapping (a Kubernetes
 *                                Service's 443 to the pod's 8443); equal to it by default
 * @param ingressClass            the IngressClass name served ({@value #DEFAULT_CLASS} unless a
 *                                Kubernetes deployment chooses another): Ingresses of other classes
 *                                are left to their controllers
 * @param passthroughAllowedNamespaces namespaces whose Ingresses may add their hosts to the global
 *                                passthrough allow-list with {@code meshgate.io/tls-passthrough-allowed};
 *                                by default only the control plane's ({@value #CONTROL_PLANE_NAMESPACE}):
 *                                the list is global, so a tenant's Ingress must not extend it
 */
public record IngressSettings(String bindAddress, int httpPort, int httpsPort, List<String> passthroughAllowedHosts,
                              int publicHttpsPort, String ingressClass, List<String> passthroughAllowedNamespaces) {
    /** FSM's class name, which the seed's manifests use. */
    public static final String DEFAULT_CLASS = "pipy";
    /** The control plane's namespace (FSM's): its Secrets may be named from any namespace. */
    public static final String CONTROL_PLANE_NAMESPACE = "fsm-system";

    public IngressSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(ingressClass, "ingressClass");
        passthroughAllowedHosts = passthroughAllowedHosts == null ? List.of() : List.copyOf(passthroughAllowedHosts);
        passthroughAllowedNamespaces = passthroughAllowedNamespaces == null
                ? List.of(CONTROL_PLANE_NAMESPACE) : List.copyOf(passthroughAllowedNamespaces);
        if (publicHttpsPort < 0 || publicHttpsPort > 65535) {
            throw new IllegalArgumentException("publicHttpsPort must be 0..65535, got " + publicHttpsPort);
        }
    }

    /** Settings whose Ingresses may extend the global passthrough allow-list only from {@value #CONTROL_PLANE_NAMESPACE}. */
    public IngressSettings(String bindAddress, int httpPort, int httpsPort, List<String> passthroughAllowedHosts,
                           int publicHttpsPort, String ingressClass) {
        this(bindAddress, httpPort, httpsPort, passthroughAllowedHosts, publicHttpsPort, ingressClass, null);
    }

    /** Settings serving class {@value #DEFAULT_CLASS}. */
    public IngressSettings(String bindAddress, int httpPort, int httpsPort, List<String> passthroughAllowedHosts,
                           int publicHttpsPort) {
        this(bindAddress, httpPort, httpsPort, passthroughAllowedHosts, publicHttpsPort, DEFAULT_CLASS);
    }

    /** Settings whose public HTTPS port is the listener's. */
    public IngressSettings(String bindAddress, int httpPort, int httpsPort, List<String> passthroughAllowedHosts) {
        this(bindAddress, httpPort, httpsPort, passthroughAllowedHosts, httpsPort);
    }

    /** Settings without an operator passthrough allow-list. */
    public static IngressSettings of(String bindAddress, int httpPort, int httpsPort) {
        return new IngressSettings(bindAddress, httpPort, httpsPort, List.of());
    }

    /** These settings with clients reaching HTTPS on {@code port} (e.g. 443 in front of a mapped 8443). */
    public IngressSettings withPublicHttpsPort(int port) {
        return new IngressSettings(bindAddress, httpPort, httpsPort, passthroughAllowedHosts, port, ingressClass,
                passthroughAllowedNamespaces);
    }

    /** These settings serving the Ingresses of class {@code name} instead. */
    public IngressSettings withIngressClass(String name) {
        return new IngressSettings(bindAddress, httpPort, httpsPort, passthroughAllowedHosts, publicHttpsPort, name,
                passthroughAllowedNamespaces);
    }

    /** These settings letting Ingresses of {@code namespaces} extend the global passthrough allow-list. */
    public IngressSettings withPassthroughAllowedNamespaces(List<String> namespaces) {
        return new IngressSettings(bindAddress, httpPort, httpsPort, passthroughAllowedHosts, publicHttpsPort,
                ingressClass, namespaces);
    }
}
