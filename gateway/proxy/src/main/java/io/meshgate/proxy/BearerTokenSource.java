package io.meshgate.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The bearer token a proxy process (the sidecar, the egress gateway) exchanges for its proxy token: a
 * fixed one ({@code --token}, {@code MESHGATE_TOKEN}: a Meshgate sidecar token) or a file read again for
 * every request ({@code --token-file}, {@code MESHGATE_TOKEN_FILE}: on Kubernetes the pod's projected
 * service-account token, which the kubelet replaces before it expires, so a copy kept in memory would go
 * stale within the hour). Shared here because both runtimes depend on this module.
 */
public sealed interface BearerTokenSource {

    /** The token to send now. @throws IllegalStateException naming the file when it cannot be read or is empty */
    String current();

    static BearerTokenSource of(String token) {
        return new Fixed(token);
    }

    static BearerTokenSource file(Path file) {
        return new FromFile(file);
    }

    /** A token given once. */
    record Fixed(String token) implements BearerTokenSource {
        public Fixed {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String current() {
            return token;
        }

        @Override
        public String toString() {
            return "Fixed[<redacted>]";
        }
    }

    /** A token file, read on every call (surrounding whitespace and the trailing newline dropped). */
    record FromFile(Path file) implements BearerTokenSource {
        public FromFile {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public String current() {
            String token;
            try {
                token = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (NoSuchFileException e) {
                throw new IllegalStateException("token file " + file + " does not exist (on Kubernetes: the projected"
                        + " service-account token volume is not mounted there)", e);
            } catch (IOException e) {
                throw new IllegalStateException("token file " + file + " cannot be read: " + e, e);
            }
            if (token.isEmpty()) {
                throw new IllegalStateException("token file " + file + " is empty");
            }
            return token;
        }
    }
}
