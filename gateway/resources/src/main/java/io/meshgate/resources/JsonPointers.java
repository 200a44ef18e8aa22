package io.meshgate.resources;

import java.util.ArrayList;
import java.util.List;

/** RFC 6901 JSON Pointer escaping: {@code ~} is {@code ~0}, {@code /} is {@code ~1}. */
final class JsonPointers {
    private JsonPointers() {}

    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    /** The reference tokens of a pointer ({@code ""} is the whole document). */
    static List<String> parse(String pointer) {
        if (pointer.isEmpty()) {
            return List.of();
        }
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException("a JSON pointer starts with '/': " + pointer);
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            tokens.add(unescape(raw));
        }
        return tokens;
    }
}
