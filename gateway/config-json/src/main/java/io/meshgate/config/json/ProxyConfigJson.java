package io.meshgate.config.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.meshgate.config.ProxyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Reads and writes a {@link ProxyConfig} as JSON: the format of the example config files that start
 * a kernel on its own ({@code make run}) and of the admin {@code /config_dump}.
 *
 * <p>The JSON mirrors the records: property names are the record components, listeners and filters
 * carry a {@code "type"} ({@code "http"}/{@code "tcp"}; {@code "headers"}/{@code "rewrite"}...),
 * durations are ISO-8601 strings ({@code "PT5S"}), private keys are inline PEM strings. Reading is
 * strict: unknown properties, duplicate keys, strings where numbers belong, trailing content and
 * missing numbers or booleans are errors that name the offending place. Objects and lists may be
 * left out; the records then apply their defaults.
 *
 * <p>A redacted dump writes every private key as {@code "[redacted]"} (and strips PEM key blocks
 * found in any other string); it cannot be read back as a config.
 */
public final class ProxyConfigJson {
    private static final ObjectMapper VERBATIM = mapper(false);
    private static final ObjectMapper REDACTED = mapper(true);
    /** The config wire (control plane to proxies): megabytes at thousands of routes, so no indentation. */
    private static final ObjectMapper COMPACT = VERBATIM.copy().disable(SerializationFeature.INDENT_OUTPUT);
    /** {@link #COMPACT} that copies routes and clusters from a {@link ConfigFragments} when given one. */
    private static final ObjectMapper COMPACT_FRAGMENTS = COMPACT.copy().registerModule(
            new com.fasterxml.jackson.databind.module.SimpleModule("meshgate-config-fragments")
                    .setSerializerModifier(FragmentSerializer.modifier(COMPACT)));
    /** {@link #VERBATIM} that takes virtual hosts and clusters from a {@link ParsedFragments} when given one. */
    private static final ObjectMapper READ_FRAGMENTS = VERBATIM.copy().registerModule(
            new com.fasterxml.jackson.databind.module.SimpleModule("meshgate-parsed-fragments")
                    .setDeserializerModifier(FragmentDeserializer.modifier(VERBATIM)));

    private ProxyConfigJson() {}

    private static ObjectMapper mapper(boolean redact) {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new ConfigJsonModule(redact))
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .defaultPropertyInclusion(
                        JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // a number or boolean where text belongs is a mistake too (Jackson accepts it by default)
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /**
     * The config as pretty-printed JSON.
     *
     * @param redactSecrets true for anything that leaves the process (admin endpoints, logs): private
     *                      keys become {@code "[redacted]"}
     */
    public static String write(ProxyConfig config, boolean redactSecrets) {
        Objects.requireNonNull(config, "config");
        try {
            return (redactSecrets ? REDACTED : VERBATIM).writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write proxy config as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The config as compact JSON (no indentation, same field order), unredacted: what the control
     * plane sends its proxies, megabytes at thousands of routes, where indentation is a large part of
     * the bytes to write, send and parse. {@link #read} takes either layout.
     */
    public static String writeCompact(ProxyConfig config) {
        Objects.requireNonNull(config, "config");
        try {
            return COMPACT.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write proxy config as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * {@link #writeCompact(ProxyConfig)}'s text, with the routes and clusters written before (the same
     * objects) copied from {@code fragments} instead of serialised again: after one change among
     * thousands of routes, most of the config. The same text as without the fragments.
     */
    public static String writeCompact(ProxyConfig config, ConfigFragments fragments) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(fragments, "fragments");
        try {
            return COMPACT_FRAGMENTS.writer().withAttribute(ConfigFragments.class, fragments).writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write proxy config as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses and validates a config.
     *
     * @throws IllegalArgumentException with a message naming the place and the problem
     */
    public static ProxyConfig read(String json) {
        Objects.requireNonNull(json, "json");
        ProxyConfig config;
        try {
            config = VERBATIM.readValue(json, ProxyConfig.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
        if (config == null) {
            throw new IllegalArgumentException("invalid proxy config: the document is empty or null");
        }
        return config;
    }

    /**
     * {@link #read(String)}, with the virtual hosts and clusters whose text the last read through
     * {@code fragments} saw taken from it instead of bound again (the same text binds to an equal
     * record): after one change among thousands of routes, most of the config. The same config as
     * without the fragments; an error names the place as {@link #read(String)} does, its line and
     * column counted within the virtual host or cluster it is in.
     *
     * @throws IllegalArgumentException with a message naming the place and the problem; {@code fragments}
     *                                  then keeps what the last good read left
     */
    public static ProxyConfig read(String json, ParsedFragments fragments) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(fragments, "fragments");
        fragments.begin();
        ProxyConfig config;
        try {
            config = READ_FRAGMENTS.readerFor(ProxyConfig.class)
                    .withAttribute(FragmentDeserializer.Session.class, new FragmentDeserializer.Session(json, fragments))
                    .readValue(json);
        } catch (JacksonException e) {
            fragments.abandon();
            throw new IllegalArgumentException(describe(e), e);
        } catch (RuntimeException e) {
            fragments.abandon();
            throw e;
        }
        if (config == null) {
            fragments.abandon();
            throw new IllegalArgumentException("invalid proxy config: the document is empty or null");
        }
        fragments.commit();
        return config;
    }

    /**
     * Reads a UTF-8 config file.
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when its content is not a valid config (the message names the file)
     */
    public static ProxyConfig read(Path file) throws IOException {
        String json = Files.readString(file);
        try {
            return read(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Turns a Jackson error into one line: where (JSON path, line and column) and what. */
    private static String describe(JacksonException e) {
        StringBuilder message = new StringBuilder("invalid proxy config");
        if (e instanceof JsonMappingException mapping) {
            String path = path(mapping);
            if (!path.isEmpty()) {
                message.append(" at ").append(path);
            }
        }
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            message.append(" (line ").append(e.getLocation().getLineNr())
                    .append(", column ").append(e.getLocation().getColumnNr()).append(')');
        }
        message.append(": ").append(problem(e));
        return message.toString();
    }

    private static String problem(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            TreeSet<String> known = new TreeSet<>();
            if (unknown.getKnownPropertyIds() != null) {
                unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            }
            return "unknown property \"" + unknown.getPropertyName() + "\" (known: " + String.join(", ", known) + ")";
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null && e.getCause().getMessage() != null) {
            // the records' own validation message ("route r needs at least one cluster")
            return e.getCause().getMessage();
        }
        String original = e.getOriginalMessage();
        if (original == null) {
            return e.getClass().getSimpleName();
        }
        if (original.startsWith("Missing required creator property")) {
            return original.replaceFirst("^Missing required creator property '([^']*)'.*$",
                    "missing property '$1' (numbers and booleans must be written out)");
        }
        // Jackson's wording is fine, its hints about its own settings are noise for an operator
        return original.replace("io.meshgate.config.", "")
                .replace(" (but could if coercion was enabled using `CoercionConfig`)", "")
                .replace("Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ", "");
    }

    /** {@code listeners[0].virtualHosts[1].routes[0].clusters}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
