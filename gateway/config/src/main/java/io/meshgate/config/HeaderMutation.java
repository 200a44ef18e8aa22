package io.meshgate.config;

import java.util.List;
import java.util.Map;

/**
 * Header changes on the request (before it goes upstream) and on the response (before it goes back
 * to the client). {@code set} replaces, {@code add} appends, {@code remove} deletes; removes run
 * first, then sets, then adds. Values are checked for CR, LF and NUL so no header can be injected.
 */
public record HeaderMutation(
        Map<String, String> requestSet, Map<String, String> requestAdd, List<String> requestRemove,
        Map<String, String> responseSet, Map<String, String> responseAdd, List<String> responseRemove)
        implements FilterConfig {

    public HeaderMutation {
        requestSet = checked(requestSet);
        requestAdd = checked(requestAdd);
        requestRemove = Checks.list(requestRemove);
        responseSet = checked(responseSet);
        responseAdd = checked(responseAdd);
        responseRemove = Checks.list(responseRemove);
    }

    private static Map<String, String> checked(Map<String, String> headers) {
        if (headers == null) {
            return Map.of();
        }
        headers.forEach((k, v) -> {
            HeaderNames.requireToken(k);
            HeaderNames.requireSafeValue(k, v);
        });
        return Map.copyOf(headers);
    }

    @Override
    public String type() {
        return "headers";
    }
}
