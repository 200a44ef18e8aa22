package io.meshgate.ingress;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.meshgate.config.GlobalPassthrough;
import io.meshgate.config.HttpSettings;
import io.meshgate.config.PrivateKeyPem;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders a translation as the stable, readable JSON the golden files hold. */
final class GoldenFiles {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            // the listener limits added later are left out while unset (null = the kernel's default)
            .addMixIn(HttpSettings.class, UnsetLimitsLeftOut.class)
            .addMixIn(GlobalPassthrough.class, UnsetRelaySwitchLeftOut.class)
            .addMixIn(io.meshgate.config.Cluster.class, UnsetClusterGuardsLeftOut.class)
            .registerModule(new SimpleModule()
                    .addSerializer(Duration.class, new ToText<>())
                    // the key is shown by its redacted toString: golden files never hold key material twice
                    .addSerializer(PrivateKeyPem.class, new ToText<>()));

    private GoldenFiles() {}

    /** Keeps golden files recorded before these optional settings existed as they are. */
    private abstract static class UnsetLimitsLeftOut {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract Integer maxConnections();

        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract Duration streamIdleTimeout();
    }

    /** Likewise for a cluster's circuit breaker and connection limits (mesh UpstreamTrafficSettings; null = none). */
    private abstract static class UnsetClusterGuardsLeftOut {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract io.meshgate.config.CircuitBreaker circuitBreaker();

        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract io.meshgate.config.ConnectionLimits limits();
    }

    /** Likewise for the passthrough relay's private-address switch (null = off). */
    private abstract static class UnsetRelaySwitchLeftOut {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract Boolean allowPrivateAddresses();
    }

    static String config(IngressTranslation translation) throws IOException {
        return JSON.writeValueAsString(translation.config()) + "\n";
    }

    static String statuses(IngressTranslation translation) throws IOException {
        Map<String, List<Map<String, Object>>> out = new TreeMap<>();
        translation.statuses().forEach((key, conditions) -> out.put(key.toString(), conditions.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", c.type());
            m.put("status", c.status().wire());
            m.put("reason", c.reason());
            m.put("message", c.message());
            return m;
        }).toList()));
        return JSON.writeValueAsString(out) + "\n";
    }

    private static final class ToText<T> extends JsonSerializer<T> {
        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }
}
