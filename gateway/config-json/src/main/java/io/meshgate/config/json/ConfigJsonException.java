package io.meshgate.config.json;

import java.io.Serial;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A config that cannot be read: the problem, where in the text (line and column of the whole document,
 * 0 when unknown) and where in the config ({@code listeners[1].tls.privateKey}). The path is built while
 * the error travels up: each record, list and map it passes adds its own step, so reading keeps no path
 * while nothing is wrong.
 */
final class ConfigJsonException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Deque<Object> path = new ArrayDeque<>();
    private final int line;
    private final int column;
    private final String problem;

    ConfigJsonException(String problem, int line, int column, Throwable cause) {
        super(problem, cause, false, false);
        this.problem = problem;
        this.line = line;
        this.column = column;
    }

    /** The error happened inside property {@code name} (of a record, or key of a map). */
    ConfigJsonException within(String name) {
        path.addFirst(name);
        return this;
    }

    /** The error happened inside element {@code index} of a list. */
    ConfigJsonException at(int index) {
        path.addFirst(index);
        return this;
    }

    /** {@code listeners[0].virtualHosts[1].routes[0].clusters}, or empty at the top of the document. */
    String path() {
        StringBuilder text = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                if (!text.isEmpty()) {
                    text.append('.');
                }
                text.append(step);
            }
        }
        return text.toString();
    }

    /** One line: {@code invalid proxy config at <path> (line L, column C): <problem>}. */
    String describe() {
        StringBuilder message = new StringBuilder("invalid proxy config");
        String where = path();
        if (!where.isEmpty()) {
            message.append(" at ").append(where);
        }
        if (line > 0) {
            message.append(" (line ").append(line).append(", column ").append(column).append(')');
        }
        return message.append(": ").append(problem).toString();
    }
}
