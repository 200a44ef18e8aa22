package io.meshgate.config.json;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.meshgate.config.FilterConfig;
import io.meshgate.config.HttpListener;
import io.meshgate.config.Listener;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.TcpListener;
import io.meshgate.config.MeshListener;
import io.meshgate.config.DnsListener;
import io.meshgate.config.TunnelListener;
import java.io.IOException;
import java.io.Serial;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How the {@link ProxyConfig} records map to JSON, beyond what Jackson does for records by itself:
 * the {@code "type"} property of listeners and filters, ISO-8601 durations, private keys (verbatim
 * or redacted), sorted sets (stable dumps), and numbers and booleans that must be written out.
 */
final class ConfigJsonModule extends SimpleModule {
    @Serial
    private static final long serialVersionUID = 1L;

    /** What a private key becomes in a redacted dump. */
    static final String REDACTED = "[redacted]";

    private static final Pattern PEM_PRIVATE_KEY = Pattern.compile(
            "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|\\z)", Pattern.DOTALL);

    private final boolean redact;

    ConfigJsonModule(boolean redact) {
        super("meshgate-config", Version.unknownVersion());
        this.redact = redact;
        setMixInAnnotation(Listener.class, ListenerMixin.class);
        setMixInAnnotation(FilterConfig.class, FilterConfigMixin.class);
        setMixInAnnotation(RouteMatch.class, RouteMatchMixin.class);
        addSerializer(Duration.class, new DurationSerializer());
        addDeserializer(Duration.class, new DurationDeserializer());
        addSerializer(PrivateKeyPem.class, new PrivateKeySerializer(redact));
        addDeserializer(PrivateKeyPem.class, new PrivateKeyDeserializer());
        if (redact) {
            addSerializer(String.class, new KeyStrippingStringSerializer());
        }
    }

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.insertAnnotationIntrospector(new PrimitivesAreRequired());
    }

    @Override
    public Object getTypeId() {
        return getClass().getName() + (redact ? ":redacted" : ":verbatim");
    }

    /** Listeners carry {@code "type": "http" | "tcp" | "mesh" | "dns" | "tunnel"}. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = HttpListener.class, name = "http"),
            @JsonSubTypes.Type(value = TcpListener.class, name = "tcp"),
            @JsonSubTypes.Type(value = MeshListener.class, name = "mesh"),
            @JsonSubTypes.Type(value = DnsListener.class, name = "dns"),
            @JsonSubTypes.Type(value = TunnelListener.class, name = "tunnel")})
    interface ListenerMixin {}

    /** Filters carry {@code "type"} = {@link FilterConfig#type()}, resolved through {@link FilterConfigTypes}. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, include = JsonTypeInfo.As.PROPERTY, property = "type")
    @JsonTypeIdResolver(FilterTypeIdResolver.class)
    interface FilterConfigMixin {}

    /** Route methods are a set: write them sorted so that two dumps of one config are identical. */
    abstract static class RouteMatchMixin {
        @JsonSerialize(using = SortedStringsSerializer.class)
        abstract Set<String> methods();
    }

    static final class SortedStringsSerializer extends StdSerializer<Collection<String>> {
        @Serial
        private static final long serialVersionUID = 1L;

        @SuppressWarnings({"unchecked", "rawtypes"})
        SortedStringsSerializer() {
            super((Class<Collection<String>>) (Class) Collection.class);
        }

        @Override
        public void serialize(Collection<String> values, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeStartArray();
            for (String value : new TreeSet<>(values)) {
                provider.defaultSerializeValue(value, gen);
            }
            gen.writeEndArray();
        }
    }

    /** Durations as ISO-8601 text ({@code "PT5S"}), which is unambiguous about the unit. */
    static final class DurationSerializer extends StdSerializer<Duration> {
        @Serial
        private static final long serialVersionUID = 1L;

        DurationSerializer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toString());
        }
    }

    static final class DurationDeserializer extends StdScalarDeserializer<Duration> {
        @Serial
        private static final long serialVersionUID = 1L;

        DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Duration) ctxt.handleUnexpectedToken(Duration.class, p.currentToken(), p,
                        "a duration must be an ISO-8601 string such as \"PT5S\" or \"PT0.25S\"");
            }
            String text = p.getText().trim();
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                return (Duration) ctxt.handleWeirdStringValue(Duration.class, text,
                        "not an ISO-8601 duration (examples: \"PT5S\", \"PT0.25S\", \"PT1M\")");
            }
        }
    }

    /** A key is written verbatim, or as {@value #REDACTED} in dumps that leave the process. */
    static final class PrivateKeySerializer extends StdSerializer<PrivateKeyPem> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final boolean redact;

        PrivateKeySerializer(boolean redact) {
            super(PrivateKeyPem.class);
            this.redact = redact;
        }

        @Override
        public void serialize(PrivateKeyPem value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(redact ? REDACTED : value.pem());
        }
    }

    static final class PrivateKeyDeserializer extends StdScalarDeserializer<PrivateKeyPem> {
        @Serial
        private static final long serialVersionUID = 1L;

        PrivateKeyDeserializer() {
            super(PrivateKeyPem.class);
        }

        @Override
        public PrivateKeyPem deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (PrivateKeyPem) ctxt.handleUnexpectedToken(PrivateKeyPem.class, p.currentToken(), p,
                        "a private key must be a PEM string");
            }
            String pem = p.getText();
            if (REDACTED.equals(pem)) {
                return (PrivateKeyPem) ctxt.handleWeirdStringValue(PrivateKeyPem.class, REDACTED,
                        "this is a redacted dump: put the PEM private key back to use it as a config");
            }
            try {
                return PrivateKeyPem.of(pem);
            } catch (IllegalArgumentException e) {
                // never echo the value: it may be (part of) a key
                return (PrivateKeyPem) ctxt.handleWeirdStringValue(PrivateKeyPem.class, "(hidden)",
                        "expected a PEM private key (-----BEGIN ... PRIVATE KEY-----)");
            }
        }
    }

    /**
     * In redacted dumps every string goes through here, so that a key pasted into another field (a
     * certificate bundle that also holds its key, a header value) cannot leak either.
     */
    static final class KeyStrippingStringSerializer extends StdSerializer<String> {
        @Serial
        private static final long serialVersionUID = 1L;

        KeyStrippingStringSerializer() {
            super(String.class);
        }

        @Override
        public void serialize(String value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.contains("PRIVATE KEY") ? PEM_PRIVATE_KEY.matcher(value).replaceAll(REDACTED)
                    : value);
        }
    }

    /**
     * Every number and boolean of a config record must be present in the JSON: left out, it would
     * silently become 0 or false, which changes behaviour (an endpoint weight of 0 drains it,
     * {@code mergeSlashes: false} turns a protection off). Objects and lists may be left out: the
     * records' own defaults apply.
     */
    static final class PrimitivesAreRequired extends NopAnnotationIntrospector {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final String CONFIG_PACKAGE = ProxyConfig.class.getPackageName();

        @Override
        public Boolean hasRequiredMarker(AnnotatedMember member) {
            if (member instanceof AnnotatedParameter parameter
                    && parameter.getRawType().isPrimitive()
                    && parameter.getDeclaringClass().isRecord()
                    && parameter.getDeclaringClass().getPackageName().equals(CONFIG_PACKAGE)) {
                return Boolean.TRUE;
            }
            return null;
        }
    }
}
