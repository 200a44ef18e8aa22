package io.meshgate.api;

import io.meshgate.db.Actor;
import io.meshgate.db.AuditVerb;
import io.meshgate.db.Database;
import io.meshgate.resources.MeshConfigDefaults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/** First-start state: the admin token and FSM's default MeshConfig. Idempotent. */
final class Bootstrap {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private Bootstrap() {}

    /**
     * Creates the bootstrap admin token when no admin exists. A generated token is written to
     * {@code <dataDir>/admin.token} (mode 0600); a supplied one is not written anywhere.
     *
     * @return where the admin token can be found, for the startup banner
     */
    static String adminToken(Database db, ApiServerOptions options) {
        Path file = options.dataDir().resolve(ApiServerOptions.ADMIN_TOKEN_FILE);
        Optional<String> created = db.tokens().bootstrapAdmin(options.adminToken());
        if (created.isPresent() && options.adminToken() == null) {
            writeOwnerOnly(file, created.get() + "\n");
            return file.toAbsolutePath().toString();
        }
        if (options.adminToken() != null && created.isPresent()) {
            return "MESHGATE_ADMIN_TOKEN";
        }
        return Files.exists(file) ? file.toAbsolutePath().toString()
                : "an existing admin token (created at an earlier start)";
    }

    private static void writeOwnerOnly(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            // created with 0600 from the start: there is no moment in which others could read it
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token to " + file, e);
        }
    }

    /** Stores FSM's default MeshConfig fsm-system/fsm-mesh-config unless it exists. */
    static void meshConfig(Database db, ResourceWrites writes) {
        if (db.resources().get("MeshConfig", MeshConfigDefaults.NAMESPACE, MeshConfigDefaults.NAME).isPresent()) {
            return;
        }
        ResourceWrites.Candidate c = writes.prepare(MeshConfigDefaults.resource(), 0, 0, null);
        db.resources().writeAndReturn(Actor.system("bootstrap"), tx -> {
            if (tx.get("MeshConfig", MeshConfigDefaults.NAMESPACE, MeshConfigDefaults.NAME).isPresent()) {
                return null; // another replica created it first
            }
            return writes.put(tx, c, null, AuditVerb.UPDATE, "default MeshConfig");
        });
    }
}
