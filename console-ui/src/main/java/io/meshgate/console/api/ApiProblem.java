package io.meshgate.console.api;

import java.util.List;

/**
 * A refused or failed API call: the RFC 9457 problem document the API answered with, or status 0
 * when the API could not be reached. Views show {@link #title()} and {@link #detail()} and put each
 * {@link FieldProblem} next to its form field.
 */
public final class ApiProblem extends RuntimeException {
    private final int status;
    private final String title;
    private final String detail;
    private final List<FieldProblem> fieldProblems;

    public ApiProblem(int status, String title, String detail, List<FieldProblem> fieldProblems) {
        super(status + " " + title + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.fieldProblems = List.copyOf(fieldProblems);
    }

    /** The HTTP status; 0 when no answer came (connection refused, timeout). */
    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The problem's detail sentence, or null. */
    public String detail() {
        return detail;
    }

    /** The per-field errors ({@code errors[]} of the problem), possibly empty. */
    public List<FieldProblem> fieldProblems() {
        return fieldProblems;
    }

    /** One line for a notification: title, detail and the first field errors. */
    public String summary() {
        StringBuilder s = new StringBuilder(title);
        if (detail != null && !detail.isBlank()) {
            s.append(": ").append(detail);
        }
        return s.toString();
    }
}
