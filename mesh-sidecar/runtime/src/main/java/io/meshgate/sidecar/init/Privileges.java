package io.meshgate.sidecar.init;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process may program iptables: it must run as root (effective UID 0). */
final class Privileges {
    private Privileges() {}

    /** The effective UID from {@code /proc/self/status} ({@code Uid: real effective saved fs}); -1 when unknown. */
    static int effectiveUid() {
        try {
            return effectiveUid(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException e) {
            return -1;
        }
    }

    static int effectiveUid(String procStatus) {
        for (String line : procStatus.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).strip().split("\\s+");
                return ids.length > 1 ? Integer.parseInt(ids[1]) : -1;
            }
        }
        return -1;
    }
}
