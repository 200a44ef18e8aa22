package io.meshgate.reconcile.distribution;

import io.meshgate.config.ProxyConfig;
import io.meshgate.config.json.ConfigFragments;
import io.meshgate.config.json.ProxyConfigJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Config versions: {@code r<revision>-<first 12 hex of SHA-256 of the canonical config JSON>}, or
 * {@code empty} for a config without listeners and clusters. The revision tells a person how
 * recent the config is; the hash alone decides whether two configs are the same, so a proxy that
 * reconnects to a restarted server with the same content is already in sync.
 */
public final class ConfigVersion {
    /** The version of a config that serves nothing (also what a fresh kernel runs). */
    public static final String EMPTY = "empty";
    private static final int HASH_HEX_CHARS = 12;
    /** The start of an unlabelled canonical config: its first field, the version, blank (any layout). */
    private static final Pattern BLANK_VERSION_FIELD = Pattern.compile("\\{\\s*\"version\"\\s*:\\s*\"");
    private static final Pattern PLAIN_VERSION = Pattern.compile("[A-Za-z0-9._-]+");

    private ConfigVersion() {}

    /**
     * The content hash of {@code config}: over its unredacted canonical JSON (sorted map keys, fixed
     * field order) with the version field blanked, so the label never feeds back into the hash.
     */
    public static String contentHash(ProxyConfig config) {
        if (isEmpty(config)) {
            return EMPTY;
        }
        return hashOfUnlabelled(unlabelledJson(config));
    }

    /**
     * The canonical JSON of {@code config} (compact: it goes over the wire as is) with the version
     * field blanked: what {@link #contentHash} hashes.
     */
    public static String unlabelledJson(ProxyConfig config) {
        return ProxyConfigJson.writeCompact(new ProxyConfig("", config.listeners(), config.clusters()));
    }

    /**
     * {@link #unlabelledJson(ProxyConfig)}, copying the text of routes and clusters written before (the
     * same objects) from {@code fragments}: the same text, without serialising the unchanged parts again.
     */
    public static String unlabelledJson(ProxyConfig config, ConfigFragments fragments) {
        return ProxyConfigJson.writeCompact(new ProxyConfig("", config.listeners(), config.clusters()), fragments);
    }

    /** The content hash of a non-empty config from its {@link #unlabelledJson}. */
    public static String hashOfUnlabelled(String unlabelledJson) {
        byte[] json = unlabelledJson.getBytes(StandardCharsets.UTF_8);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** The version label for content {@code hash} first published at snapshot {@code revision}. */
    public static String of(long revision, String hash) {
        return hash.equals(EMPTY) ? EMPTY : "r" + revision + "-" + hash;
    }

    /** The hash part of a version ({@code empty} stays {@code empty}; a foreign label is returned whole). */
    public static String contentOf(String version) {
        int dash = version.indexOf('-');
        return version.startsWith("r") && dash > 1 ? version.substring(dash + 1) : version;
    }

    /**
     * The JSON of the config labelled {@code version}, made from its {@link #unlabelledJson} without
     * serialising the whole config a second time (megabytes at thousands of routes): the version is
     * the first field of the canonical JSON, so only that field is written.
     *
     * @throws IllegalArgumentException when the JSON does not start with a blank version field
     */
    public static String labelJson(String unlabelledJson, String version) {
        Matcher field = BLANK_VERSION_FIELD.matcher(unlabelledJson);
        if (!field.lookingAt() || !unlabelledJson.startsWith("\"", field.end()) || !PLAIN_VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("not an unlabelled canonical config, or not a plain version: " + version);
        }
        // the opening quote of the blank value stays; the version goes between it and the closing one
        return unlabelledJson.substring(0, field.end()) + version + unlabelledJson.substring(field.end());
    }

    /** A copy of {@code config} labelled {@code version}. */
    public static ProxyConfig label(ProxyConfig config, String version) {
        return new ProxyConfig(version, config.listeners(), config.clusters());
    }

    private static boolean isEmpty(ProxyConfig config) {
        return config.listeners().isEmpty() && config.clusters().isEmpty();
    }
}
