package io.dataflow.spi;

/** A running embedded server. Closing it stops the server if this handle started it. */
public interface EmbeddedDatabase extends AutoCloseable {

    /** A {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE} URL for a database on this server. */
    String jdbcUrl(String database);

    /** The superuser the server was initialised with (trust authentication on loopback only). */
    String user();

    int port();

    /** The PostgreSQL version of the binaries, e.g. {@code 17.6}. */
    String serverVersion();

    /** True when this handle started the server and will stop it on close. */
    boolean owned();

    @Override
    void close();
}
