package io.meshgate.resources.annotations;

import io.meshgate.resources.schema.Values;
import java.util.List;
import java.util.stream.Collectors;

/** The two shapes of annotation error messages, worded as the Kubernetes API words them. */
final class Messages {
    private Messages() {}

    /** {@code Invalid value: "v": detail}. */
    static String invalid(String value, String detail) {
        return "Invalid value: " + Values.quote(value) + ": " + detail;
    }

    /** {@code Unsupported value: "v": supported values: "a", "b"}. */
    static String unsupported(String value, List<String> supported) {
        return "Unsupported value: " + Values.quote(value) + ": supported values: "
                + supported.stream().map(Values::quote).collect(Collectors.joining(", "));
    }
}
