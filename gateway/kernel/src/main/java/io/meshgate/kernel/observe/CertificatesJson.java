package io.meshgate.kernel.observe;

import io.meshgate.config.Cluster;
import io.meshgate.config.DownstreamTls;
import io.meshgate.config.HttpListener;
import io.meshgate.config.Listener;
import io.meshgate.config.MeshListener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.ServerCertificate;
import io.meshgate.config.UpstreamTls;
import io.meshgate.config.pem.Pem;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /certs}: the certificates the config makes the proxy present and trust, never a key (the
 * config's keys are not even looked at). Envoy's shape, grouped: one entry per distinct chain and
 * trust bundle with every place that uses it ({@code owners}: {@code listener inbound},
 * {@code cluster httpbin/httpbin|14001}...), so a sidecar's one workload certificate, presented
 * inbound and towards every mesh cluster, is listed once. Per certificate: subject, issuer, serial,
 * subject alternative names, validity and {@code days_until_expiration}.
 */
final class CertificatesJson {
    private CertificatesJson() {}

    /** One chain (or none) with one trust bundle (or none), and its use. */
    private record Use(String use, String chainPem, String trustedCaPem) {}

    static String render(ProxyConfig config, Instant now) {
        Map<Use, List<String>> owners = new LinkedHashMap<>();
        for (Listener listener : config.listeners()) {
            String owner = "listener " + listener.name();
            if (listener instanceof MeshListener mesh && mesh.tls() != null) {
                add(owners, new Use("server", mesh.tls().certificateChainPem(), mesh.tls().trustedCaPem()), owner);
            } else if (listener instanceof HttpListener http && http.tls() != null) {
                for (ServerCertificate cert : certificates(http.tls())) {
                    add(owners, new Use("server", cert.certificateChainPem(),
                            cert.clientValidation() == null ? null : cert.clientValidation().trustedCaPem()),
                            owner + (cert.serverNames().isEmpty() ? "" : " " + String.join(",", cert.serverNames())));
                }
            }
        }
        for (Cluster cluster : config.clusters()) {
            UpstreamTls tls = cluster.tls();
            if (tls != null && (tls.clientCertificatePem() != null || tls.trustedCaPem() != null)) {
                add(owners, new Use("client", tls.clientCertificatePem(), tls.trustedCaPem()), "cluster " + cluster.name());
            }
        }
        StringBuilder out = new StringBuilder("{\"certificates\":[");
        boolean first = true;
        for (Map.Entry<Use, List<String>> e : owners.entrySet()) {
            out.append(first ? "" : ",").append("{\"use\":");
            first = false;
            JsonText.appendString(out, e.getKey().use()).append(",\"owners\":[");
            for (int i = 0; i < e.getValue().size(); i++) {
                JsonText.appendString(out.append(i == 0 ? "" : ","), e.getValue().get(i));
            }
            out.append("],\"cert_chain\":");
            chain(out, e.getKey().chainPem(), now);
            out.append(",\"ca_cert\":");
            chain(out, e.getKey().trustedCaPem(), now);
            out.append('}');
        }
        return out.append("]}\n").toString();
    }

    private static Collection<ServerCertificate> certificates(DownstreamTls tls) {
        List<ServerCertificate> all = new ArrayList<>(tls.certificates());
        if (tls.defaultCertificate() != null && !all.contains(tls.defaultCertificate())) {
            all.add(tls.defaultCertificate());
        }
        return all;
    }

    private static void add(Map<Use, List<String>> owners, Use use, String owner) {
        List<String> list = owners.computeIfAbsent(use, u -> new ArrayList<>());
        if (!list.contains(owner)) {
            list.add(owner);
        }
    }

    private static void chain(StringBuilder out, String pem, Instant now) {
        if (pem == null) {
            out.append("[]");
            return;
        }
        List<X509Certificate> certs;
        try {
            certs = Pem.certificates(pem);
        } catch (IllegalArgumentException e) {
            // the config compiled, so this is not expected; say so rather than fail the page
            out.append("[{\"error\":");
            JsonText.appendString(out, Objects.toString(e.getMessage(), "unreadable certificate")).append("}]");
            return;
        }
        out.append('[');
        for (int i = 0; i < certs.size(); i++) {
            describe(out.append(i == 0 ? "" : ","), certs.get(i), now);
        }
        out.append(']');
    }

    private static void describe(StringBuilder out, X509Certificate cert, Instant now) {
        Instant notAfter = cert.getNotAfter().toInstant();
        out.append("{\"subject\":");
        JsonText.appendString(out, cert.getSubjectX500Principal().getName());
        out.append(",\"issuer\":");
        JsonText.appendString(out, cert.getIssuerX500Principal().getName());
        out.append(",\"serial_number\":");
        JsonText.appendString(out, HexFormat.of().formatHex(cert.getSerialNumber().toByteArray()));
        out.append(",\"subject_alt_names\":[");
        boolean first = true;
        for (String[] san : alternativeNames(cert)) {
            out.append(first ? "" : ",").append('{');
            first = false;
            JsonText.appendString(out, san[0]).append(':');
            JsonText.appendString(out, san[1]).append('}');
        }
        out.append("],\"valid_from\":");
        JsonText.appendString(out, cert.getNotBefore().toInstant().toString());
        out.append(",\"expiration_time\":");
        JsonText.appendString(out, notAfter.toString());
        out.append(",\"days_until_expiration\":").append(Duration.between(now, notAfter).toDays());
        out.append(",\"is_ca\":").append(cert.getBasicConstraints() >= 0).append('}');
    }

    /** {@code dns}, {@code uri} and {@code ip} names, Envoy's keys. */
    private static List<String[]> alternativeNames(X509Certificate cert) {
        List<String[]> names = new ArrayList<>();
        try {
            Collection<List<?>> all = cert.getSubjectAlternativeNames();
            if (all == null) {
                return names;
            }
            for (List<?> san : all) {
                String kind = switch ((Integer) san.get(0)) {
                    case 2 -> "dns";
                    case 6 -> "uri";
                    case 7 -> "ip";
                    default -> null;
                };
                if (kind != null && san.get(1) instanceof String value) {
                    names.add(new String[] {kind, value});
                }
            }
        } catch (CertificateParsingException e) {
            names.add(new String[] {"error", "unreadable subject alternative names"});
        }
        return names;
    }
}
