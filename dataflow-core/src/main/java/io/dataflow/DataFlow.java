package io.dataflow;

import io.dataflow.crud.ModelRepository;
import io.dataflow.dialect.Capabilities;
import io.dataflow.dialect.Dialect;
import io.dataflow.model.ModelSpec;
import io.dataflow.model.schema.SchemaPlan;
import io.dataflow.model.schema.SchemaSync;
import io.dataflow.model.schema.SyncReport;
import io.dataflow.pool.ConnectionPool;
import io.dataflow.pool.PoolSettings;
import io.dataflow.pool.PoolStats;
import io.dataflow.schedule.Scheduler;
import io.dataflow.spi.EmbeddedDatabase;
import io.dataflow.state.StateSchema;
import io.dataflow.workflow.NodeRegistry;
import io.dataflow.workflow.WorkflowBuilder;
import io.dataflow.workflow.WorkflowRuntime;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The entry point: a connection to one PostgreSQL database, the models registered on it and every
 * capability of the guide.
 *
 * <pre>{@code
 * try (DataFlow db = DataFlow.open()) {          // embedded PostgreSQL, or DATABASE_URL
 *     db.register(Order.class);
 *     System.out.println(db.sync().summary());
 * }
 * }</pre>
 */
public final class DataFlow implements AutoCloseable {

    private final DataSource dataSource;
    private final io.dataflow.connect.BorrowedConnections borrowed = new io.dataflow.connect.BorrowedConnections();
    private final ConnectionPool pool;
    private final EmbeddedDatabase embedded;
    private final Dialect dialect;
    private final Capabilities capabilities;
    private final ModelRegistry models = new ModelRegistry();
    private final SchemaSync schema;
    private final String description;
    private final WorkflowRuntime runtime = new WorkflowRuntime(this);
    private final Clock clock;
    private final StateSchema state;
    private final Scheduler scheduler;
    private final java.util.Map<String, ModelRepository> repositories = new java.util.concurrent.ConcurrentHashMap<>();
    private final io.dataflow.lock.Locks locks = new io.dataflow.lock.Locks(this);
    private io.dataflow.pool.PreparedStatements preparedStatements;
    private final io.dataflow.partition.Partitions partitions = new io.dataflow.partition.Partitions(this);
    private final io.dataflow.cache.QueryCache cache;
    private final io.dataflow.crud.CrudHooks crudHooks;
    private io.dataflow.monitor.DatabasePerformanceMonitor monitor;
    private io.dataflow.pool.AdaptivePoolManager poolManager;
    private volatile io.dataflow.crud.CallerTransactions callerTransactions = io.dataflow.crud.CallerTransactions.NONE;

    DataFlow(DataSource dataSource, ConnectionPool pool, EmbeddedDatabase embedded, Dialect dialect,
             Capabilities capabilities, Clock clock, String description) {
        this(dataSource, pool, embedded, dialect, capabilities, clock, description, io.dataflow.cache.CacheConfig.disabled(), StateSchema.SCHEMA);
    }

    DataFlow(DataSource dataSource, ConnectionPool pool, EmbeddedDatabase embedded, Dialect dialect,
             Capabilities capabilities, Clock clock, String description, io.dataflow.cache.CacheConfig cacheConfig, String stateSchema) {
        this.dataSource = borrowed.track(dataSource); // so that a cancelled run or close() can cancel its statements on the server
        this.pool = pool;
        this.embedded = embedded;
        this.dialect = dialect;
        this.capabilities = capabilities;
        this.description = description;
        this.clock = clock;
        this.state = new StateSchema(dataSource, stateSchema);
        this.scheduler = new Scheduler(this, state, clock);
        this.schema = new SchemaSync(dataSource, dialect, clock, 10);
        this.cache = new io.dataflow.cache.QueryCache(dataSource, cacheConfig);
        this.crudHooks = cache.enabled() ? new io.dataflow.cache.CacheCrudHooks(cache) : io.dataflow.crud.CrudHooks.NONE;
    }

    /** DATABASE_URL when set, otherwise an embedded PostgreSQL (needs {@code dataflow-embedded}). */
    public static DataFlow open() {
        return configure().open();
    }

    /** {@code postgresql://user:pass@host:port/db?sslmode=...}, {@code postgres://...} or {@code jdbc:postgresql:...}. */
    public static DataFlow open(String url) {
        return configure().url(url).open();
    }

