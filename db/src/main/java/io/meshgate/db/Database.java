package io.meshgate.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The control plane's database: opens the pool, migrates the schema with Flyway, and hands out
 * the stores. One instance per process; thread-safe.
 */
public final class Database implements AutoCloseable {

    static {
        // jOOQ prints a banner and tips on first use unless told otherwise
        if (System.getProperty("org.jooq.no-logo") == null) {
            System.setProperty("org.jooq.no-logo", "true");
        }
        if (System.getProperty("org.jooq.no-tips") == null) {
            System.setProperty("org.jooq.no-tips", "true");
        }
    }

    private final HikariDataSource dataSource;
    private final DSLContext dsl;
    private final ResourceStore resources;
    private final AuditLog audit;
    private final TokenStore tokens;
    private final EventLog events;
    private final ProxyStore proxies;

    private Database(HikariDataSource dataSource, DSLContext dsl, DatabaseConfig config) {
        this.dataSource = dataSource;
        this.dsl = dsl;
        Reads reads = new Reads(dsl);
        Writer writer = new Writer(dsl, config.eventRetention());
        this.resources = new ResourceStore(reads, writer, config.clock());
        this.audit = new AuditLog(reads, writer, config.clock());
        this.tokens = new TokenStore(reads, writer, config.clock());
        this.events = new EventLog(reads);
        this.proxies = new ProxyStore(reads, writer, config.clock());
    }

    /**
     * Opens (creating when needed) the database and brings its schema to the latest migration.
     *
     * @throws StorageException when the database cannot be reached or migrated
     */
    public static Database open(DatabaseConfig config) {
        SQLDialect dialect = Dialects.of(config.jdbcUrl());
        if (config.dataDirectory() != null) {
            createPrivateDirectory(config.dataDirectory());
        }
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(poolConfig(config));
        } catch (RuntimeException e) {
            throw new StorageException("cannot connect to " + safeUrl(config.jdbcUrl()) + ": " + e.getMessage(), e);
        }
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            DSLContext dsl = DSL.using(dataSource, dialect, Dialects.settings(dialect));
            return new Database(dataSource, dsl, config);
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StorageException("cannot migrate the schema of " + safeUrl(config.jdbcUrl()) + ": "
                    + e.getMessage(), e);
        }
    }

    /** Objects, their revisions and write transactions. */
    public ResourceStore resources() {
        return resources;
    }

    /** The audit history. */
    public AuditLog audit() {
        return audit;
    }

    /** API tokens. */
    public TokenStore tokens() {
        return tokens;
    }

    /** Recent changes for watches. */
    public EventLog events() {
        return events;
    }

    /** Registered proxies and their config-fetch tokens. */
    public ProxyStore proxies() {
        return proxies;
    }

    /** True when the database answers within two seconds (for readiness probes). */
    public boolean ping() {
        try {
            return dsl.connectionResult(connection -> connection.isValid(2));
        } catch (DataAccessException | IllegalStateException e) {
            return false;
        }
    }

    /** Closes every connection; with H2 this also closes the database file. */
    @Override
    public void close() {
        dataSource.close();
    }

    private static HikariConfig poolConfig(DatabaseConfig config) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("meshgate-db");
        pool.setJdbcUrl(config.jdbcUrl());
        pool.setUsername(config.user());
        pool.setPassword(config.password());
        pool.setMaximumPoolSize(config.maxPoolSize());
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(10_000);
        return pool;
    }

    private static void createPrivateDirectory(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                return;
            }
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                // the database holds configuration and secrets: readable by the owner only
                Files.createDirectories(dir,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new StorageException("cannot create the data directory " + dir, e);
        }
    }

    private static String safeUrl(String url) {
        // URLs may carry credentials as parameters: show only the part before them
        return url.split("[;?]", 2)[0];
    }
}
