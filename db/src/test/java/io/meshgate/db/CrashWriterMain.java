package io.meshgate.db;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child process of {@link CrashDurabilityTest}: writes objects as fast as it can and prints
 * {@code ACK <name> <resourceVersion>} only after each write has returned, i.e. been acknowledged.
 */
public final class CrashWriterMain {

    private CrashWriterMain() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        Actor actor = Actor.system("crash-writer");
        try (Database db = Database.open(DatabaseConfig.h2File(Path.of(args[0])))) {
            out.println("READY");
            out.flush();
            for (int i = 0; ; i++) {
                String name = "cm-" + i;
                String body = "{\"kind\":\"ConfigMap\",\"data\":{\"index\":\"" + i + "\",\"pad\":\"" + "x".repeat(200)
                        + "\"}}";
                StoredObject written = db.resources().writeAndReturn(actor, tx -> {
                    StoredObject o = tx.put("ConfigMap", "default", name, body, null, 0L);
                    tx.audit(AuditEntry.created(o, null));
                    return o;
                });
                out.println("ACK " + written.name() + " " + written.resourceVersion());
                out.flush();
            }
        }
    }
}
