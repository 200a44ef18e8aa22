package io.meshgate.reconcile.ingress;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.config.HttpListener;
import io.meshgate.config.Listener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.ServerCertificate;
import io.meshgate.config.SniPassthrough;
import io.meshgate.ingress.IngressTranslator;
import io.meshgate.resources.IngressAnnotations;
import io.meshgate.resources.Resource;
import io.meshgate.resources.schema.IpAddresses;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * An Ingress's {@code status.loadBalancer} in the Kubernetes shape:
 * {@code {ingress: [{ip | hostname: <gateway address>, ports: [{port, protocol: TCP}...]}]}}. A pure
 * function of the Ingress, the gateway's translated config and the address clients use.
 *
 * <p>The HTTP port is listed unless the Ingress is passed through ({@code meshgate.io/tls-passthrough},
 * which gets no plain-HTTP routes); the HTTPS port when the gateway's TLS listener actually serves one of
 * its hosts: with a certificate for it (exact or wildcard; any certificate for a rule without host),
 * by per-Ingress passthrough, or by MeshConfig's global passthrough allow-list.
 */
public final class IngressLoadBalancer {

    private IngressLoadBalancer() {}

    /** What clients use to reach a gateway bound to {@code bind}: the bind address, or 127.0.0.1 for a wildcard. */
    public static String defaultAddress(String bind) {
        return switch (bind) {
            case "0.0.0.0", "::", "[::]", "" -> "127.0.0.1";
            default -> bind;
        };
    }

    /**
     * The {@code loadBalancer} object of an accepted Ingress (empty when it is served on no port).
     *
     * @param address   the gateway address clients use (an IP becomes {@code ip}, a name {@code hostname})
     * @param httpPort  the gateway's HTTP port
     * @param httpsPort the gateway's HTTPS / TLS port
     */
    public static ObjectNode of(Resource ingress, ProxyConfig config, String address, int httpPort, int httpsPort) {
        List<Integer> ports = new ArrayList<>();
        if (!passedThrough(ingress)) {
            ports.add(httpPort);
        }
        if (servesHttps(ingress, config)) {
            ports.add(httpsPort);
        }
        ObjectNode loadBalancer = JsonNodeFactory.instance.objectNode();
        if (ports.isEmpty()) {
            return loadBalancer;
        }
        ObjectNode point = loadBalancer.putArray("ingress").addObject();
        String host = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        point.put(IpAddresses.isIp(host) ? "ip" : "hostname", host);
        ArrayNode list = point.putArray("ports");
        ports.forEach(port -> list.addObject().put("port", port).put("protocol", "TCP"));
        return loadBalancer;
    }

    private static boolean passedThrough(Resource ingress) {
        String flag = ingress.metadata().annotations().getOrDefault(IngressTranslator.PASSTHROUGH, "");
        return IngressAnnotations.parseFlag(flag).orElse(false);
    }

    static boolean servesHttps(Resource ingress, ProxyConfig config) {
        HttpListener tls = null;
        for (Listener listener : config.listeners()) {
            if (listener instanceof HttpListener h && h.name().equals(IngressTranslator.HTTPS_LISTENER)) {
                tls = h;
            }
        }
        if (tls == null) {
            return false;
        }
        for (String host : hosts(ingress)) {
            if (host.equals("*") ? tls.tls() != null : servedOn(tls, host)) {
                return true;
            }
        }
        return false;
    }

    private static boolean servedOn(HttpListener tls, String host) {
        if (tls.tls() != null) {
            for (ServerCertificate certificate : tls.tls().certificates()) {
                if (matchesAny(certificate.serverNames(), host)) {
                    return true;
                }
            }
        }
        for (SniPassthrough passthrough : tls.passthrough()) {
            if (matchesAny(passthrough.serverNames(), host)) {
                return true;
            }
        }
        return tls.globalPassthrough() != null && matchesAny(tls.globalPassthrough().allowedServerNames(), host);
    }

    /** Exact names, or {@code *.suffix} covering one or more labels before the suffix. */
    private static boolean matchesAny(Collection<String> names, String host) {
        for (String name : names) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.equals(host) || (n.startsWith("*.") && host.endsWith(n.substring(1))
                    && host.length() > n.length() - 1)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> hosts(Resource ingress) {
        List<String> hosts = new ArrayList<>();
        ingress.spec().path("rules").forEach(rule -> {
            String host = rule.path("host").asText("").toLowerCase(Locale.ROOT);
            hosts.add(host.isEmpty() ? "*" : host);
        });
        if (hosts.isEmpty()) {
            hosts.add("*"); // only a defaultBackend: it answers every host
        }
        return hosts;
    }
}
