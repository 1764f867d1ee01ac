package io.dataflow.embedded;

import io.dataflow.spi.EmbeddedDatabase;
import io.dataflow.spi.EmbeddedDatabaseProvider;
import io.dataflow.spi.EmbeddedSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts PostgreSQL from the binaries on the classpath, or attaches to the server already running on
 * the same data directory. Found by core through {@link java.util.ServiceLoader}.
 */
public final class EmbeddedPostgresProvider implements EmbeddedDatabaseProvider {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresProvider.class);
    private static final int PORT_ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public EmbeddedDatabase start(EmbeddedSettings settings) {
        Objects.requireNonNull(settings, "settings");
        Platform.current().requireSupported(BinariesCache.version());
        ServerUser user = ServerUser.current();
        Layout layout;
        try {
            layout = Layout.resolve(settings, user);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a directory for the embedded server", e);
        }
        try {
            Binaries binaries = BinariesCache.ensure(layout.binariesBase(), user);
            layout = layout.prepare(user);
            PostgresCluster cluster = new PostgresCluster(binaries, layout.dataDirectory(), layout.logDirectory(), user);
            // Held across check-and-start, so two starters on one directory end up with one server.
            try (DirectoryLock ignored = DirectoryLock.acquire(layout.lockFile())) {
                return attachOrStart(cluster, binaries, settings, layout);
            }
        } catch (IOException e) {
            discard(layout);
            throw new UncheckedIOException("Could not prepare the embedded server in " + layout.dataDirectory(), e);
        } catch (RuntimeException e) {
            discard(layout);
            throw e;
        }
    }

    private static EmbeddedDatabase attachOrStart(PostgresCluster cluster, Binaries binaries, EmbeddedSettings settings,
                                                  Layout layout) {
        Leases leases = new Leases(layout.leaseDirectory());
        Path deleteOnStop = settings.ephemeral()
                ? (layout.temporaryRoot() != null ? layout.temporaryRoot() : layout.dataDirectory())
                : null;
        OptionalInt running = cluster.runningPort();
        if (running.isPresent()) {
            JdbcReadiness.await("jdbc:postgresql://127.0.0.1:" + running.getAsInt() + "/postgres", PostgresCluster.SUPERUSER, READY_TIMEOUT);
            EmbeddedPostgres attached = EmbeddedPostgres.attached(cluster, running.getAsInt(), binaries.version(), deleteOnStop,
                    layout.lockFile(), leases);
            log.info("Attached to the PostgreSQL already running on port {} for {} ({} holder(s) now)", attached.port(),
                    cluster.dataDirectory(), leases.live());
            return attached;
        }
        leases.live(); // a server that is not running has no holders: clears leases left by killed processes
        long started = System.nanoTime();
        if (!cluster.isInitialised()) {
            cluster.initialise(settings.ephemeral());
        }
        cluster.checkVersion();
        for (int attempt = 1; ; attempt++) {
            int port = FreePort.find();
            cluster.writeSettings(ServerConfig.render(port, settings.ephemeral(), settings.serverSettings()));
            Path logFile;
            try {
                logFile = cluster.start(port);
            } catch (PostgresCluster.ServerStartException e) {
                if (!e.portTaken() || attempt == PORT_ATTEMPTS) {
                    throw e;
                }
                log.info("Port {} was taken before PostgreSQL could bind it; trying another", port);
                continue;
            }
            try {
                JdbcReadiness.await("jdbc:postgresql://127.0.0.1:" + port + "/postgres", PostgresCluster.SUPERUSER, READY_TIMEOUT);
            } catch (RuntimeException e) {
                String tail = PostgresCluster.tail(logFile); // read before the stop below may delete it
                try {
                    cluster.stop();
                } finally {
                    if (deleteOnStop != null) FileTree.deleteQuietly(deleteOnStop);
                }
                throw new IllegalStateException(e.getMessage() + "\nLast lines of " + logFile + ":\n" + tail, e);
            }
            EmbeddedPostgres server = EmbeddedPostgres.owned(cluster, port, binaries.version(), logFile, deleteOnStop,
                    layout.lockFile(), leases);
            log.info("Started embedded PostgreSQL {} on 127.0.0.1:{} ({}) in {} ms", binaries.version(), port,
                    cluster.dataDirectory(), (System.nanoTime() - started) / 1_000_000);
            return server;
        }
    }

    /** A failed ephemeral start leaves nothing behind; a persistent data directory is kept. */
    private static void discard(Layout layout) {
        if (layout.temporaryRoot() != null) {
            FileTree.deleteQuietly(layout.temporaryRoot());
        }
    }
}
