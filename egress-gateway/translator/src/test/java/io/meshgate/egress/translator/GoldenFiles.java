package io.meshgate.egress.translator;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.meshgate.config.Listener;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.TunnelListener;
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
            .addMixIn(Listener.class, ListenerType.class)
            .registerModule(new SimpleModule()
                    .addSerializer(Duration.class, new ToText<>())
                    // the key is shown by its redacted toString: golden files never hold key material
                    .addSerializer(PrivateKeyPem.class, new ToText<>()));

    private GoldenFiles() {}

    /** Names each listener's type, as the config codec does on the wire. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(value = TunnelListener.class, name = "tunnel")})
    private abstract static class ListenerType {}

    static String config(EgressGatewayTranslation translation) throws IOException {
        return JSON.writeValueAsString(translation.config()) + "\n";
    }

    static String statuses(EgressGatewayTranslation translation) throws IOException {
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
