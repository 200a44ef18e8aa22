package io.meshgate.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for tests, started from Debian's server binaries
 * ({@code /usr/lib/postgresql/<version>/bin}) in a temporary directory on a free loopback port.
 * initdb refuses to run as root, so as root the server runs as the {@code postgres} user (or
 * {@code nobody}) through {@code runuser}. Durability is switched off: it is a test fixture.
 */
final class PostgresServer implements AutoCloseable {

    static final String USER = "meshgate";

    private final Path bin;
    private final Path baseDir;
    private final List<String> runAs;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path bin, Path baseDir, List<String> runAs, int port) {
        this.bin = bin;
        this.baseDir = baseDir;
        this.runAs = runAs;
        this.port = port;
    }

    /** The bin directory of the newest installed PostgreSQL server, if any. */
    static Optional<Path> findBinaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(PostgresServer::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static PostgresServer start(Path bin) throws IOException, InterruptedException {
        List<String> runAs = List.of();
        Path parent = Path.of(System.getProperty("java.io.tmpdir"));
        UserPrincipal owner = null;
        if ("root".equals(System.getProperty("user.name"))) {
            String user = userExists("postgres") ? "postgres" : "nobody";
            runAs = List.of("runuser", "-u", user, "--");
            owner = parent.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
            parent = Path.of("/tmp"); // world-traversable, unlike some build temp dirs
        }
        Path baseDir = Files.createTempDirectory(parent, "meshgate-pg-");
        if (owner != null) {
            Files.setOwner(baseDir, owner);
        }
        Path data = baseDir.resolve("data");
        run(runAs, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust",
                "-E", "UTF8", "--no-locale", "--no-sync"), baseDir);

        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            try {
                run(runAs, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
                        "-l", baseDir.resolve("server.log").toString(), "-w", "-t", "120",
                        "-o", "-p " + port + " -k " + baseDir + " -c listen_addresses=127.0.0.1"
                                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                        "start"), baseDir);
                PostgresServer server = new PostgresServer(bin, baseDir, runAs, port);
                Runtime.getRuntime().addShutdownHook(new Thread(server::stopQuietly));
                return server;
            } catch (IOException e) {
                last = e; // most likely the port was taken between probing and binding
            }
        }
        throw last;
    }

    /** Creates a new empty database and returns a config for it. */
    DatabaseConfig newDatabase() throws SQLException {
        String name = "t" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return DatabaseConfig.jdbc(jdbcUrl(name), USER, "");
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() {
        stopQuietly();
        deleteRecursively(baseDir);
    }

    private void stopQuietly() {
        try {
            if (Files.exists(baseDir.resolve("data").resolve("postmaster.pid"))) {
                run(runAs, List.of(bin.resolve("pg_ctl").toString(), "-D", baseDir.resolve("data").toString(),
                        "-m", "fast", "-w", "stop"), baseDir);
            }
        } catch (IOException | InterruptedException e) {
            // best effort: the directory goes with the temp dir anyway
        }
    }

    private static void run(List<String> prefix, List<String> command, Path dir)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        Path output = Files.createTempFile("meshgate-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + full);
            }
            if (p.exitValue() != 0) {
                throw new IOException("failed (" + p.exitValue() + "): " + full + "\n" + Files.readString(output)
                        + serverLog(dir));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String serverLog(Path dir) {
        try {
            Path log = dir.resolve("server.log");
            return Files.exists(log) ? "\nserver.log:\n" + Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean userExists(String user) throws InterruptedException {
        try {
            return new ProcessBuilder("id", "-u", user).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leftovers in the temp dir are harmless
        }
    }
}
