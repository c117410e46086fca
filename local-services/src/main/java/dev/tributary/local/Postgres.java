package dev.tributary.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the machine's Debian package, on 127.0.0.1 and a free port, with its data under a
 * directory the caller chooses (a test's target directory). On a machine without PostgreSQL it installs the
 * {@code postgresql} package first (as root, through apt-get), and says so. PostgreSQL refuses to run as root, so
 * when this JVM is root the server runs as the {@code postgres} user the package creates. The server is stopped by
 * {@link #close()} and, failing that, when this JVM exits.
 */
public final class Postgres implements AutoCloseable {

    public static final String USER = "tributary";
    public static final String PASSWORD = "tributary-local";

    private static final Path POSTGRES_LIB = Path.of("/usr/lib/postgresql");
    private static final String OS_USER = "postgres";

    private final Path bin;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private final Thread shutdownHook;
    private boolean running;

    private Postgres(Path bin, Path dataDir, Path log, int port) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
        this.shutdownHook = new Thread(this::stopQuietly, "postgres-stop");
    }

    /**
     * Starts a fresh server with its cluster in {@code dir/data} (created by initdb when absent, reused when
     * present), installing PostgreSQL first if the machine has none.
     */
    public static Postgres start(Path dir) {
        Path bin = ensureInstalled();
        Path root = dir.toAbsolutePath();
        Postgres postgres = new Postgres(bin, root.resolve("data"), root.resolve("postgres.log"), FreePorts.next());
        postgres.initIfNeeded(root);
        postgres.startServer();
        return postgres;
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of the {@code postgres} database. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Runs one SQL command through psql, for set-up that needs no JDBC driver (e.g. CREATE DATABASE). */
    public String psql(String database, String sql) {
        return run(List.of(bin.resolve("psql").toString(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, "-d", database, "-c", sql), true);
    }

    /** Stops the server (fast shutdown: open sessions are disconnected). */
    @Override
    public synchronized void close() {
        if (running) {
            run(List.of(bin.resolve("pg_ctl").toString(), "stop", "-D", dataDir.toString(), "-m", "fast", "-w"),
                    false);
            running = false;
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException exiting) {
                // the JVM is already shutting down; the hook is what called us
            }
        }
    }

    private void stopQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("[postgres] could not stop the server in " + dataDir + ": " + e.getMessage());
        }
    }

    private void initIfNeeded(Path root) {
        try {
            Files.createDirectories(root);
            if (Files.exists(dataDir.resolve("PG_VERSION"))) {
                return;
            }
            Path pwFile = root.resolve("pwfile");
            Files.writeString(pwFile, PASSWORD + "\n", StandardCharsets.UTF_8);
            Files.createDirectories(dataDir);
            giveToServerUser(dataDir);
            giveToServerUser(pwFile);
            run(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", USER,
                    "--pwfile=" + pwFile, "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale", "--no-sync"),
                    false);
            Files.deleteIfExists(pwFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a PostgreSQL data directory in " + root, e);
        }
    }

    private synchronized void startServer() {
        try {
            if (!Files.exists(log)) {
                Files.createFile(log);
            }
            giveToServerUser(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + log, e);
        }
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50";
        run(List.of(bin.resolve("pg_ctl").toString(), "start", "-D", dataDir.toString(), "-l", log.toString(),
                "-o", options, "-w", "-t", "60"), false);
        running = true;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The bin directory of the newest installed PostgreSQL, installing the Debian package when there is none. */
    static synchronized Path ensureInstalled() {
        Optional<Path> installed = findBin();
        if (installed.isPresent()) {
            return installed.get();
        }
        if (!isRoot()) {
            throw new IllegalStateException("PostgreSQL is not installed (no " + POSTGRES_LIB
                    + "/*/bin/initdb) and this process is not root, so it cannot install it: run"
                    + " `sudo apt-get install -y postgresql` once");
        }
        System.out.println("[postgres] no " + POSTGRES_LIB + "/*/bin/initdb: installing Debian's postgresql package"
                + " (apt-get update; apt-get install -y --no-install-recommends postgresql)");
        runAsIs(List.of("apt-get", "update", "-q"), "apt-get update");
        runAsIs(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql"),
                "apt-get install postgresql");
        return findBin().orElseThrow(() -> new IllegalStateException("apt-get installed postgresql but no "
                + POSTGRES_LIB + "/*/bin/initdb appeared"));
    }

    private static Optional<Path> findBin() {
        if (!Files.isDirectory(POSTGRES_LIB)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(POSTGRES_LIB)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(Postgres::majorVersion));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + POSTGRES_LIB, e);
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Makes a path owned by the server's OS user, when we are root and the server runs as that user. */
    private static void giveToServerUser(Path path) throws IOException {
        if (!isRoot()) {
            return;
        }
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName(OS_USER);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(OS_USER);
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
    }

    /** Runs a PostgreSQL tool, as the postgres user when we are root; returns its output. */
    private String run(List<String> command, boolean withPassword) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        if (withPassword) {
            builder.environment().put("PGPASSWORD", PASSWORD);
        }
        return execute(builder, String.join(" ", command));
    }

    private static void runAsIs(List<String> command, String what) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        execute(builder, what);
    }

    private static String execute(ProcessBuilder builder, String what) {
        return LocalCommands.run(builder, what);
    }
}
