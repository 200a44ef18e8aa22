package io.meshgate.config.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.meshgate.config.Cluster;
import io.meshgate.config.Route;
import io.meshgate.config.VirtualHost;
import java.io.IOException;
import java.io.Serial;
import java.io.StringWriter;

/**
 * Writes a {@link VirtualHost}, {@link Route} or {@link Cluster} from the {@link ConfigFragments} of the write in progress
 * (an attribute of the writer) when that object was written before, else serialises it apart (compact, the
 * parts inside it again from the cache), keeps the text and copies it in. Without the attribute it is the
 * plain serialiser.
 */
final class FragmentSerializer extends StdSerializer<Object> implements ResolvableSerializer {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient JsonSerializer<Object> plain;
    private final transient ObjectMapper alone;

    private FragmentSerializer(JsonSerializer<Object> plain, ObjectMapper alone) {
        super(Object.class);
        this.plain = plain;
        this.alone = alone;
    }

    /** Wraps the serialisers of virtual hosts, routes and clusters; {@code alone}'s factory makes the compact generators. */
    static BeanSerializerModifier modifier(ObjectMapper alone) {
        return new BeanSerializerModifier() {
            @Serial
            private static final long serialVersionUID = 1L;

            @Override
            @SuppressWarnings("unchecked")
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                                                      JsonSerializer<?> serializer) {
                Class<?> type = description.getBeanClass();
                return type == Route.class || type == Cluster.class || type == VirtualHost.class
                        ? new FragmentSerializer((JsonSerializer<Object>) serializer, alone) : serializer;
            }
        };
    }

    @Override
    public void resolve(SerializerProvider provider) throws JsonMappingException {
        // the wrapped bean serialiser finds its properties' serialisers here, as it would unwrapped
        if (plain instanceof ResolvableSerializer resolvable) {
            resolvable.resolve(provider);
        }
    }

    @Override
    public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        if (!(provider.getAttribute(ConfigFragments.class) instanceof ConfigFragments fragments)) {
            plain.serialize(value, gen, provider);
            return;
        }
        String json = fragments.find(value);
        if (json == null) {
            // written apart with the same provider, so the routes of a new virtual host still come from the cache
            StringWriter text = new StringWriter();
            try (JsonGenerator part = alone.getFactory().createGenerator(text)) {
                plain.serialize(value, part, provider);
            }
            json = text.toString();
            fragments.keep(value, json);
        }
        gen.writeRawValue(json);
    }
}
