package io.meshgate.api;

import java.util.List;

/**
 * A request that cannot be served, with what the client needs to fix it. Rendered as an RFC 9457
 * {@code application/problem+json} document by {@link Problems}.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One offending field; {@code document} and {@code line} are set for multi-document input. */
    public record Detail(String field, String message, Integer document, Integer line) {
        /** A field error without a source position. */
        public static Detail of(String field, String message) {
            return new Detail(field, message, null, null);
        }
    }

    private final int status;
    private final String slug;
    private final String title;
    private final transient List<Detail> errors;

    public ApiException(int status, String slug, String title, String detail, List<Detail> errors) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad-request", "Bad Request", detail, List.of());
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not-found", "Not Found", detail, List.of());
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", "Conflict", detail, List.of());
    }

    public static ApiException preconditionFailed(String detail) {
        return new ApiException(412, "precondition-failed", "Precondition Failed", detail, List.of());
    }

    /** The non-blank string {@code field} of a JSON request body, or a 422 naming the field. */
    public static String requiredText(com.fasterxml.jackson.databind.JsonNode body, String field) {
        com.fasterxml.jackson.databind.JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw invalid(field + " is required", List.of(Detail.of(field, "Required value: a non-empty string")));
        }
        return v.asText();
    }

    public static ApiException invalid(String detail, List<Detail> errors) {
        return new ApiException(422, "invalid", "Unprocessable Content", detail, errors);
    }

    public static ApiException methodNotAllowed(String method) {
        return new ApiException(405, "method-not-allowed", "Method Not Allowed",
                "method " + method + " is not supported on this path", List.of());
    }

    public static ApiException unsupportedMediaType(String detail) {
        return new ApiException(415, "unsupported-media-type", "Unsupported Media Type", detail, List.of());
    }

    public int status() {
        return status;
    }

    /** Last segment of the problem type URI, e.g. {@code invalid}. */
    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<Detail> errors() {
        return errors;
    }
}
