package io.dataflow.embedded;

import io.dataflow.spi.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handle on a running embedded server, holding a lease on it ({@link Leases}). Closing the handle (or
 * the JVM exiting, through a shutdown hook) drops the lease; the last live holder, whichever process
 * started the server, stops it and removes an ephemeral server's files.
 */
public final class EmbeddedPostgres implements EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private final PostgresCluster cluster;
    private final int port;
    private final String serverVersion;
    private final boolean owned;
    private final Path logFile;
    private final Path deleteOnStop;
    private static final java.time.Duration EXIT_LOCK_WAIT = java.time.Duration.ofSeconds(30);

    private final AtomicBoolean closed = new AtomicBoolean();
    private final Path lockFile;
    private final Leases leases;
    private final Path lease;
    private final Thread shutdownHook;

    private EmbeddedPostgres(PostgresCluster cluster, int port, String serverVersion, boolean owned, Path logFile,
                             Path deleteOnStop, Path lockFile, Leases leases) {
        this.cluster = cluster;
        this.port = port;
        this.serverVersion = serverVersion;
        this.owned = owned;
        this.logFile = logFile;
        this.deleteOnStop = deleteOnStop;
        this.lockFile = lockFile;
        this.leases = leases;
        this.lease = leases.take(); // the caller holds the directory lock
        this.shutdownHook = new Thread(this::closeOnExit, "dataflow-embedded-release-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * A server this handle started; {@code deleteOnStop} is removed after stopping (ephemeral), may be null.
     * Called with the directory lock held.
     */
    static EmbeddedPostgres owned(PostgresCluster cluster, int port, String version, Path logFile, Path deleteOnStop,
                                  Path lockFile, Leases leases) {
        return new EmbeddedPostgres(cluster, port, version, true, logFile, deleteOnStop, lockFile, leases);
    }

    /** A server another handle started on the same data directory. Called with the directory lock held. */
    static EmbeddedPostgres attached(PostgresCluster cluster, int port, String version, Path deleteOnStop, Path lockFile,
                                     Leases leases) {
        return new EmbeddedPostgres(cluster, port, version, false, null, deleteOnStop, lockFile, leases);
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

    /** The lease file this handle holds (deleted on close). */
    Path lease() {
        return lease;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyExiting) {
            // The hook is running or about to; releasing here is still right.
        }
        release();
    }

    private void closeOnExit() {
        if (closed.compareAndSet(false, true)) {
            DirectoryLock lock = DirectoryLock.tryAcquire(lockFile, EXIT_LOCK_WAIT);
            if (lock == null) {
                // Our lease then looks stale as soon as this process is gone: the next holder to leave stops the server.
                log.warn("Could not lock {} within {} s on exit; leaving the lease to be found stale", lockFile, EXIT_LOCK_WAIT.toSeconds());
                return;
            }
            try (lock) {
                releaseLocked();
            } catch (RuntimeException e) {
                log.warn("Could not release embedded PostgreSQL on exit: {}", e.getMessage());
            }
        }
    }

    /** Drops this handle's lease and stops the server when no live holder is left (stale leases do not count). */
    private void release() {
        try (DirectoryLock ignored = DirectoryLock.acquire(lockFile)) {
            releaseLocked();
        }
    }

    private void releaseLocked() {
        leases.release(lease);
        int others = leases.live();
        if (others > 0) {
            log.info("Left embedded PostgreSQL on port {} running: {} other holder(s)", port, others);
            return;
        }
        stopServer();
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
