package io.dataflow;

import com.zaxxer.hikari.HikariDataSource;
import io.dataflow.connect.ConnectionUrl;
import io.dataflow.connect.EmbeddedServers;
import io.dataflow.dialect.Capabilities;
import io.dataflow.dialect.Dialect;
import io.dataflow.dialect.PostgresDialect;
import io.dataflow.pool.ConnectionPool;
import io.dataflow.pool.PoolSettings;
import io.dataflow.spi.EmbeddedDatabase;
import io.dataflow.spi.EmbeddedSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.function.Function;
import javax.sql.DataSource;

/** Fluent configuration for {@link DataFlow}: {@code DataFlow.configure().url(...).poolSize(10).open()}. */
public final class DataFlowBuilder {

    private String url;
    private DataSource dataSource;
    private EmbeddedSettings embedded = EmbeddedSettings.persistent();
    private PoolSettings pool = PoolSettings.DEFAULT;
    private Clock clock = Clock.systemUTC();
    private Function<String, String> environment = System::getenv;
    private String embeddedDatabase;
    private boolean manageExternalPool;
    private io.dataflow.cache.CacheConfig cache = io.dataflow.cache.CacheConfig.disabled();
    private String stateSchema = io.dataflow.state.StateSchema.SCHEMA;

    DataFlowBuilder() {
    }

    public DataFlowBuilder url(String url) {
        this.url = url;
        return this;
    }

    /** A pool the application owns: DataFlow reads its statistics, never closes it, and resizes it only with {@link #manageExternalPool}. */
    public DataFlowBuilder dataSource(DataSource dataSource) {
        this.dataSource = dataSource;
        return this;
    }

    /**
     * Lets DataFlow resize the application's HikariCP pool given to {@link #dataSource} ({@code reconfigurePool},
     * the AdaptivePoolManager). Off by default: an application's pool is its own.
     */
    public DataFlowBuilder manageExternalPool(boolean manage) {
        this.manageExternalPool = manage;
        return this;
    }

    /** How to run the embedded server when no URL is given. */
    public DataFlowBuilder embedded(EmbeddedSettings settings) {
        this.embedded = settings;
        return this;
    }

    /**
     * The database to use on the embedded server (created when missing). By default
     * {@code DATAFLOW_EMBEDDED_DATABASE}, else the project's name ({@link io.dataflow.connect.EmbeddedProject}),
     * or {@code dataflow} on a throw-away server.
     */
    public DataFlowBuilder embeddedDatabase(String name) {
        this.embeddedDatabase = io.dataflow.sql.Identifiers.require(name, "embedded server", "database");
        return this;
    }

    public DataFlowBuilder pool(int poolSize, int maxOverflow, double timeoutSeconds) {
        this.pool = new PoolSettings(poolSize, maxOverflow, timeoutSeconds);
        return this;
    }

    /** The clock that decides "now" for partitions and schedules (tests pin it). */
    public DataFlowBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Where DATABASE_URL is looked up; {@code name -> null} ignores the environment. */
    public DataFlowBuilder environment(Function<String, String> environment) {
        this.environment = environment;
        return this;
    }

    /**
     * The guide's {@code cache_config} ({@code enabled}, {@code backend}, {@code serialization},
     * {@code compression}, {@code key_strategy}, {@code namespace}, {@code redis_url}, ...): checked
     * now, a bad key or value is refused naming it.
     */
    public DataFlowBuilder cache(java.util.Map<String, ?> cacheConfig) {
        this.cache = io.dataflow.cache.CacheConfig.parse(cacheConfig);
        return this;
    }

    public DataFlowBuilder cache(io.dataflow.cache.CacheConfig cacheConfig) {
        this.cache = cacheConfig;
        return this;
    }

    /**
     * The schema where features that keep state (jobs, views, partitions, tuning, monitor history)
     * create their tables when first used; {@code dataflow} by default. Read-only features never create it.
     */
    public DataFlowBuilder stateSchema(String name) {
        this.stateSchema = io.dataflow.sql.Identifiers.require(name, "DataFlow", "state_schema");
        return this;
    }

    public DataFlow open() {
        Dialect dialect = new PostgresDialect();
        if (dataSource != null) {
            HikariDataSource hikari = hikari(dataSource);
            if (manageExternalPool && hikari == null) {
                throw new DataFlowException("manageExternalPool(true) needs a HikariCP pool, which DataFlow knows how to resize; "
                        + dataSource.getClass().getName() + " is not one (drop the flag: DataFlow then only uses it)");
            }
            ConnectionPool wrapped = hikari != null ? ConnectionPool.wrap(hikari, manageExternalPool) : null;
            return new DataFlow(dataSource, wrapped, null, dialect, detect(dialect, dataSource), clock, "application DataSource", cache, stateSchema);
        }
        String address = url != null ? url : environment.apply("DATABASE_URL");
        EmbeddedDatabase server = null;
        ConnectionUrl target;
        if (address == null || address.isBlank()) {
            String database = embeddedDatabase();
            server = EmbeddedServers.start(embeddedSettings(), database);
            target = new ConnectionUrl(server.jdbcUrl(database), server.user(), null);
        } else {
            target = ConnectionUrl.parse(address);
        }
        ConnectionPool connections = null;
        try {
            connections = ConnectionPool.create(target.jdbcUrl(), target.user(), target.password(), pool, "dataflow");
            Capabilities capabilities = detect(dialect, connections.dataSource());
            String description = server != null ? "embedded PostgreSQL " + server.serverVersion() + " on port " + server.port()
                    : ConnectionUrl.redact(target.jdbcUrl());
            return new DataFlow(connections.dataSource(), connections, server, dialect, capabilities, clock, description, cache, stateSchema);
        } catch (RuntimeException e) {
            if (connections != null) connections.close();
            if (server != null) server.close();
            throw e;
        }
    }

    /** The settings asked for; a persistent server without a directory takes {@code DATAFLOW_EMBEDDED_DIR} when set. */
    private EmbeddedSettings embeddedSettings() {
        String dir = environment.apply("DATAFLOW_EMBEDDED_DIR");
        if (embedded.dataDirectory() != null || embedded.ephemeral() || dir == null || dir.isBlank()) return embedded;
        return embedded.withDataDirectory(java.nio.file.Path.of(dir));
    }

    private String embeddedDatabase() {
        if (embeddedDatabase != null) return embeddedDatabase;
        String fromEnvironment = environment.apply("DATAFLOW_EMBEDDED_DATABASE");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return io.dataflow.sql.Identifiers.require(fromEnvironment, "DATAFLOW_EMBEDDED_DATABASE", "database");
        }
        return embedded.ephemeral() ? EmbeddedServers.DATABASE : io.dataflow.connect.EmbeddedProject.current().databaseName();
    }

    /** The Hikari pool behind a DataSource, also through wrappers such as another DataFlow's tracking one. */
    private static HikariDataSource hikari(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource h) return h;
        try {
            return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    private static Capabilities detect(Dialect dialect, DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return dialect.detectCapabilities(c);
        } catch (SQLException e) {
            throw new DataFlowException("cannot read the server's capabilities: " + e.getMessage(), e);
        }
    }
}
