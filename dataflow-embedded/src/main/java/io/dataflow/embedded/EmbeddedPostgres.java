package io.dataflow.embedded;

import io.dataflow.spi.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handle on a running embedded server. An owned handle stops the server on close (and on JVM exit,
 * through a shutdown hook), and removes an ephemeral server's files; an attached one leaves it running.
 */
public final class EmbeddedPostgres implements EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private final PostgresCluster cluster;
    private final int port;
    private final String serverVersion;
    private final boolean owned;
    private final Path logFile;
    private final Path deleteOnStop;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    private EmbeddedPostgres(PostgresCluster cluster, int port, String serverVersion, boolean owned, Path logFile,
                             Path deleteOnStop) {
        this.cluster = cluster;
        this.port = port;
        this.serverVersion = serverVersion;
        this.owned = owned;
        this.logFile = logFile;
        this.deleteOnStop = deleteOnStop;
        this.shutdownHook = owned ? new Thread(this::closeOnExit, "dataflow-embedded-stop-" + port) : null;
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /** A server this handle started; {@code deleteOnStop} is removed after stopping (ephemeral), may be null. */
    static EmbeddedPostgres owned(PostgresCluster cluster, int port, String version, Path logFile, Path deleteOnStop) {
        return new EmbeddedPostgres(cluster, port, version, true, logFile, deleteOnStop);
    }

    /** A server someone else started on the same data directory. */
    static EmbeddedPostgres attached(PostgresCluster cluster, int port, String version) {
        return new EmbeddedPostgres(cluster, port, version, false, null, null);
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public String user() {
        return PostgresCluster.SUPERUSER;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String serverVersion() {
        return serverVersion;
    }

    @Override
    public boolean owned() {
        return owned;
    }

    public Path dataDirectory() {
        return cluster.dataDirectory();
    }

    /** The server log of this start; null when attached to a server started elsewhere. */
    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyExiting) {
                // The hook is running or about to; stopping here is still right.
            }
        }
        if (owned) {
            stopServer();
        }
    }

    private void closeOnExit() {
        if (closed.compareAndSet(false, true)) {
            try {
                stopServer();
            } catch (RuntimeException e) {
                log.warn("Could not stop embedded PostgreSQL on exit: {}", e.getMessage());
            }
        }
    }

    private void stopServer() {
        try {
            cluster.stop();
            log.info("Stopped embedded PostgreSQL on port {}", port);
        } finally {
            if (deleteOnStop != null) {
                FileTree.deleteQuietly(deleteOnStop);
            }
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[port=" + port + ", version=" + serverVersion + ", owned=" + owned
                + ", data=" + cluster.dataDirectory() + "]";
    }
}
