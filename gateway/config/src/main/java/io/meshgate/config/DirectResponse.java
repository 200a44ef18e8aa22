package io.meshgate.config;

/**
 * Answers the request locally with {@code status} and a plain-text {@code body}, without touching an
 * upstream. Egress routes end with one: a request to an allowed external host whose path or method no
 * policy match names is answered {@code 403} here, at the client's sidecar, as FSM's is
 * ({@code HTTP/1.1 403 Forbidden}, {@code content-length: 13}).
 *
 * @param status 200..599
 * @param body   sent as {@code text/plain; charset=utf-8}; empty sends no body ({@code content-length: 0})
 */
public record DirectResponse(int status, String body) implements FilterConfig {
    /** FSM's answer to a request an access or egress policy does not allow. */
    public static final DirectResponse FORBIDDEN = new DirectResponse(403, "Access Denied");

    public DirectResponse {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("respond.status must be 200..599, got " + status);
        }
        body = body == null ? "" : body;
    }

    @Override
    public String type() {
        return "respond";
    }
}
