package io.meshgate.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds a Secret the way kubectl does: every value base64-encoded under {@code data}. */
final class SecretBuilder {
    static final String TLS_TYPE = "kubernetes.io/tls";
    static final String OPAQUE = "Opaque";

    private final String name;
    private final String namespace;
    private String type = OPAQUE;
    private final Map<String, byte[]> data = new LinkedHashMap<>();

    SecretBuilder(String name, String namespace) {
        this.name = name;
        this.namespace = namespace;
    }

    SecretBuilder type(String secretType) {
        this.type = secretType;
        return this;
    }

    /** Adds a key; a key given twice is a mistake kubectl also refuses. */
    SecretBuilder put(String key, byte[] value) {
        if (key.isEmpty()) {
            throw new CliException("a secret key must not be empty");
        }
        if (data.putIfAbsent(key, value) != null) {
            throw new CliException("cannot add key " + key + ", another key by that name already exists");
        }
        return this;
    }

    /** {@code --from-literal=k=v}. */
    SecretBuilder literal(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new CliException("invalid literal source " + spec + ", expected key=value");
        }
        return put(spec.substring(0, eq), spec.substring(eq + 1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@code --from-file=[key=]path}: the key defaults to the file's name. */
    SecretBuilder file(String spec, CliContext ctx) {
        int eq = spec.indexOf('=');
        String key = eq < 0 ? null : spec.substring(0, eq);
        String path = eq < 0 ? spec : spec.substring(eq + 1);
        Path file = ctx.resolve(path);
        return put(key != null ? key : file.getFileName().toString(), read(file, path));
    }

    static byte[] read(Path file, String shown) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException("the file \"" + shown + "\" does not exist");
        } catch (IOException e) {
            throw new CliException("cannot read " + shown + ": " + e.getMessage(), e);
        }
    }

    ObjectNode build() {
        ObjectNode secret = Json.MAPPER.createObjectNode();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        ObjectNode meta = secret.putObject("metadata");
        meta.put("name", name);
        meta.put("namespace", namespace);
        secret.put("type", type);
        ObjectNode encoded = secret.putObject("data");
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v)));
        return secret;
    }
}
