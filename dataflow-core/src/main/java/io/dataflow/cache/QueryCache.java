package io.dataflow.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dataflow.DataFlowException;
import io.dataflow.sql.NamedParameters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The guide's query-result cache: {@code db.query(sql, params)} and the List/Read CRUD operations
 * are answered from it when a {@link CacheRule} matches, and DataFlow's own writes invalidate it.
 *
 * <p>Correctness under concurrency rests on generation counters, one per {@code table.op} and per
 * {@code table.*}: a write marks its counters as "being written" before its transaction starts and
 * bumps them after it ended. A query reads the counters before it runs and its entry is stamped
 * with them; it is not stored at all while a write is under way, and an entry is served only while
 * every stamp still equals its counter. So a read that began before a write committed can never be
 * served after that write ended, even if it stored its result late; and a read that begins after a
 * commit sees either the "being written" mark (and goes to the database) or the bumped generation.
 * Where the store can delete entries in the same step as it changes counters (standalone Redis),
 * writes delete what they invalidate and an entry is stored only if the counters are unchanged, so a
 * hit needs no stamp check (one GET).
 */
public final class QueryCache implements AutoCloseable {

    private static final Pattern SIMPLE_QUOTED = Pattern.compile("\"([a-z_][a-z0-9_]*)\"");
    /** How long a write may stay "under way" if its process dies before ending it. */
    private static final long WRITE_DEADLINE_MS = 60_000;
    /** Pending ends of possibly-marked writes kept by id; beyond it such a mark lasts until its deadline. */
    private static final int MAX_PENDING_IDS = 10_000;

    private final DataSource dataSource;
    private volatile io.dataflow.crud.CallerTransactions caller = io.dataflow.crud.CallerTransactions.NONE;
    private final CacheConfig config;
    /** The database whose results this cache holds; {@link #keys} carries it in every key. */
    private final DatabaseIdentity identity;
    private final CacheConfig keys;
    private final CacheStore store;
    private final MemoryStore localTier;
    private final EntryFormat format;
    private final FaultGate gate;
    private volatile List<CacheRule> rules = List.of();
    private final Map<String, RuleCounters> counters = new ConcurrentHashMap<>();
    private final LongAdder uncached = new LongAdder();
    private final Cache<String, Prepared> prepared = Caffeine.newBuilder().maximumSize(5_000).build();
    /** Placeholders found once per SQL text: lexing the text costs more than the rest of a memory hit. */
    private final Cache<String, NamedParameters> placeholders = Caffeine.newBuilder().maximumSize(5_000).build();
    private final Map<String, List<String>> pendingBumps = new ConcurrentHashMap<>();
    private final HotKeys hotKeys;
    /** Rules added by warming queries no rule matched, by normalized SQL (checked after the configured rules). */
    private final Map<String, CacheRule> warmRules = new ConcurrentHashMap<>();
    private ChangeNotifications notifications;
    private final CacheMeters meters;

    /** A SQL text looked at once per rule set: its analysis, the rule it matched and the counters it depends on. */
    private record Prepared(SqlAnalysis analysis, CacheRule rule, RuleCounters counters, List<String> dependsOn, List<CacheRule> ruleSet) {
        Prepared(SqlAnalysis analysis, CacheRule rule, RuleCounters counters, List<String> dependsOn) {
            this(analysis, rule, counters, dependsOn, null);
        }
    }

    /**
     * The cache's store for one database without connecting to it, for operator tools: {@link #overview()}
     * and {@link #invalidateNow} address that database's keys; queries are refused.
     */
    public static QueryCache detached(CacheConfig config, DatabaseIdentity database) {
        return new QueryCache(null, config, Objects.requireNonNull(database, "database"));
    }

    /** An in-process cache without a database (tests of the cache itself); a shared one must name its database. */
    public static QueryCache detached(CacheConfig config) {
        return new QueryCache(null, config);
    }

    /** The cache of the database {@code dataSource} reaches (its identity is read once, here, when caching is on). */
    public QueryCache(DataSource dataSource, CacheConfig config) {
        this(dataSource, config, identityOf(dataSource, config));
    }

    private static DatabaseIdentity identityOf(DataSource dataSource, CacheConfig config) {
        if (!config.enabled()) return null;
        if (dataSource != null) return DatabaseIdentity.read(dataSource);
        if (config.backend() == CacheConfig.Backend.REDIS) {
            throw new DataFlowException("a Redis cache holds the entries of many databases: name the one to address,"
                    + " QueryCache.detached(config, DatabaseIdentity.read(dataSource))");
        }
        return new DatabaseIdentity("none", "none", "none", ""); // in-process and databaseless: nothing to tell apart
    }

