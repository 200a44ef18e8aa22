package io.meshgate.kernel.routing;

import com.google.re2j.Pattern;
import io.meshgate.config.HeaderMatch;
import io.meshgate.kernel.regex.Re2Patterns;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Iterator;

/**
 * A compiled {@link HeaderMatch}. Names are looked up case-insensitively (Netty's header maps are);
 * for {@code EXACT} and {@code REGEX} the condition holds when any of the header's values satisfies
 * it, so a repeated header is not silently judged by its first line only.
 */
final class HeaderMatcher {
    private final AsciiString name;
    private final HeaderMatch.Type type;
    private final String value;
    private final Pattern pattern;

    private HeaderMatcher(AsciiString name, HeaderMatch.Type type, String value, Pattern pattern) {
        this.name = name;
        this.type = type;
        this.value = value;
        this.pattern = pattern;
    }

    static HeaderMatcher compile(HeaderMatch match, String where) {
        Pattern pattern = match.type() == HeaderMatch.Type.REGEX
                ? Re2Patterns.compile(match.value(), where + " header " + match.name())
                : null;
        return new HeaderMatcher(AsciiString.cached(match.name()), match.type(), match.value(), pattern);
    }

    boolean matches(HttpHeaders headers) {
        if (headers == null) {
            return false;
        }
        if (type == HeaderMatch.Type.PRESENT) {
            return headers.contains(name);
        }
        Iterator<String> values = headers.valueStringIterator(name);
        while (values.hasNext()) {
            String candidate = values.next();
            boolean ok = type == HeaderMatch.Type.EXACT ? value.equals(candidate) : pattern.matcher(candidate).matches();
            if (ok) {
                return true;
            }
        }
        return false;
    }
}
