package io.dataflow.spi;

/**
 * Starts a PostgreSQL server inside the application's process tree. Implemented by the
 * {@code dataflow-embedded} module and found through {@link java.util.ServiceLoader}, so that
 * applications which bring their own database never carry the server binaries.
 */
public interface EmbeddedDatabaseProvider {

    /** Starts a server (or attaches to the one already running on the same data directory). */
    EmbeddedDatabase start(EmbeddedSettings settings);
}
