package io.meshgate.cli;

/** A failure the user should read as {@code error: <message>}; the CLI then exits with status 1. */
class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The lines printed on stderr, each already prefixed as the user sees it. */
    java.util.List<String> lines() {
        return java.util.List.of("error: " + getMessage());
    }
}
