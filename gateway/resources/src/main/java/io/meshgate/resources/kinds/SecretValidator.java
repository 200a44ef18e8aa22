package io.meshgate.resources.kinds;

import static io.meshgate.resources.schema.Schemas.any;
import static io.meshgate.resources.schema.Schemas.bool;
import static io.meshgate.resources.schema.Schemas.map;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.string;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.Resource;
import io.meshgate.resources.schema.FieldPath;
import io.meshgate.resources.schema.Formats;
import io.meshgate.resources.schema.Problems;
import java.util.List;
import java.util.Map;

/**
 * core/v1 Secret: {@code type} (default Opaque), {@code data} (base64 values), {@code stringData}
 * (plain values merged into data on store, see {@link Resource#normalizeSecret()}), {@code immutable}.
 * Well-known types need their keys, as in Kubernetes: {@code kubernetes.io/tls} needs tls.crt and
 * tls.key, and so on. Error messages never contain a value of the Secret.
 */
public final class SecretValidator extends SchemaValidator {
    /** Keys each well-known type requires; a list of alternatives means "at least one of". */
    private static final Map<String, List<String>> REQUIRED_KEYS = Map.of(
            "kubernetes.io/tls", List.of("tls.crt", "tls.key"),
            "kubernetes.io/ssh-auth", List.of("ssh-privatekey"),
            "kubernetes.io/dockercfg", List.of(".dockercfg"),
            "kubernetes.io/dockerconfigjson", List.of(".dockerconfigjson"));

    public SecretValidator() {
        super(object()
                .optional("type", string().nonEmpty().maxLength(253).format(Formats.SINGLE_LINE))
                .optional("data", map(Formats.CONFIG_KEY, any()))
                .optional("stringData", map(Formats.CONFIG_KEY, any()))
                .optional("immutable", bool()));
    }

    @Override
    void checkSemantics(Resource resource, Problems problems) {
        JsonNode data = resource.field("data");
        JsonNode stringData = resource.field("stringData");
        long bytes = DataMaps.checkBase64(data, FieldPath.of("data"), problems);
        if (stringData.isObject()) {
            stringData.properties().forEach(entry -> {
                if (!entry.getValue().isTextual()) {
                    problems.invalidHidden(FieldPath.of("stringData").key(entry.getKey()), "must be a string");
                }
            });
            bytes += DataMaps.textSize(stringData);
        }
        DataMaps.checkSize(bytes, FieldPath.of("data"), problems);

        String type = resource.field("type").asText("Opaque");
        List<String> required = REQUIRED_KEYS.get(type);
        if (required != null) {
            for (String key : required) {
                if (!data.has(key) && !stringData.has(key)) {
                    problems.required(FieldPath.of("data").key(key), "a " + type + " Secret needs " + key);
                }
            }
        }
        if (type.equals("kubernetes.io/basic-auth") && !hasAny(data, stringData, "username", "password")) {
            problems.required(FieldPath.of("data").key("username"),
                    "a kubernetes.io/basic-auth Secret needs username or password");
        }
        if (type.equals("kubernetes.io/service-account-token")
                && !resource.metadata().annotations().containsKey("kubernetes.io/service-account.name")) {
            problems.required(FieldPath.of("metadata").child("annotations").key("kubernetes.io/service-account.name"),
                    "a service-account-token Secret names its ServiceAccount");
        }
    }

    private static boolean hasAny(JsonNode data, JsonNode stringData, String... keys) {
        for (String key : keys) {
            if (data.has(key) || stringData.has(key)) {
                return true;
            }
        }
        return false;
    }
}
