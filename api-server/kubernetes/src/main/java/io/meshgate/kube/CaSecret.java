package io.meshgate.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The mesh CA of the control plane's Kubernetes mode, kept in one Secret of the control plane's
 * namespace (default {@value #DEFAULT_NAME}; FSM keeps its CA in {@code fsm-ca-bundle}) so that every
 * replica issues from the same CA. Data keys {@value #CERT_KEY} and {@value #KEY_KEY} (PEM), as
 * the standalone mode's {@code <data-dir>/ca/} files are named; type {@code Opaque}.
 *
 * <p>Create-if-absent, never replace: the first replica to start creates it; a replica that loses
 * that race (409 AlreadyExists) reads the winner's. A Secret that is there but unreadable is an
 * error for the caller to stop on, because every certificate issued depends on the CA. Cluster calls
 * are bounded by the client's request timeout. Nothing here logs or returns the key but
 * {@link Content#keyPem()}.
 */
public final class CaSecret {
    private static final System.Logger LOG = System.getLogger(CaSecret.class.getName());
    public static final String DEFAULT_NAME = "meshgate-ca";
    public static final String CERT_KEY = "ca.crt";
    public static final String KEY_KEY = "ca.key";
    /** Says who made the Secret (the chart does not: {@code helm uninstall} leaves the CA in place). */
    public static final String LABEL = "meshgate.io/certificate";
    public static final String LABEL_VALUE = "mesh-ca";

    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    /** The CA as the Secret holds it; {@link #toString()} leaves the key out. */
    public record Content(String certificatePem, String keyPem) {
        public Content {
            Objects.requireNonNull(certificatePem, "certificatePem");
            Objects.requireNonNull(keyPem, "keyPem");
        }

        @Override
        public String toString() {
            return "Content[certificatePem=" + certificatePem.length() + " chars, keyPem=(redacted)]";
        }
    }

    /** What {@link #readOrCreate} found: the content, and whether this call created the Secret. */
    public record Outcome(Content content, boolean created) { }

    public CaSecret(KubernetesClient client, String namespace, String name) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.name = Objects.requireNonNull(name, "name");
    }

    /** {@code namespace/name}, for messages. */
    public String where() {
        return "Secret " + namespace + "/" + name;
    }

    /**
     * The Secret's content, empty when there is no such Secret.
     *
     * @throws IllegalStateException when the Secret exists but lacks a key or holds data that is not base64
     */
    public Optional<Content> read() {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        return secret == null ? Optional.empty() : Optional.of(content(secret));
    }

    private Content content(Secret secret) {
        return new Content(entry(secret, CERT_KEY), entry(secret, KEY_KEY));
    }

    /**
     * Reads the Secret, or creates it from {@code fresh} when there is none. When another replica
     * creates it between the read and the create (409), reads that one: never overwrites.
     *
     * @throws IllegalStateException as {@link #read()}, or when the Secret can be neither read nor created
     */
    public Outcome readOrCreate(Supplier<Content> fresh) {
        Optional<Content> existing = read();
        if (existing.isPresent()) {
            return new Outcome(existing.get(), false);
        }
        Content content = fresh.get();
        Secret secret = new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).addToLabels(LABEL, LABEL_VALUE).endMetadata()
                .withType("Opaque")
                .withData(Map.of(CERT_KEY, base64(content.certificatePem()), KEY_KEY, base64(content.keyPem())))
                .build();
        try {
            client.secrets().inNamespace(namespace).resource(secret).create();
            LOG.log(Level.INFO, "created the mesh CA in " + where());
            return new Outcome(content, true);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw new IllegalStateException("cannot create the mesh CA " + where() + ": " + e.getMessage(), e);
            }
        }
        // another replica created it first: its CA is the mesh's
        LOG.log(Level.INFO, "another replica created " + where() + " first; using its CA");
        return new Outcome(read().orElseThrow(() -> new IllegalStateException(where()
                + " was reported to exist but cannot be read")), false);
    }

    /**
     * Gives a CA Secret made by hand (bring your own CA) the label {@value #LABEL}={@value #LABEL_VALUE},
     * which keeps it out of the control plane's informers ({@link MeshInformers}) and so out of the REST
     * API and the audit history. Call it once the CA in it has been found usable: a Secret that stops
     * the start is left exactly as it was.
     */
    public void labelIfMissing() {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        Map<String, String> labels = secret == null ? null : secret.getMetadata().getLabels();
        if (secret == null || (labels != null && LABEL_VALUE.equals(labels.get(LABEL)))) {
            return;
        }
        client.secrets().inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"" + LABEL + "\":\"" + LABEL_VALUE + "\"}}}");
        LOG.log(Level.INFO, "labelled " + where() + " " + LABEL + "=" + LABEL_VALUE
                + " (keeps its key out of the informers' caches)");
    }

    private String entry(Secret secret, String key) {
        String encoded = secret.getData() == null ? null : secret.getData().get(key);
        if (encoded == null || encoded.isBlank()) {
            throw new IllegalStateException(where() + " has no data key " + key
                    + " (a mesh CA needs " + CERT_KEY + " and " + KEY_KEY + ")");
        }
        try {
            return new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where() + " data key " + key + " is not base64", e);
        }
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
