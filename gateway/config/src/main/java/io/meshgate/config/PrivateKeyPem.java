package io.meshgate.config;

import java.util.Objects;

/**
 * A PEM-encoded private key (PKCS#8 or PKCS#1). Wrapped so it can never leak through
 * {@code toString()}, logs or config dumps: only {@link #pem()} reveals it, and only the TLS code
 * calls that.
 */
public final class PrivateKeyPem {
    private final String pem;

    private PrivateKeyPem(String pem) {
        this.pem = Objects.requireNonNull(pem, "private key PEM is required");
        if (!pem.contains("PRIVATE KEY-----")) {
            throw new IllegalArgumentException("not a PEM private key");
        }
    }

    public static PrivateKeyPem of(String pem) {
        return new PrivateKeyPem(pem);
    }

    public String pem() {
        return pem;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrivateKeyPem other && other.pem.equals(pem);
    }

    @Override
    public int hashCode() {
        return pem.hashCode();
    }

    @Override
    public String toString() {
        return "[redacted private key]";
    }
}
