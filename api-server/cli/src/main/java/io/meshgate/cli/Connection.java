package io.meshgate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the API is and who we are to it: flag, then environment, then default. The token falls back
 * to {@code ./data/admin.token}, the file {@code meshgate up} writes on first start, and the CA to
 * trust for an {@code https} server to {@code ./data/ca/ca.crt}, the mesh CA it creates there.
 */
final class Connection {
    static final String SERVER_ENV = "MESHGATE_SERVER";
    static final String TOKEN_ENV = "MESHGATE_TOKEN";
    static final String TOKEN_FILE = "data/admin.token";
    static final String CA_FILE_ENV = "MESHGATE_CA_FILE";
    static final String CA_FILE = "data/ca/ca.crt";

    private Connection() {}

    static String server(String flag, CliContext ctx) {
        if (flag != null && !flag.isBlank()) {
            return flag;
        }
        String env = ctx.env().get(SERVER_ENV);
        return env != null && !env.isBlank() ? env : MeshgateCommand.DEFAULT_SERVER;
    }

    /** The token, or null when none is configured (the server then answers 401). */
    static String token(String flag, CliContext ctx) {
        if (flag != null && !flag.isBlank()) {
            return flag.strip();
        }
        String env = ctx.env().get(TOKEN_ENV);
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        Path file = ctx.resolve(TOKEN_FILE);
        if (Files.isReadable(file)) {
            try {
                String text = Files.readString(file).strip();
                return text.isEmpty() ? null : text;
            } catch (IOException e) {
                return null; // unreadable after all: proceed without, the server explains with a 401
            }
        }
        return null;
    }

    /**
     * The PEM CA file to trust for an https server: the flag, {@code $MESHGATE_CA_FILE}, else
     * {@code ./data/ca/ca.crt} when it exists; null = the JDK's default trust store.
     */
    static Path caFile(String flag, CliContext ctx) {
        if (flag != null && !flag.isBlank()) {
            return ctx.resolve(flag.strip());
        }
        String env = ctx.env().get(CA_FILE_ENV);
        if (env != null && !env.isBlank()) {
            return ctx.resolve(env.strip());
        }
        Path file = ctx.resolve(CA_FILE);
        return Files.isReadable(file) ? file : null;
    }
}
