package io.meshgate.standalone;

import io.meshgate.db.ProxyRegistration;
import io.meshgate.db.ProxyStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The proxy token of a proxy that runs inside the standalone stack (the embedded ingress and egress
 * gateways): the API shows a token only once, so it is kept in the data directory as
 * {@code proxy-<name>.token}, readable by the owner only. A saved token that no longer authenticates
 * that proxy (first start, or the proxy was deleted or re-registered elsewhere, or with another kind)
 * is replaced by registering the proxy again.
 */
final class EmbeddedProxyToken {
    private EmbeddedProxyToken() {}

    /** The token file of proxy {@code name} in {@code dataDir}. */
    static Path file(Path dataDir, String name) {
        return dataDir.resolve("proxy-" + name + ".token");
    }

    /** A token of proxy {@code name} of {@code kind}: the saved one when it still is one, else a new one. */
    static String obtain(ProxyStore proxies, Path dataDir, String name, String kind) {
        Path file = file(dataDir, name);
        try {
            if (Files.isRegularFile(file) && proxies.get(name).map(ProxyRegistration::kind).filter(kind::equals).isPresent()) {
                String saved = Files.readString(file).trim();
                Optional<ProxyRegistration> owner = proxies.authenticate(saved);
                if (owner.isPresent() && owner.get().name().equals(name)) {
                    return saved;
                }
            }
            // no usable token: start over
            proxies.delete(name);
            String token = proxies.register(name, kind);
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, token + "\n");
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the token of the embedded proxy " + name + " in " + file, e);
        }
    }
}
