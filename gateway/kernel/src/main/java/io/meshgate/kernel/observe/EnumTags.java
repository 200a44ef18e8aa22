package io.meshgate.kernel.observe;

import java.util.Locale;

/** The Prometheus tag value of a counted event: its enum name in lower case, and back. */
final class EnumTags {
    private EnumTags() {}

    static String tag(Enum<?> event) {
        return event.name().toLowerCase(Locale.ROOT);
    }

    /** The event whose {@link #tag} is {@code tag}, or null. */
    static <E extends Enum<E>> E ofTag(E[] events, String tag) {
        for (E event : events) {
            if (tag(event).equals(tag)) {
                return event;
            }
        }
        return null;
    }
}
