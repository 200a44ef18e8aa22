package io.meshgate.config;

/** RFC 9110 header name and value rules, used to refuse configured headers that could inject lines. */
public final class HeaderNames {
    private HeaderNames() {}

    private static final String TCHAR_SPECIALS = "!#$%&'*+-.^_`|~";

    public static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || TCHAR_SPECIALS.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static void requireToken(String name) {
        if (!isToken(name)) {
            throw new IllegalArgumentException("invalid header name: '" + name + "'");
        }
    }

    public static void requireSafeValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("header " + name + " needs a value");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("header " + name + " value contains CR, LF or NUL");
            }
        }
    }
}
