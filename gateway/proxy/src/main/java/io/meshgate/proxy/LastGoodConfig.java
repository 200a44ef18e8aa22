package io.meshgate.proxy;

import io.meshgate.config.ProxyConfig;
import io.meshgate.config.json.ProxyConfigJson;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The last config a kernel applied, on disk, so a proxy restarted while the API is down serves
 * what it served before. Written atomically (temp file + rename) and owner-only: it holds keys.
 */
public final class LastGoodConfig {
    /** File name inside the data directory. */
    public static final String FILE = "last-good-config.json";
    private static final System.Logger LOG = System.getLogger(LastGoodConfig.class.getName());

    private final Path file;

    public LastGoodConfig(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    /** The saved config; empty when there is none or it cannot be read (logged). */
    public Optional<ProxyConfig> load() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ProxyConfigJson.read(file));
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "ignoring unreadable saved config " + file, e);
            return Optional.empty();
        }
    }

    /** Saves {@code config} (unredacted) replacing the previous one. */
    public void save(ProxyConfig config) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, FILE, ".tmp");
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(tmp, ProxyConfigJson.write(config, false));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
