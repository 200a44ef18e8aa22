package io.meshgate.proxy;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Says whether the JVM used the AOT cache {@code bin/meshgate} passed it ({@code -XX:AOTCache=F} with
 * {@code -Dmeshgate.aot.cache=F}; mesh-sidecar/README.md "Memory"). A JVM refuses a cache made by
 * another JDK build, with other module flags or on other jars, and then starts without it, mostly
 * without a word (a directory on the classpath gives none even with {@code -Xlog:aot=error}). A used
 * cache stays mapped into the process, so {@code /proc/self/maps} tells: one INFO line when it is
 * used, one WARNING naming the remedy when it is not. Never a failure: the proxy runs either way.
 */
public final class AotCacheCheck {
    /** The system property the launcher sets to the cache it passed with {@code -XX:AOTCache}. */
    public static final String PROPERTY = "meshgate.aot.cache";

    private static final System.Logger LOG = System.getLogger(AotCacheCheck.class.getName());
    private static final Path MAPS = Path.of("/proc/self/maps");

    private AotCacheCheck() {}

    /** Logs whether the cache named by {@link #PROPERTY} is in use; nothing when none was passed. */
    public static void log(String process) {
        log(process, "bin/meshgate aot-train");
    }

    /**
     * Logs whether the cache named by {@link #PROPERTY} is in use, naming {@code trainCommand} as the remedy when it
     * is not; nothing when none was passed.
     */
    public static void log(String process, String trainCommand) {
        String cache = System.getProperty(PROPERTY);
        if (cache == null || cache.isBlank()) {
            return;
        }
        String maps;
        try {
            maps = Files.readString(MAPS);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(Level.INFO, "{0}: cannot tell whether the AOT cache {1} is used ({2})", process, cache, e.toString());
            return;
        }
        Path file = Path.of(cache);
        if (isMapped(file, maps)) {
            LOG.log(Level.INFO, "{0}: using the AOT cache {1}", process, cache);
        } else {
            LOG.log(Level.WARNING, "{0}: the JVM did not use the AOT cache {1} (made by another JDK build, with "
                    + "other JVM module flags or on other jars): running without it, slower to warm up; "
                    + "`{2}` makes a matching one", process, cache, trainCommand);
        }
    }

    /**
     * Whether {@code maps} (the text of {@code /proc/PID/maps}) has a mapping of {@code cache}: its
     * path as given, or its real path when the file exists (the kernel lists resolved paths).
     */
    static boolean isMapped(Path cache, String maps) {
        String given = cache.toAbsolutePath().normalize().toString();
        String real = given;
        try {
            real = cache.toRealPath().toString();
        } catch (IOException e) {
            // gone or unreadable: compare the path as given
        }
        for (String line : maps.split("\n")) {
            // address perms offset dev inode path: the path is the 6th field and may hold spaces
            String[] fields = line.trim().split("\\s+", 6);
            if (fields.length == 6 && (fields[5].equals(given) || fields[5].equals(real))) {
                return true;
            }
        }
        return false;
    }
}
