package io.meshgate.ingress;

import io.meshgate.config.UpstreamTls;
import io.meshgate.ingress.annotations.RouteOptions;
import io.meshgate.resources.annotations.IngressAnnotationTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the certificates and keys that annotation Secrets put into an Ingress's route options, as the
 * gateway will. A CA bundle or client key it cannot load makes it refuse the whole config, so such an
 * Ingress is left out instead (like one whose Secret is missing).
 */
final class AnnotatedSecretCheck {
    private AnnotatedSecretCheck() {}

    /** One message per unloadable item, naming the annotation it came from; empty when all load. */
    static List<String> problems(RouteOptions options) {
        List<String> problems = new ArrayList<>();
        if (options.trustedClientCa() != null) {
            PemCheck.certificatesProblem(options.trustedClientCa()).ifPresent(p ->
                    problems.add(IngressAnnotationTable.TLS_TRUSTED_CA_SECRET.name() + ": ca.crt: " + p));
        }
        UpstreamTls upstream = options.upstreamTls();
        if (upstream != null) {
            String annotation = IngressAnnotationTable.UPSTREAM_SSL_SECRET.name();
            if (upstream.trustedCaPem() != null) {
                PemCheck.certificatesProblem(upstream.trustedCaPem()).ifPresent(p ->
                        problems.add(annotation + ": ca.crt: " + p));
            }
            if (upstream.clientCertificatePem() != null && upstream.clientKey() != null) {
                PemCheck.keyPairProblem(upstream.clientCertificatePem(), upstream.clientKey().pem()).ifPresent(p ->
                        problems.add(annotation + ": tls.crt/tls.key: " + p));
            }
        }
        return problems;
    }
}
