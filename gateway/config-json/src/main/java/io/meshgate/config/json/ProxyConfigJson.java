package io.meshgate.config.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import io.meshgate.config.ProxyConfig;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads and writes a {@link ProxyConfig} as JSON: the format of the example config files that start
 * a kernel on its own ({@code make run}) and of the admin {@code /config_dump}.
 *
 * <p>The JSON mirrors the records: property names are the record components, listeners and filters
 * carry a {@code "type"} ({@code "http"}/{@code "tcp"}; {@code "headers"}/{@code "rewrite"}...),
 * durations are ISO-8601 strings ({@code "PT5S"}), private keys are inline PEM strings. Reading is
 * strict: unknown properties, duplicate keys, strings where numbers belong (and numbers or booleans
 * where text belongs), fractions where integers belong, trailing content and missing numbers or
 * booleans are errors that name the offending place. Objects and lists may be left out; the records
 * then apply their defaults.
 *
 * <p>A redacted dump writes every private key as {@code "[redacted]"} (and strips PEM key blocks
 * found in any other string); it cannot be read back as a config.
 *
 * <p>Only jackson-core's streaming parser and generator are used (no data binding: every proxy process
 * loads this codec, and databind would cost it a thousand classes and megabytes of memory); the records
 * are bound by {@link RecordCodec} through their public accessors and canonical constructors.
 */
public final class ProxyConfigJson {
    private ProxyConfigJson() {}

    /**
     * The config as pretty-printed JSON.
     *
     * @param redactSecrets true for anything that leaves the process (admin endpoints, logs): private
     *                      keys become {@code "[redacted]"}
     */
    public static String write(ProxyConfig config, boolean redactSecrets) {
        Objects.requireNonNull(config, "config");
        return write(config, true, redactSecrets ? WriteContext.REDACTED : WriteContext.VERBATIM);
    }

    /**
     * The config as compact JSON (no indentation, same field order), unredacted: what the control
     * plane sends its proxies, megabytes at thousands of routes, where indentation is a large part of
     * the bytes to write, send and parse. {@link #read} takes either layout.
     */
    public static String writeCompact(ProxyConfig config) {
        Objects.requireNonNull(config, "config");
        return write(config, false, WriteContext.VERBATIM);
    }

    /**
     * {@link #writeCompact(ProxyConfig)}'s text, with the virtual hosts, routes and clusters written before
     * (the same objects) copied from {@code fragments} instead of serialised again: after one change among
     * thousands of routes, most of the config. The same text as without the fragments.
     */
    public static String writeCompact(ProxyConfig config, ConfigFragments fragments) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(fragments, "fragments");
        return write(config, false, new WriteContext(false, fragments));
    }

    private static String write(ProxyConfig config, boolean pretty, WriteContext context) {
        StringWriter text = new StringWriter(8192);
        try (JsonGenerator gen = StrictJson.generator(text, pretty)) {
            ConfigCodecs.PROXY_CONFIG.write(config, gen, context);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot write proxy config as JSON: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write proxy config as JSON", e);
        }
        return text.toString();
    }

    /**
     * Parses and validates a config.
     *
     * @throws IllegalArgumentException with a message naming the place and the problem
     */
    public static ProxyConfig read(String json) {
        Objects.requireNonNull(json, "json");
        return readDocument(json, null);
    }

    /**
     * {@link #read(String)}, with the virtual hosts and clusters whose text the last read through
     * {@code fragments} saw taken from it instead of bound again (the same text binds to an equal
     * record): after one change among thousands of routes, most of the config. The same config as
     * without the fragments; an error names the place as {@link #read(String)} does (line and column
     * in the whole document).
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
            config = readDocument(json, fragments);
        } catch (RuntimeException e) {
            fragments.abandon();
            throw e;
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

    /** One JSON document holding one config, and nothing after it. */
    private static ProxyConfig readDocument(String json, ParsedFragments fragments) {
        ProxyConfig config;
        try {
            JsonInput in = JsonInput.of(json, fragments);
            try (var parser = in.parser()) {
                try {
                    if (parser.nextToken() == null) {
                        throw in.error("No content to map due to end-of-input");
                    }
                    config = (ProxyConfig) ConfigCodecs.PROXY_CONFIG.read(in);
                    JsonToken trailing = parser.nextToken();
                    if (trailing != null) {
                        throw in.error("Trailing token (" + StrictJson.describe(trailing)
                                + ") after the config: a config is one JSON document");
                    }
                } catch (JacksonException e) {
                    throw in.error(e);
                }
            }
        } catch (ConfigJsonException e) {
            throw new IllegalArgumentException(e.describe(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read proxy config", e);
        }
        if (config == null) {
            throw new IllegalArgumentException("invalid proxy config: the document is empty or null");
        }
        return config;
    }
}
