package io.meshgate.config.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ResolvableDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.meshgate.config.Cluster;
import io.meshgate.config.VirtualHost;
import java.io.IOException;
import java.io.Serial;

/**
 * Reads a {@link VirtualHost} or {@link Cluster} through the {@link ParsedFragments} of the read in
 * progress (a reader attribute, with the config's text): the object's text is cut from the source by
 * the parser's character offsets while the parser skips over it (no binding), and the record the last
 * read bound from the same text is returned; new text is bound on its own with the same strict mapper.
 * Without the attribute it is the plain deserialiser.
 */
final class FragmentDeserializer extends StdDeserializer<Object> implements ResolvableDeserializer {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The reader attribute: the text being read and the fragments of the last read. */
    record Session(String source, ParsedFragments fragments) {}

    private final transient JsonDeserializer<Object> plain;
    private final transient ObjectMapper alone;
    private final Class<?> type;

    private FragmentDeserializer(Class<?> type, JsonDeserializer<Object> plain, ObjectMapper alone) {
        super(type);
        this.type = type;
        this.plain = plain;
        this.alone = alone;
    }

    /** Wraps the deserialisers of virtual hosts and clusters; {@code alone} binds new text. */
    static BeanDeserializerModifier modifier(ObjectMapper alone) {
        return new BeanDeserializerModifier() {
            @Serial
            private static final long serialVersionUID = 1L;

            @Override
            @SuppressWarnings("unchecked")
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                Class<?> beanType = description.getBeanClass();
                return beanType == VirtualHost.class || beanType == Cluster.class
                        ? new FragmentDeserializer(beanType, (JsonDeserializer<Object>) deserializer, alone)
                        : deserializer;
            }
        };
    }

    @Override
    public void resolve(DeserializationContext context) throws JsonMappingException {
        if (plain instanceof ResolvableDeserializer resolvable) {
            resolvable.resolve(context);
        }
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (!(context.getAttribute(Session.class) instanceof Session session)
                || parser.currentToken() != JsonToken.START_OBJECT) {
            return plain.deserialize(parser, context);
        }
        long start = parser.currentTokenLocation().getCharOffset();
        parser.skipChildren(); // tokens only: duplicate keys and syntax are still checked here
        long end = parser.currentTokenLocation().getCharOffset() + 1;
        if (start < 0 || end > session.source().length()) {
            throw JsonMappingException.from(parser, "cannot locate a " + type.getSimpleName() + " in the config text");
        }
        String json = session.source().substring((int) start, (int) end);
        Object value = session.fragments().find(json);
        if (value == null) {
            value = alone.readerFor(type).readValue(json);
            session.fragments().keep(json, value);
        }
        return value;
    }
}