    private QueryCache(DataSource dataSource, CacheConfig config, DatabaseIdentity identity) {
        this.dataSource = dataSource;
        this.config = config;
        this.identity = identity;
        this.keys = identity == null ? config : config.scopedTo(identity.scope());
        this.format = new EntryFormat(config.serialization(), config.compression());
        this.gate = new FaultGate(config.failureLogInterval());
        if (!config.enabled()) {
            store = null;
            localTier = null;
        } else if (config.backend() == CacheConfig.Backend.REDIS) {
            store = new RedisStore(keys);
            localTier = config.localTier() ? new MemoryStore(config.maxEntries()) : null;
            if (localTier != null) store.onRemoteBump(names -> localTier.endWrite(names, "remote"));
        } else {
            store = new MemoryStore(config.maxEntries());
            localTier = null;
        }
        this.hotKeys = new HotKeys(this);
        this.meters = new CacheMeters(config.backend().name().toLowerCase(java.util.Locale.ROOT), gate::available);
    }

    /**
     * Publishes the stats to a Micrometer registry (per rule counters and availability), e.g. the
     * monitor's Prometheus registry. Any number may be bound.
     */
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        meters.bindTo(registry, counters);
    }

    public CacheConfig config() {
        return config;
    }

    /** The database whose results this cache holds (null while caching is off). */
    public DatabaseIdentity identity() {
        return identity;
    }

    public boolean enabled() {
        return store != null;
    }

    /** Replaces the rules (SmartCacheNode's {@code rules}); the first that matches a query decides. */
    public void rules(List<CacheRule> newRules) {
        rules = List.copyOf(newRules);
        prepared.invalidateAll();
        for (CacheRule r : rules) counters.computeIfAbsent(r.name(), k -> new RuleCounters());
        meters.rulesChanged(counters);
        hotKeys.rulesChanged(rules);
    }

    public List<CacheRule> rules() {
        return rules;
    }

    /**
     * Runs a query with {@code :name} parameters, from the cache when a rule matches. Inside a caller's
     * transaction ({@link #callerTransactions}) it runs on that transaction's connection and the cache
     * neither answers nor keeps it (it may see the transaction's uncommitted writes).
     */
    public QueryResult query(String sql, Map<String, ?> params) {
        NamedParameters named = placeholders(sql);
        List<Object> values = named.values(params == null ? Map.of() : params, "query");
        if (dataSource != null && caller.active(dataSource)) return run(named.sql(), values);
        return read(sql, values, params == null ? Map.of() : params, () -> run(named.sql(), values));
    }

    /** Lets {@link #query} and {@link #execute} join a transaction the application runs on the current thread. */
    public void callerTransactions(io.dataflow.crud.CallerTransactions transactions) {
        this.caller = transactions == null ? io.dataflow.crud.CallerTransactions.NONE : transactions;
    }

    /**
     * The cached answer to {@code sql} with these bound values, or {@code load}'s (stored when a rule
     * allows). {@code context} holds named values for {@code key_includes}. What CRUD reads call.
     */
    public QueryResult read(String sql, List<?> values, Map<String, ?> context, Supplier<QueryResult> load) {
        if (store == null) return load.get();
        Prepared p = prepare(sql);
        if (p.rule() == null) {
            uncached.increment();
            return load.get();
        }
        Map<String, Object> includes = includes(p, sql, context);
        if (includes == null) {
            p.counters().bypassed.increment();
            return load.get();
        }
        String key = CacheKeys.key(keys.key("q:"), p.analysis().normalized(), values, includes);
        return readKey(p, key, load, true);
    }

    private NamedParameters placeholders(String sql) {
        return placeholders.get(sql, NamedParameters::parse);
    }

    /** The key a query's result is stored under, or empty when no rule caches it (for tools and tests). */
    public java.util.Optional<String> keyOf(String sql, Map<String, ?> params) {
        Map<String, ?> context = params == null ? Map.of() : params;
        Prepared p = prepare(sql);
        if (store == null || p.rule() == null) return java.util.Optional.empty();
        Map<String, Object> includes = includes(p, sql, context);
        if (includes == null) return java.util.Optional.empty();
        List<Object> values = placeholders(sql).values(context, "query");
        return java.util.Optional.of(CacheKeys.key(keys.key("q:"), p.analysis().normalized(), values, includes));
    }

    /** The store behind the cache (package tests write raw bytes through it). */
    CacheStore store() {
        return store;
    }

    private QueryResult readKey(Prepared p, String key, Supplier<QueryResult> load, boolean track) {
        RuleCounters c = p.counters();
        long[] local = null;
        if (localTier != null) {
            CacheStore.Lookup l = localTier.lookup(key, p.dependsOn());
            QueryResult hit = valid(l, p, key, localTier, c);
            if (hit != null) {
                c.hits.increment();
                if (track) hotKeys.hit(p.rule(), key);
                return hit;
            }
            local = l.states();
        }
        long[] states = null;
        if (serverUsable()) {
            try {
                CacheStore.Lookup l = store.lookup(key, p.dependsOn());
                gate.succeeded();
                QueryResult hit = valid(l, p, key, store, c);
                if (hit != null) {
                    c.hits.increment();
                    if (track) hotKeys.hit(p.rule(), key);
                    if (localTier != null && writable(local)) localTier.put(key, format.encode(stamps(p, local), hit), p.rule().ttl());
                    return hit;
                }
                states = l.states() != null ? l.states() : store.snapshot(p.dependsOn());
            } catch (RuntimeException e) {
                fault(c, "lookup", e);
            }
        }
        c.misses.increment();
        QueryResult result = load.get();
        if (states != null && writable(states)) store(p, key, states, local, result, false);
        if (track && p.rule().cacheWarmer()) hotKeys.loaded(p.rule(), p.dependsOn(), key, load);
        return result;
    }

    /** A hit whose stamps all match the counters now, else null (a stale or corrupt entry is deleted). */
    private QueryResult valid(CacheStore.Lookup l, Prepared p, String key, CacheStore from, RuleCounters c) {
        if (l.entry() == null) return null;
        EntryFormat.Entry entry;
        try {
            entry = format.decode(l.entry());
        } catch (CorruptEntryException e) {
            c.errors.increment();
            c.evictions.increment();
            deleteQuietly(from, key);
            return null;
        }
        List<String> names = p.dependsOn();
        if (l.states() == null) return entry.result().fromCache(); // the store deletes what writes invalidate
        for (int i = 0; i < names.size(); i++) {
            Long stamp = entry.stamps().get(names.get(i));
            long now = l.states()[i];
            if (now == CacheStore.WRITING) return null; // a write is under way: ask the database
            if (stamp == null || stamp != now) {
                c.evictions.increment();
                deleteQuietly(from, key);
                return null;
            }
        }
        return entry.result().fromCache();
    }

    private void store(Prepared p, String key, long[] states, long[] local, QueryResult result, boolean warming) {
        RuleCounters c = p.counters();
        byte[] bytes;
        try {
            bytes = format.encode(stamps(p, states), result);
        } catch (UnsupportedOperationException e) {
            c.bypassed.increment(); // a value type the encoders do not know: answer, do not cache
            return;
        }
        if (bytes.length > config.maxEntryBytes()) {
            c.bypassed.increment();
            return;
        }
        try {
            // Checked again at store time: a write that started or ended meanwhile makes the result not worth
            // storing. On standalone Redis the check and the store are one step, since hits trust what is stored.
            if (!store.putIfCurrent(key, bytes, p.rule().ttl(), p.dependsOn(), states)) {
                c.bypassed.increment();
                return;
            }
            gate.succeeded();
            c.stores.increment();
            c.bytes.add(bytes.length);
            if (warming) c.warmed.increment();
        } catch (RuntimeException e) {
            fault(c, "store", e);
            return;
        }
        if (localTier != null && writable(local)) localTier.put(key, format.encode(stamps(p, local), result), p.rule().ttl());
    }

    private static Map<String, Long> stamps(Prepared p, long[] states) {
        Map<String, Long> stamps = new LinkedHashMap<>();
        for (int i = 0; i < states.length; i++) stamps.put(p.dependsOn().get(i), states[i]);
        return stamps;
    }

    private static boolean writable(long[] states) {
        if (states == null) return false;
        for (long s : states) if (s == CacheStore.WRITING) return false;
        return true;
    }

    /**
     * Runs a query now and stores its result, replacing the entry atomically (warming). The query's
     * rule decides the TTL; {@code fallbackTtl} is used when no rule matches. Returns the rows stored,
     * or -1 when nothing could be stored (cache off, server away, a write under way).
     */
    public int warm(String sql, Map<String, ?> params, Duration fallbackTtl, Supplier<Connection> connection) {
        NamedParameters named = placeholders(sql);
        List<Object> values = named.values(params == null ? Map.of() : params, "warm");
        Prepared p = prepare(sql);
        if (p.rule() == null && p.analysis().readOnly() && p.analysis().parsed()) {
            // No rule caches this query: warming it adds one for exactly this SQL, so reads find what was warmed.
            warmRules.put(p.analysis().normalized(), new CacheRule(Pattern.compile(Pattern.quote(p.analysis().normalized())),
                    fallbackTtl, List.of(), false, List.of()));
            prepared.invalidateAll(); // rare: every text of this query must see the new rule
            p = prepare(sql);
        }
        Map<String, Object> includes = includes(p, sql, params == null ? Map.of() : params);
        if (store == null || includes == null || !p.analysis().readOnly()) return -1;
        String key = CacheKeys.key(keys.key("q:"), p.analysis().normalized(), values, includes);
        final Prepared rule = p;
        return warmKey(rule, key, () -> {
            try (Connection c = connection.get()) {
                return run(c, named.sql(), values);
            } catch (SQLException e) {
                throw new DataFlowException("warming failed: " + e.getMessage(), e);
            }
        });
    }

    int warmKey(Prepared p, String key, Supplier<QueryResult> load) {
        if (!serverUsable()) return -1;
        long[] states;
        long[] local = localTier == null ? null : localTier.snapshot(p.dependsOn());
        try {
            states = store.snapshot(p.dependsOn());
        } catch (RuntimeException e) {
            fault(p.counters(), "warming", e);
            return -1;
        }
        if (!writable(states)) return -1;
        QueryResult result = load.get();
        long before = p.counters().stores.sum();
        store(p, key, states, local, result, true);
        return p.counters().stores.sum() > before ? result.size() : -1;
    }

    /** Re-runs a hot key of a cache_warmer rule (called by {@link HotKeys}). */
    void rewarm(CacheRule rule, String key, Supplier<QueryResult> load, List<String> dependsOn) {
        warmKey(new Prepared(null, rule, counters.computeIfAbsent(rule.name(), k -> new RuleCounters()), dependsOn), key, load);
    }

    /**
     * Marks writes to these tables as under way until the ticket is closed (after commit or
     * rollback), then invalidates: what CRUD writes and {@code db.execute} use.
     */
    public WriteTicket writing(Collection<Dependency> writes) {
        if (store == null || writes.isEmpty()) return WriteTicket.NONE;
        Set<String> names = new TreeSet<>();
        for (Dependency d : writes) {
            names.add(d.counter());
            names.add(Dependency.any(d.table()).counter());
        }
        List<String> list = List.copyOf(names);
        String id = UUID.randomUUID().toString();
        if (localTier != null) localTier.beginWrite(list, id, 0);
        boolean begun = false;
        boolean sent = false;
        if (serverUsable()) {
            try {
                sent = true;
                store.beginWrite(list, id, System.currentTimeMillis() + WRITE_DEADLINE_MS);
                gate.succeeded();
                begun = true;
            } catch (RuntimeException e) {
                fault(null, "invalidation", e);
            }
        }
        final boolean wasBegun = begun;
        // A begin that failed may still have marked the write: a frozen or stalled Redis runs the command when
        // it resumes, after the wait for it timed out. Only ending the write by its own id removes that mark.
        final boolean maybeMarked = sent && !begun;
        return new WriteTicket() {
            private boolean closed;

            @Override
            public void close() {
                if (closed) return;
                closed = true;
                if (localTier != null) localTier.endWrite(list, id);
                if (!wasBegun) {
                    // Bump anyway (entries stored during the write must not survive it). A write that may have been
                    // marked is ended by its id (else its mark would hold caching off for these tables until its
                    // deadline); one never sent is keyed by the counters, so a long outage with many writes keeps
                    // one pending bump per set of tables. Writes are only sent once per back-off, which bounds the ids.
                    boolean byId = maybeMarked && pendingBumps.size() < MAX_PENDING_IDS;
                    pendingBumps.put(byId ? id : String.join("\n", list), list);
                    flushPending();
                    return;
                }
                try {
                    store.endWrite(list, id);
                    gate.succeeded();
                } catch (RuntimeException e) {
                    pendingBumps.put(id, list);
                    fault(null, "invalidation", e);
                }
            }
        };
    }

    /** Invalidates every entry that depends on writes to this table (e.g. after an outside bulk load). */
    public void invalidate(String table) {
        writing(everyOperation(table)).close();
    }

    /** Every counter of a table ({@code insert}, {@code update}, {@code delete}, {@code *}): entries may depend on any one of them. */
    private static List<Dependency> everyOperation(String table) {
        String name = TableNames.normalize(table);
        return Dependency.OPS.stream().map(op -> new Dependency(name, op)).toList();
    }

    /** Runs one statement (DML invalidates the tables it writes, found by parsing); returns the update count. */
    public int execute(String sql, Map<String, ?> params) {
        NamedParameters named = placeholders(sql);
        List<Object> values = named.values(params == null ? Map.of() : params, "execute");
        SqlAnalysis analysis = analysis(sql);
        if (dataSource != null && caller.active(dataSource)) {
            // The caller commits or rolls back: the ticket stays open until then, so nothing it wrote is kept.
            WriteTicket ticket = writing(analysis.writes());
            caller.afterCompletion(ticket::close);
            Connection c = null;
            try {
                c = caller.connection(dataSource);
                try (PreparedStatement ps = c.prepareStatement(named.sql())) {
                    bind(ps, values);
                    ps.execute();
                    return Math.max(0, ps.getUpdateCount());
                }
            } catch (SQLException e) {
                throw new DataFlowException("execute failed: " + e.getMessage() + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")"), e);
            } finally {
                if (c != null) caller.release(c, dataSource);
            }
        }
        try (WriteTicket ticket = writing(analysis.writes())) {
            try (Connection c = database().getConnection(); PreparedStatement ps = c.prepareStatement(named.sql())) {
                bind(ps, values);
                ps.execute();
                return Math.max(0, ps.getUpdateCount());
            } catch (SQLException e) {
                throw io.dataflow.SqlErrors.translate("execute", e);
            }
        }
    }

    public CacheStats stats() {
        Map<String, RuleStats> byRule = new LinkedHashMap<>();
        for (CacheRule r : rules) byRule.put(r.name(), counters.computeIfAbsent(r.name(), k -> new RuleCounters()).snapshot());
        counters.forEach((name, c) -> byRule.putIfAbsent(name, c.snapshot()));
        long storeEvictions = store == null ? 0 : store.evictions();
        return new CacheStats(store != null, config.backend().name().toLowerCase(java.util.Locale.ROOT), gate.available(),
                RuleCounters.sum(counters.values(), storeEvictions), byRule,
                store == null ? 0 : store.entryCount(), uncached.sum());
    }

    /** Entries and counters as the store holds them now (walks a Redis namespace with SCAN). */
    public CacheOverview overview() {
        if (store == null) throw new DataFlowException("the cache is disabled (cache_config enabled: false)");
        try {
            return new CacheOverview(config.backend().name().toLowerCase(java.util.Locale.ROOT), config.namespace(),
                    identity.scope(), identity.toString(), store.countEntries(), store.counters());
        } catch (CacheUnavailableException e) {
            throw new DataFlowException("the cache server did not answer: " + e.getMessage(), e);
        }
    }

    /**
     * Invalidates every entry that depends on writes to these tables and tells the other instances,
     * failing (instead of deferring) when the server is away: what an operator's command needs.
     */
    public void invalidateNow(Collection<String> tables) {
        if (store == null) throw new DataFlowException("the cache is disabled (cache_config enabled: false)");
        List<String> names = new ArrayList<>();
        for (String t : tables) for (Dependency d : everyOperation(t)) names.add(d.counter());
        String id = UUID.randomUUID().toString();
        try {
            store.beginWrite(names, id, System.currentTimeMillis() + WRITE_DEADLINE_MS);
            store.endWrite(names, id);
        } catch (CacheUnavailableException e) {
            throw new DataFlowException("the cache server did not answer: " + e.getMessage(), e);
        }
    }

    /** Failures of the cache server since start (each query was answered from the database). */
    public long failures() {
        return gate.failures();
    }

    SqlAnalysis analysis(String sql) {
        Prepared p = prepared.getIfPresent(sql);
        return p != null ? p.analysis() : SqlAnalysis.of(sql);
    }

    private Prepared prepare(String sql) {
        List<CacheRule> current = rules;
        Prepared p = prepared.getIfPresent(sql);
        if (p != null && p.ruleSet() == current) return p; // decided under the rules in force now
        SqlAnalysis a = p != null ? p.analysis() : SqlAnalysis.of(sql);
        CacheRule rule = null;
        if (a.readOnly() && a.parsed()) {
            String text = SIMPLE_QUOTED.matcher(sql.strip()).replaceAll("$1");
            for (CacheRule r : current) {
                if (r.matches(text)) {
                    rule = r;
                    break;
                }
            }
        }
        if (rule == null && a.readOnly() && a.parsed()) rule = warmRules.get(a.normalized());
        if (rule != null && rule.ttl().isZero()) rule = null;
        List<String> deps = List.of();
        RuleCounters c = null;
        if (rule != null) {
            Set<String> names = new TreeSet<>();
            if (rule.invalidateOn().isEmpty()) a.reads().forEach(t -> names.add(Dependency.any(t).counter()));
            else rule.invalidateOn().forEach(d -> names.add(d.counter()));
            deps = List.copyOf(names);
            c = counters.computeIfAbsent(rule.name(), k -> new RuleCounters());
            meters.rulesChanged(counters); // a rule added by warming gets its meters too
        }
        p = new Prepared(a, rule, c, deps, current);
        prepared.put(sql, p);
        return p;
    }

    /** The key_includes values: a context value of that name, or the one bound to {@code name = :param}; null if one is missing. */
    private static Map<String, Object> includes(Prepared p, String sql, Map<String, ?> context) {
        if (p.rule().keyIncludes().isEmpty()) return Map.of();
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : p.rule().keyIncludes()) {
            if (context.containsKey(name)) {
                out.put(name, context.get(name));
                continue;
            }
            Matcher m = Pattern.compile("(?i)\\b" + Pattern.quote(name) + "\\s*=\\s*:([A-Za-z_][A-Za-z0-9_]*)").matcher(sql);
            if (m.find() && context.containsKey(m.group(1))) out.put(name, context.get(m.group(1)));
            else return null;
        }
        return out;
    }

    private boolean serverUsable() {
        if (!gate.allowed()) return false;
        if (!pendingBumps.isEmpty()) return flushPending();
        return true;
    }

    /** Applies bumps that failed while the server was away, before anything is read from it again. */
    private boolean flushPending() {
        if (!gate.allowed()) return false;
        for (Map.Entry<String, List<String>> e : new ArrayList<>(pendingBumps.entrySet())) {
            try {
                store.endWrite(e.getValue(), e.getKey());
                pendingBumps.remove(e.getKey());
            } catch (RuntimeException ex) {
                fault(null, "invalidation", ex);
                return false;
            }
        }
        gate.succeeded();
        return true;
    }

    private void fault(RuleCounters c, String what, RuntimeException e) {
        if (c != null) c.errors.increment();
        gate.failed(what, e);
    }

    private static void deleteQuietly(CacheStore from, String key) {
        try {
            from.delete(key);
        } catch (RuntimeException ignored) {
            // The entry fails its check again next time.
        }
    }

    private QueryResult run(String sql, List<Object> values) {
        if (caller.active(database())) {
            Connection c = null;
            try {
                c = caller.connection(dataSource);
                return run(c, sql, values);
            } catch (SQLException e) {
                throw new DataFlowException("query failed: " + e.getMessage() + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")"), e);
            } finally {
                if (c != null) caller.release(c, dataSource);
            }
        }
        try (Connection c = database().getConnection()) {
            return run(c, sql, values);
        } catch (SQLException e) {
            throw io.dataflow.SqlErrors.translate("query", e);
        }
    }

    private DataSource database() {
        if (dataSource == null) throw new DataFlowException("this cache was opened without a database (QueryCache.detached): it cannot run queries");
        return dataSource;
    }

    static QueryResult run(Connection c, String sql, List<Object> values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, values);
            try (ResultSet rs = ps.executeQuery()) {
                return ResultReader.read(rs);
            }
        }
    }

    private static void bind(PreparedStatement ps, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v instanceof java.time.Instant t) v = java.time.OffsetDateTime.ofInstant(t, java.time.ZoneOffset.UTC);
            ps.setObject(i + 1, v);
        }
    }

    /** Starts the change-notification listener once (ChangeNotifications.install calls this). */
    synchronized void listenForChanges(Supplier<ChangeNotifications> start) {
        if (notifications == null && store != null) notifications = start.get();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (notifications != null) notifications.close();
        }
        hotKeys.close();
        if (store != null) store.close();
        if (localTier != null) localTier.close();
    }

    /** Tables a statement writes, as parsed (for tests and the CLI). */
    public static Set<Dependency> writesOf(String sql) {
        return new LinkedHashSet<>(SqlAnalysis.of(sql).writes());
    }
}
