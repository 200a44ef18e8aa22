package io.meshgate.standalone;

import io.meshgate.kube.CaSecret;
import io.meshgate.resources.schema.Formats;
import java.util.Locale;
import java.util.Optional;

/**
 * Kubernetes mode: where the mesh CA is kept, and who makes the API server trust the webhooks'
 * serving certificate. From flags, else the environment variables the Helm chart sets.
 *
 * @param caSecret          --ca-secret / MESHGATE_CA_SECRET ({@value CaSecret#DEFAULT_NAME}): the Secret in the
 *                          control plane's namespace keeping the CA's certificate and key
 * @param controlPlaneCerts --webhook-cert-source / MESHGATE_WEBHOOK_CERT_SOURCE: {@code controlPlane} (true, the
 *                          default: the control plane writes the CA into the webhooks' {@code caBundle}) or
 *                          {@code certManager} (false: cert-manager issues the serving certificate, mounted as
 *                          --api-tls-cert/--api-tls-key, and injects the {@code caBundle})
 * @param injectorWebhook   --injector-webhook / MESHGATE_INJECTOR_WEBHOOK: the MutatingWebhookConfiguration, or null
 * @param validatingWebhook --validating-webhook / MESHGATE_VALIDATING_WEBHOOK: the ValidatingWebhookConfiguration,
 *                          or null
 */
public record ClusterTrust(String caSecret, boolean controlPlaneCerts, String injectorWebhook, String validatingWebhook) {
    /** The defaults: CA Secret {@value CaSecret#DEFAULT_NAME}, source controlPlane, no webhook configurations named. */
    public static final ClusterTrust DEFAULT = new ClusterTrust(CaSecret.DEFAULT_NAME, true, null, null);

    /**
     * @throws IllegalArgumentException naming the flag and variable whose value is wrong
     */
    static ClusterTrust of(String caSecret, String source, String injectorWebhook, String validatingWebhook) {
        boolean controlPlane = switch (source.trim().toLowerCase(Locale.ROOT)) {
            case "controlplane", "" -> true;
            case "certmanager" -> false;
            default -> throw new IllegalArgumentException("--webhook-cert-source / MESHGATE_WEBHOOK_CERT_SOURCE must be"
                    + " controlPlane or certManager, got '" + source + "'");
        };
        return new ClusterTrust(name("--ca-secret / MESHGATE_CA_SECRET", caSecret, false), controlPlane,
                name("--injector-webhook / MESHGATE_INJECTOR_WEBHOOK", injectorWebhook, true),
                name("--validating-webhook / MESHGATE_VALIDATING_WEBHOOK", validatingWebhook, true));
    }

    /** A Kubernetes object name (DNS-1123 subdomain); blank is null where the setting is optional. */
    private static String name(String setting, String value, boolean optional) {
        if (value == null || value.isBlank()) {
            if (optional) {
                return null;
            }
            throw new IllegalArgumentException(setting + " must not be empty");
        }
        String trimmed = value.trim();
        Optional<String> problem = Formats.DNS1123_SUBDOMAIN.problem(trimmed);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(setting + " must be a Kubernetes object name, got '" + trimmed + "': "
                    + problem.get());
        }
        return trimmed;
    }
}
