package io.meshgate.db;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Where and how to open the database. Use {@link #h2File} for the embedded default or
 * {@link #jdbc} for PostgreSQL (several control-plane replicas can share one).
 *
 * @param jdbcUrl        JDBC URL, {@code jdbc:h2:...} or {@code jdbc:postgresql:...}
 * @param user           database user
 * @param password       database password (never printed by {@link #toString()})
 * @param dataDirectory  directory {@link Database#open} creates (owner-only) for an H2 file, else null
 * @param maxPoolSize    most pooled connections
 * @param eventRetention newest change events kept for watch resume (at least 1)
 * @param clock          time source for timestamps (tests inject a fixed clock)
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, Path dataDirectory, int maxPoolSize,
                             int eventRetention, Clock clock) {

    /** Name of the H2 database file inside the data directory ({@code meshgate.mv.db}). */
    public static final String H2_FILE_NAME = "meshgate";
    public static final int DEFAULT_MAX_POOL_SIZE = 8;
    public static final int DEFAULT_EVENT_RETENTION = 10_000;

    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(clock, "clock");
        Dialects.of(jdbcUrl);
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1");
        }
        if (eventRetention < 1) {
            throw new IllegalArgumentException("eventRetention must be at least 1");
        }
    }

    /**
     * The embedded default: H2 file {@code meshgate} in {@code dataDir}.
     *
     * <p>Durability: {@code WRITE_DELAY=0} makes H2 write each commit to the file before the commit
     * returns (the default delay of one second could lose acknowledged writes when the process is
     * killed). That survives a crash or kill -9 of the JVM; H2 does not fsync each commit, so a
     * power loss or kernel crash can still lose the last writes: use PostgreSQL where that matters.
     * {@code DB_CLOSE_ON_EXIT=FALSE} leaves closing to {@link Database#close()} instead of H2's own
     * shutdown hook, which could close the database under in-flight requests during shutdown.
     */
    public static DatabaseConfig h2File(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        String file = dir.resolve(H2_FILE_NAME).toString();
        if (file.indexOf(';') >= 0) {
            throw new IllegalArgumentException("the data directory path must not contain ';': " + dir);
        }
        String url = "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        return new DatabaseConfig(url, "sa", "", dir, DEFAULT_MAX_POOL_SIZE, DEFAULT_EVENT_RETENTION,
                Clock.systemUTC());
    }

    /** Any supported JDBC URL (H2 or PostgreSQL) with credentials. */
    public static DatabaseConfig jdbc(String url, String user, String password) {
        return new DatabaseConfig(url, user, password, null, DEFAULT_MAX_POOL_SIZE, DEFAULT_EVENT_RETENTION,
                Clock.systemUTC());
    }

    public DatabaseConfig withMaxPoolSize(int value) {
        return new DatabaseConfig(jdbcUrl, user, password, dataDirectory, value, eventRetention, clock);
    }

    public DatabaseConfig withEventRetention(int value) {
        return new DatabaseConfig(jdbcUrl, user, password, dataDirectory, maxPoolSize, value, clock);
    }

    public DatabaseConfig withClock(Clock value) {
        return new DatabaseConfig(jdbcUrl, user, password, dataDirectory, maxPoolSize, eventRetention, value);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + (password == null ? "null" : "***")
                + ", dataDirectory=" + dataDirectory + ", maxPoolSize=" + maxPoolSize
                + ", eventRetention=" + eventRetention + "]";
    }
}