    /** For applications that already own a pool; DataFlow never closes it. */
    public static DataFlow open(DataSource dataSource) {
        return configure().dataSource(dataSource).open();
    }

    public static DataFlowBuilder configure() {
        return new DataFlowBuilder();
    }

    /** The dialect's name, as the guide compares it: {@code "postgresql"}. */
    public String dialect() {
        return dialect.name();
    }

    /** The dialect itself, for code that renders SQL. */
    public Dialect sqlDialect() {
        return dialect;
    }

    public Capabilities capabilities() {
        return capabilities;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The address and credentials DataFlow connects with, when it manages the pool (not for an application's DataSource). */
    public Optional<io.dataflow.connect.ConnectionUrl> connectionUrl() {
        return pool == null ? Optional.empty() : Optional.of(pool.connectionUrl());
    }

    /** Where this DataFlow is connected, without credentials. */
    public String description() {
        return description;
    }

    /** The embedded server, when DataFlow started one. */
    public Optional<EmbeddedDatabase> embeddedServer() {
        return Optional.ofNullable(embedded);
    }

    /** The guide's {@code get_pool_stats()}. */
    public PoolStats poolStats() {
        return requirePool().stats();
    }

    /**
     * The guide's {@code reconfigure_pool(pool_size, pool_max_overflow, pool_timeout)}, applied live to the pool DataFlow
     * manages; refused, changing nothing, on an application's pool unless it was opened with {@code manageExternalPool(true)}.
     */
    public void reconfigurePool(int poolSize, int maxOverflow, double timeoutSeconds) {
        requirePool().reconfigure(new PoolSettings(poolSize, maxOverflow, timeoutSeconds), capabilities::connectionLimit);
    }

    /** The HikariCP pool DataFlow manages (or wraps), for sizing code such as the AdaptivePoolManager. */
    public ConnectionPool connectionPool() {
        return requirePool();
    }

    /**
     * The guide's AdaptivePoolManager for this DataFlow's pool ({@code analyzeWorkload()},
     * {@code optimizePool()}, {@code start(tick, every)}); one per DataFlow, stopped when it closes.
     */
    public synchronized io.dataflow.pool.AdaptivePoolManager poolManager() {
        if (poolManager == null) poolManager = new io.dataflow.pool.AdaptivePoolManager(this);
        return poolManager;
    }

    /** The statement cache of the pool's connections, with DataFlow's usage tracking. */
    public synchronized io.dataflow.pool.PreparedStatements preparedStatements() {
        if (preparedStatements == null) preparedStatements = new io.dataflow.pool.PreparedStatements(requirePool());
        return preparedStatements;
    }

    private ConnectionPool requirePool() {
        if (pool == null) {
            throw new DataFlowException("pool statistics and resizing need a HikariCP pool; this DataFlow was opened on a "
                    + dataSource.getClass().getName() + " that it does not manage");
        }
        return pool;
    }

    /** Dialect, server version, extensions and pool statistics in one report. */
    public StatusReport status() {
        return StatusReport.of(this, pool == null ? null : pool.stats());
    }

    public DataFlow register(Class<?> modelClass) {
        models.add(ModelSpec.fromClass(modelClass));
        return this;
    }

    public DataFlow register(ModelSpec spec) {
        models.add(spec);
        return this;
    }

    public DataFlow registerAll(List<ModelSpec> specs) {
        specs.forEach(models::add);
        return this;
    }

    public List<ModelSpec> models() {
        return models.all();
    }

    public Optional<ModelSpec> model(String name) {
        return models.byName(name);
    }

    /**
     * DataFlow's own schema ({@code dataflow} unless {@link DataFlowBuilder#stateSchema(String)} says
     * otherwise). Nothing is created when DataFlow opens; each feature that keeps state creates its own
     * tables there on its first write, and read-only features never do.
     */
    public StateSchema state() {
        return state;
    }

    /** The clock that decides "now" for partitions, schedules and timestamps. */
    public Clock clock() {
        return clock;
    }

    /** Table statistics: ANALYZE with sample rates, and checks for stale, missing, skewed and correlated statistics. */
    public io.dataflow.stats.Statistics statistics() {
        return new io.dataflow.stats.Statistics(dataSource, clock);
    }

    /** Vacuum strategy, VACUUM and bloat: the guide's "Vacuum and Maintenance". */
    public io.dataflow.maintenance.Maintenance maintenance() {
        return new io.dataflow.maintenance.Maintenance(this);
    }

    /** Scheduled jobs: every {@code schedule} key of the guide registers one here. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /**
     * Lets CRUD, optimistic updates and {@link #query}/{@link #execute} join a transaction the application runs on the current thread
     * (the Spring Boot starter installs Spring's); set it before the first {@link #repository} call.
     */
    public DataFlow callerTransactions(io.dataflow.crud.CallerTransactions transactions) {
        this.callerTransactions = transactions == null ? io.dataflow.crud.CallerTransactions.NONE : transactions;
        cache.callerTransactions(this.callerTransactions);
        repositories.clear();
        return this;
    }

    /** The typed CRUD operations of a registered model (what the generated CRUD nodes call). */
    public ModelRepository repository(String modelName) {
        ModelSpec spec = models.byName(modelName).orElseThrow(() -> new DataFlowException("no model named " + modelName
                + " is registered" + io.dataflow.config.DidYouMean.hint(modelName, models.all().stream().map(ModelSpec::name).toList())));
        return repositories.computeIfAbsent(modelName, k -> new ModelRepository(dataSource, spec, clock, crudHooks, callerTransactions));
    }

    /**
     * Typed reads of a model registered as a record: {@code db.repository(Order.class).list(Map.of("status", "pending"))}
     * returns {@code Order}s (columns mapped to components by name, {@code created_at} to {@code createdAt}).
     */
    public <T extends Record> io.dataflow.crud.RecordRepository<T> repository(Class<T> recordClass) {
        String name = ModelSpec.fromClass(recordClass).name();
        if (models.byName(name).isEmpty()) {
            throw new DataFlowException("no model named " + name + " is registered: call register(" + recordClass.getSimpleName() + ".class) first");
        }
        return new io.dataflow.crud.RecordRepository<>(repository(name), recordClass);
    }

    /** {@link #query(String, java.util.Map)} with each row mapped to a record (columns to components by name). */
    public <T extends Record> List<T> query(String sql, java.util.Map<String, ?> params, Class<T> recordClass) {
        return io.dataflow.crud.RecordMapper.of(recordClass).mapAll(query(sql, params).rows());
    }

    /** {@link #query(String, java.util.Map)} with each row mapped by {@code mapper}, like JdbcTemplate's RowMapper. */
    public <T> List<T> query(String sql, java.util.Map<String, ?> params, io.dataflow.crud.RowMapper<T> mapper) {
        return io.dataflow.crud.RecordMapper.map(query(sql, params).rows(), mapper);
    }

    /**
     * The query-result cache (the guide's {@code cache_config} given to the builder, and the rules
     * of SmartCacheNode). With no cache_config it is off and every query goes to the database.
     */
    public io.dataflow.cache.QueryCache cache() {
        return cache;
    }

    /** Runs a query with {@code :name} parameters; answered from the cache when a rule matches. */
    public io.dataflow.cache.QueryResult query(String sql, java.util.Map<String, ?> params) {
        return cache.query(sql, params);
    }

    public io.dataflow.cache.QueryResult query(String sql) {
        return cache.query(sql, java.util.Map.of());
    }

    /** Runs one statement; DML drops the cached results of the tables it writes (found by parsing) after it committed. */
    public int execute(String sql, java.util.Map<String, ?> params) {
        return cache.execute(sql, params);
    }

    public int execute(String sql) {
        return cache.execute(sql, java.util.Map.of());
    }

    /** Hits, misses, hit rate, bytes, evictions and errors, per cache rule and in total. */
    public io.dataflow.cache.CacheStats cacheStats() {
        return cache.stats();
    }

    /** Lock monitoring and optimistic updates with retry, merge or fail. */
    public io.dataflow.lock.Locks locks() {
        return locks;
    }

    /** Updates one row under its optimistic lock; changes may be {@code {$inc: n}}, {@code {$mul: f}} or Java functions. */
    public io.dataflow.lock.OptimisticUpdate update(Class<?> model, Object id, java.util.Map<String, ?> changes, io.dataflow.lock.Conflict mode) {
        return locks.update(model, id, changes, mode);
    }

    /** As {@link #update(Class, Object, java.util.Map, io.dataflow.lock.Conflict)}, by model name. */
    public io.dataflow.lock.OptimisticUpdate update(String model, Object id, java.util.Map<String, ?> changes, io.dataflow.lock.Conflict mode) {
        return locks.update(model, id, changes, mode);
    }

    /** A workflow builder whose node types include the CRUD nodes of the models registered so far. */
    public WorkflowBuilder workflow() {
        return new WorkflowBuilder(nodes());
    }

    /** Every node type available now: the providers on the class path plus generated CRUD nodes. */
    public NodeRegistry nodes() {
        return NodeRegistry.load(models.all());
    }

    /** Plan analysis: EXPLAIN capture, findings and optimizer suggestions. */
    public io.dataflow.plan.Plans plans() {
        return new io.dataflow.plan.Plans(dataSource);
    }

    /** The workload index advisor: indexes for many statements under a storage budget. */
    public io.dataflow.plan.IndexAdvisor advisor() {
        return new io.dataflow.plan.IndexAdvisor(dataSource);
    }

    /** Query rewriting: decorrelation, semi-joins, sargable predicates, each verified on the live database. */
    public io.dataflow.rewrite.Rewriter rewriter() {
        return new io.dataflow.rewrite.Rewriter(dataSource);
    }

    /** Runs workflows on this DataFlow. */
    public WorkflowRuntime runtime() {
        return runtime;
    }

    /** The DDL that {@link #sync()} would run, with a note per statement; nothing is changed. */
    public SchemaPlan schemaPlan() {
        return schema.plan(models.all());
    }

    /**
     * Creates the missing tables, columns, partitions and indexes in one transaction; reports drift.
     * Then registers the partition maintenance job of each model with an {@code automatic} section.
     */
    public SyncReport sync() {
        SyncReport report = schema.sync(models.all());
        partitions.automate();
        return report;
    }

    /** The guide's {@code calculate_memory_config(total_ram_gb)}: its four rule-of-thumb formulas, exactly. */
    public static java.util.Map<String, String> calculateMemoryConfig(double totalRamGb) {
        return io.dataflow.tune.GuideMemoryConfig.calculate(totalRamGb);
    }

    /** Materialized views: created, redefined without downtime, refreshed on schedule or incrementally. */
    public io.dataflow.mview.MaterializedViews mviews() {
        return new io.dataflow.mview.MaterializedViews(this);
    }

    /** Partition lifecycle: create ahead, compress, archive (verified), drop and restore; the guide's "Partitioning". */
    public io.dataflow.partition.Partitions partitions() {
        return partitions;
    }

    /** Server tuning: PgTune's recommendations, explicit settings, ALTER SYSTEM apply and revert. */
    public io.dataflow.tune.Tuner tuner() {
        return new io.dataflow.tune.Tuner(dataSource, state);
    }

    /** The guide's DatabasePerformanceMonitor: metrics history, baselines, alerts and a Prometheus endpoint; one per DataFlow. */
    public synchronized io.dataflow.monitor.DatabasePerformanceMonitor monitor() {
        if (monitor == null) monitor = new io.dataflow.monitor.DatabasePerformanceMonitor(this);
        return monitor;
    }

    /**
     * Cancels on the server every statement DataFlow's connections are running now (the protocol's
     * cancel request, as psql's Ctrl-C); the code that ran them gets an error and rolls back.
     * Returns on how many connections a cancel was sent.
     */
    public int cancelRunningStatements() {
        return borrowed.cancelAll();
    }

    /**
     * As {@link #cancelRunningStatements()}, only for the connections taken inside {@code scope}
     * (see {@link io.dataflow.connect.BorrowedConnections#enter}: a workflow run's nodes); work in
     * that scope takes no new connection afterwards.
     */
    public int cancelStatementsOf(Object scope) {
        return borrowed.cancelFor(scope);
    }

    /**
     * Closes the pool and everything DataFlow started. Work still running is stopped first: runs
     * are cancelled and their statements cancelled on the server, so no backend keeps working for
     * a DataFlow that is gone.
     */
    @Override
    public void close() {
        try {
            runtime.cancelAll("the DataFlow was closed");
            borrowed.cancelAll();
            synchronized (this) {
                if (monitor != null) monitor.close();
                if (poolManager != null) poolManager.close();
            }
            scheduler.close();
            runtime.close();
            cache.close();
            synchronized (this) {
                if (preparedStatements != null) preparedStatements.close();
            }
            if (pool != null) pool.close();
        } finally {
            if (embedded != null) embedded.close();
        }
    }
}
