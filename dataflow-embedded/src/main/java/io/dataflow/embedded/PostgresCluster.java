package io.dataflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One data directory and the initdb / pg_ctl commands that create, start, query and stop it. */
final class PostgresCluster {

    static final String SUPERUSER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(PostgresCluster.class);
    private static final int START_WAIT_SECONDS = 120;
    private static final int STOP_WAIT_SECONDS = 60;
    private static final int LOG_TAIL_LINES = 30;
    private static final int LOGS_KEPT = 10;

    private final Binaries binaries;
    private final Path dataDirectory;
    private final Path logDirectory;
    private final ServerUser user;

    PostgresCluster(Binaries binaries, Path dataDirectory, Path logDirectory, ServerUser user) {
        this.binaries = binaries;
        this.dataDirectory = dataDirectory;
        this.logDirectory = logDirectory;
        this.user = user;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    boolean isInitialised() {
        return Files.isRegularFile(dataDirectory.resolve("PG_VERSION"));
    }

    /** initdb with trust authentication (the server listens on loopback only), then hooks in dataflow.conf. */
    void initialise(boolean skipSync) {
        List<String> command = new ArrayList<>(List.of(binaries.tool("initdb").toString(), "-D", dataDirectory.toString(),
                "-A", "trust", "-U", SUPERUSER, "-E", "UTF8", "--no-locale", "--no-instructions"));
        if (skipSync) {
            command.add("--no-sync");
        }
        ProcessRunner.Result result = ProcessRunner.run(user.command(command), Duration.ofMinutes(3));
        if (!result.ok()) {
            throw new IllegalStateException("initdb failed for " + dataDirectory + ": " + result.describe());
        }
        try {
            Files.writeString(dataDirectory.resolve("postgresql.conf"),
                    "\n# Added by dataflow-embedded: settings rewritten before each start.\n" + ServerConfig.INCLUDE_LINE + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not edit postgresql.conf in " + dataDirectory, e);
        }
    }

    /** Refuses a data directory of another major version, which these binaries cannot start. */
    void checkVersion() {
        try {
            String dataVersion = Files.readString(dataDirectory.resolve("PG_VERSION")).strip();
            if (!dataVersion.equals(binaries.majorVersion())) {
                throw new IllegalStateException("The data directory " + dataDirectory + " belongs to PostgreSQL "
                        + dataVersion + ", but the embedded binaries are PostgreSQL " + binaries.version()
                        + ". Use another data directory, or upgrade this one with pg_upgrade.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void writeSettings(String content) {
        Path file = dataDirectory.resolve(ServerConfig.FILE_NAME);
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            if (user.isRoot()) {
                Files.setOwner(file, Files.getOwner(dataDirectory));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    /** The port of a server already running on this data directory, if there is one. */
    OptionalInt runningPort() {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return OptionalInt.empty();
        }
        if (!pgCtl(Duration.ofSeconds(30), "status").ok()) {
            // Not running (pg_ctl exit code 3): the pid file is stale and the next start replaces it.
            log.info("Found a stale postmaster.pid in {}; starting a new server", dataDirectory);
            return OptionalInt.empty();
        }
        List<String> lines;
        try {
            // postmaster.pid: pid, data directory, start time, port, socket dir, listen address, shmem key, status
            lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).strip());
            if (!ProcessState.isLivePostgres(pid)) {
                // pg_ctl only asks whether the pid exists: a zombie or a reused pid looks alive to it,
                // and the postmaster would refuse to start over such a lock file too.
                log.info("postmaster.pid in {} names pid {}, which is not a running PostgreSQL; removing it", dataDirectory, pid);
                Files.deleteIfExists(pidFile);
                return OptionalInt.empty();
            }
            return OptionalInt.of(Integer.parseInt(lines.get(3).strip()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("A server seems to be running on " + dataDirectory
                    + " but its postmaster.pid could not be read", e);
        }
    }

    /** Starts the server and waits until it accepts connections. */
    Path start(int port) {
        pruneOldLogs();
        Path logFile = logDirectory.resolve("postgres-" + port + ".log");
        ProcessRunner.Result result = pgCtl(Duration.ofSeconds(START_WAIT_SECONDS + 30),
                "-l", logFile.toString(), "-t", Integer.toString(START_WAIT_SECONDS), "start");
        if (!result.ok()) {
            String tail = tail(logFile);
            throw new ServerStartException("PostgreSQL did not start on port " + port + " (data directory "
                    + dataDirectory + "): " + result.describe() + "\nLast lines of " + logFile + ":\n" + tail,
                    tail.contains("Address already in use"));
        }
        return logFile;
    }

    /** A fast shutdown (rolls back open transactions); an immediate one if that does not finish in time. */
    void stop() {
        if (!Files.exists(dataDirectory.resolve("postmaster.pid"))) {
            log.info("PostgreSQL on {} is not running any more", dataDirectory);
            return;
        }
        ProcessRunner.Result result = pgCtl(Duration.ofSeconds(STOP_WAIT_SECONDS + 30),
                "-m", "fast", "-t", Integer.toString(STOP_WAIT_SECONDS), "stop");
        if (!result.ok()) {
            log.warn("Fast shutdown of {} failed, trying immediate: {}", dataDirectory, result.describe());
            ProcessRunner.Result immediate = pgCtl(Duration.ofSeconds(STOP_WAIT_SECONDS), "-m", "immediate", "stop");
            if (!immediate.ok()) {
                throw new IllegalStateException("Could not stop PostgreSQL on " + dataDirectory + ": " + immediate.describe());
            }
        }
    }

    private ProcessRunner.Result pgCtl(Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(List.of(binaries.tool("pg_ctl").toString(), "-D", dataDirectory.toString(), "-w"));
        command.addAll(List.of(arguments));
        return ProcessRunner.run(user.command(command), timeout);
    }

    static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(log not readable: " + e.getMessage() + ")";
        }
    }

    /** One log per start (the port is in its name); keep the newest few. */
    private void pruneOldLogs() {
        try (Stream<Path> logs = Files.list(logDirectory)) {
            logs.filter(p -> p.getFileName().toString().matches("postgres-\\d+\\.log"))
                    .sorted(Comparator.comparing(PostgresCluster::modified).reversed())
                    .skip(LOGS_KEPT)
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("Could not prune old logs in {}", logDirectory, e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** A failed start; says whether another process took the port between our check and the server's bind. */
    static final class ServerStartException extends IllegalStateException {
        private final boolean portTaken;

        ServerStartException(String message, boolean portTaken) {
            super(message);
            this.portTaken = portTaken;
        }

        boolean portTaken() {
            return portTaken;
        }
    }
}
