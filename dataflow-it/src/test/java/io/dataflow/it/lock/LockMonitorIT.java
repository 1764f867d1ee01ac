package io.dataflow.it.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.DataFlow;
import io.dataflow.Json;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import io.dataflow.lock.Blocker;
import io.dataflow.lock.LockMonitorOptions;
import io.dataflow.lock.LockMonitorOptions.Track;
import io.dataflow.lock.LockReport;
import io.dataflow.lock.LockWait;
import io.dataflow.lock.LongHeldLock;
import io.dataflow.lock.WaitGraph;
import io.dataflow.workflow.Results;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Real lock conflicts between real sessions, seen by the monitor. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class LockMonitorIT {

    static final String HOLD = "UPDATE accounts SET v = v + 1 WHERE id = 1";
    static final String WAIT = "UPDATE accounts SET v = v + 10 WHERE id = 1";

    final TestServers.Server server;
    TestDatabase db;
    DataFlow flow;
    final List<Session> sessions = new ArrayList<>();

    LockMonitorIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void open() {
        db = server.freshDatabase();
        db.execute("CREATE TABLE accounts (id int PRIMARY KEY, v int NOT NULL); INSERT INTO accounts VALUES (1, 0), (2, 0), (3, 0)");
        flow = DataFlow.configure().url(db.url()).pool(1, 3, 30).open();
    }

    /** Sessions close in the order they were opened: blockers first, so waiters are released, not stranded. */
    @AfterEach
    void close() throws SQLException {
        try {
            for (Session s : sessions) s.close();
        } finally {
            flow.close();
            db.close();
        }
    }

    private Session session(String name) throws SQLException {
        Session s = new Session(db, name);
        sessions.add(s);
        return s;
    }

    private static LockMonitorOptions everything(boolean plans) {
        return LockMonitorOptions.defaults().withThresholds(0, 0).withCapture(true, true, plans);
    }

    private LockReport untilWaiting(LockMonitorOptions options, int... pids) {
        return Poll.until(() -> flow.locks().monitor(options), r -> java.util.Arrays.stream(pids)
                .allMatch(p -> r.lockWaits().stream().anyMatch(w -> w.pid() == p)), "sessions " + java.util.Arrays.toString(pids) + " to wait");
    }

    private static LockWait waitOf(LockReport r, int pid) {
        return r.lockWaits().stream().filter(w -> w.pid() == pid).findFirst().orElseThrow();
    }

    @Test
    void twoSessionsInConflict() throws Exception {
        Session holder = session("holder");
        Session waiter = session("waiter");
        holder.begin().exec(HOLD);
        CompletableFuture<Void> blocked = waiter.async(WAIT);

        LockReport r = untilWaiting(everything(true), waiter.pid());
        assertThat(r.database()).isEqualTo(db.value("SELECT current_database()"));
        LockWait w = waitOf(r, waiter.pid());
        assertThat(w.mode()).isEqualTo("ShareLock");
        assertThat(w.query()).isEqualTo(WAIT);
        assertThat(w.application()).isEqualTo("waiter");
        assertThat(w.object().type()).isEqualTo("row");
        assertThat(w.object().relation()).isEqualTo("accounts");
        assertThat(w.object().ctid()).isEqualTo("(0,1)");
        assertThat(w.object().transactionId()).isNotBlank();
        assertThat(w.object().description()).startsWith("row (0,1) of accounts (held by transaction ");
        assertThat(w.blockers()).singleElement().satisfies(b -> {
            assertThat(b.pid()).isEqualTo(holder.pid());
            assertThat(b.state()).isEqualTo("idle in transaction");
            assertThat(b.query()).isEqualTo(HOLD);
            assertThat(b.waiting()).isFalse();
            assertThat(b.heldModes()).containsExactly("ExclusiveLock");
            assertThat(b.transactionAgeS()).isNotNull().isGreaterThanOrEqualTo(0);
        });
        assertThat(w.plan().planned()).as(String.valueOf(w.plan().reason())).isTrue();
        assertThat(w.plan().plan()).contains("Update on accounts");

        WaitGraph g = r.waitGraph();
        assertThat(g.roots()).singleElement().satisfies(root -> {
            assertThat(root.pid()).isEqualTo(holder.pid());
            assertThat(root.query()).isEqualTo(HOLD);
            assertThat(root.waiters()).extracting(WaitGraph.Tree::pid).containsExactly(waiter.pid());
        });
        assertThat(g.edges()).containsExactly(new WaitGraph.Edge(waiter.pid(), holder.pid(), "ShareLock", w.object().description(), false));
        assertThat(g.cycles()).isEmpty();
        assertThat(g.dot()).contains("\"" + holder.pid() + "\" -> \"" + waiter.pid() + "\"");
        assertThat(g.text()).startsWith("pid " + holder.pid() + " (idle in transaction): " + HOLD);
        assertThat(r.alerts()).anyMatch(a -> a.startsWith("pid " + waiter.pid() + " has waited") && a.contains("blocked by pid " + holder.pid()));
        assertThat(r.longHeldLocks()).anyMatch(h -> h.pid() == holder.pid() && h.idleInTransaction() && h.blocking() == 1);

        // Below the threshold the wait is not reported, but the graph still shows it.
        LockReport quiet = flow.locks().monitor(LockMonitorOptions.defaults().withThresholds(3_600_000, 3600));
        assertThat(quiet.lockWaits()).isEmpty();
        assertThat(quiet.waitGraph().roots()).extracting(WaitGraph.Tree::pid).containsExactly(holder.pid());
        assertThat(quiet.longHeldLocks()).isEmpty();

        holder.rollback();
        blocked.get(60, TimeUnit.SECONDS);
        assertThat(flow.locks().monitor(everything(false)).lockWaits()).isEmpty();
    }

    @Test
    void aChainOfThreeShowsTheRootBlockerFirst() throws Exception {
        Session root = session("root");
        Session middle = session("middle");
        Session last = session("last");
        root.begin().exec(HOLD);
        middle.begin().exec("UPDATE accounts SET v = v + 1 WHERE id = 2");
        CompletableFuture<Void> m = middle.async(WAIT);                               // waits for root
        untilWaiting(everything(false), middle.pid());
        CompletableFuture<Void> l = last.async("UPDATE accounts SET v = v + 5 WHERE id = 2"); // waits for middle

        LockReport r = untilWaiting(everything(false), middle.pid(), last.pid());
        assertThat(r.lockWaits()).extracting(LockWait::pid).containsExactly(middle.pid(), last.pid()); // longest wait first
        assertThat(waitOf(r, last.pid()).blockers()).extracting(Blocker::pid).containsExactly(middle.pid());
        assertThat(waitOf(r, last.pid()).blockers().get(0).waiting()).isTrue();
        WaitGraph g = r.waitGraph();
        assertThat(g.roots()).hasSize(1);
        WaitGraph.Tree top = g.roots().get(0);
        assertThat(top.pid()).isEqualTo(root.pid());
        assertThat(top.waiters()).singleElement().satisfies(t -> {
            assertThat(t.pid()).isEqualTo(middle.pid());
            assertThat(t.waiters()).extracting(WaitGraph.Tree::pid).containsExactly(last.pid());
        });
        assertThat(g.nodes()).filteredOn(n -> n.pid() == root.pid()).singleElement().extracting(WaitGraph.Node::blocks).isEqualTo(2);
        List<String> lines = g.text().lines().toList();
        assertThat(lines.get(0)).startsWith("pid " + root.pid());
        assertThat(lines.get(1)).startsWith("└── pid " + middle.pid());
        assertThat(lines.get(2)).startsWith("    └── pid " + last.pid());

        JsonNode json = new ObjectMapper().readTree(Json.write(r));
        assertThat(json.at("/wait_graph/roots/0/pid").asInt()).isEqualTo(root.pid());
        assertThat(json.at("/wait_graph/roots/0/waiters/0/waiters/0/pid").asInt()).isEqualTo(last.pid());

        root.rollback();
        m.get(60, TimeUnit.SECONDS);
        middle.rollback();
        l.get(60, TimeUnit.SECONDS);
    }

    @Test
    void aProvokedDeadlockRaisesTheCountByOne() throws Exception {
        LockMonitorOptions deadlocks = LockMonitorOptions.defaults().withTrack(EnumSet.of(Track.DEADLOCKS));
        // a lock check alone writes nothing: the counter is in memory until asked to be kept in the database
        assertThat(flow.locks().monitor(deadlocks).deadlocks().rememberedIn()).startsWith("memory (dataflow.lock_monitor_state");
        assertThat(db.value("SELECT to_regnamespace('dataflow')")).isNull();
        flow.locks().rememberInDatabase();
        LockReport first = flow.locks().monitor(deadlocks);
        assertThat(first.deadlocks().sinceLastCheck()).isZero(); // counted from the in-memory check before
        assertThat(first.deadlocks().rememberedIn()).isEqualTo("dataflow.lock_monitor_state");
        assertThat(first.deadlocks().log().readable()).isFalse(); // the test servers log to stderr
        assertThat(first.deadlocks().log().reason()).contains("logging_collector is off");
        assertThat(flow.locks().monitor(deadlocks).deadlocks().sinceLastCheck()).isZero();

        Session a = session("a");
        Session b = session("b");
        a.begin().exec("UPDATE accounts SET v = v + 1 WHERE id = 1");
        b.begin().exec("UPDATE accounts SET v = v + 1 WHERE id = 2");
        CompletableFuture<Void> aWaits = a.async("UPDATE accounts SET v = v + 1 WHERE id = 2");
        untilWaiting(everything(false), a.pid());
        CompletableFuture<Void> bWaits = b.async("UPDATE accounts SET v = v + 1 WHERE id = 1"); // closes the cycle
        Throwable ea = catchThrowable(() -> aWaits.get(60, TimeUnit.SECONDS));
        Throwable eb = catchThrowable(() -> bWaits.get(60, TimeUnit.SECONDS));
        List<String> states = new ArrayList<>();
        for (Throwable t : new Throwable[] {ea, eb}) {
            if (t != null) states.add(((SQLException) t.getCause()).getSQLState()); // get() unwraps to the statement's SQLException
        }
        assertThat(states).containsExactly("40P01"); // exactly one victim
        a.rollback();
        b.rollback();
        a.close(); // a backend that ends flushes its statistics at once
        b.close();

        long[] seen = {0};
        Poll.until(() -> seen[0] += flow.locks().monitor(deadlocks).deadlocks().sinceLastCheck(), s -> s >= 1, "the deadlock to be counted");
        LockReport after = flow.locks().monitor(deadlocks);
        assertThat(seen[0] + after.deadlocks().sinceLastCheck()).isEqualTo(1);
        assertThat(after.deadlocks().total()).isEqualTo(first.deadlocks().total() + 1);
        assertThat(after.deadlocks().previousCheck()).isNotNull();

        // The count is remembered in the dataflow schema: a new process continues from it.
        try (DataFlow other = DataFlow.configure().url(db.url()).pool(1, 1, 30).open()) {
            assertThat(other.locks().monitor(deadlocks).deadlocks().sinceLastCheck()).isZero();
        }
        assertThat(db.value("SELECT deadlocks FROM dataflow.lock_monitor_state")).isEqualTo(String.valueOf(after.deadlocks().total()));
    }

    @Test
    void longHeldLocksFlagIdleTransactionsAndSessionLevelAdvisoryLocks() throws Exception {
        Session idle = session("idle");
        Session advisory = session("advisory");
        Session wanting = session("wanting");
        idle.begin().exec("UPDATE accounts SET v = v + 1 WHERE id = 3");
        advisory.exec("SELECT pg_advisory_lock(42)");
        CompletableFuture<Void> w = wanting.async("SELECT pg_advisory_lock(42)");
        LockReport r = untilWaiting(everything(false), wanting.pid());

        LongHeldLock held = r.longHeldLocks().stream().filter(h -> h.pid() == idle.pid()).findFirst().orElseThrow();
        assertThat(held.idleInTransaction()).isTrue();
        assertThat(held.sessionLevel()).isFalse();
        assertThat(held.state()).isEqualTo("idle in transaction");
        assertThat(held.held()).contains("RowExclusiveLock on accounts");
        assertThat(held.query()).isEqualTo("UPDATE accounts SET v = v + 1 WHERE id = 3");
        LongHeldLock session = r.longHeldLocks().stream().filter(h -> h.pid() == advisory.pid()).findFirst().orElseThrow();
        assertThat(session.sessionLevel()).isTrue();
        assertThat(session.held()).containsExactly("ExclusiveLock on advisory lock 42");
        assertThat(session.blocking()).isEqualTo(1);

        LockWait adv = waitOf(r, wanting.pid());
        assertThat(adv.object().type()).isEqualTo("advisory");
        assertThat(adv.object().advisoryKey()).isEqualTo("42");
        assertThat(adv.mode()).isEqualTo("ExclusiveLock");
        assertThat(adv.blockers()).extracting(Blocker::pid).containsExactly(advisory.pid());
        assertThat(adv.plan()).isNull(); // not captured

        advisory.exec("SELECT pg_advisory_unlock(42)");
        w.get(60, TimeUnit.SECONDS);
    }

    @Test
    void plansAreRefusedForBindParametersAndTableLocksDoNotBlockTheMonitor() throws Exception {
        Session holder = session("holder");
        Session prepared = session("prepared");
        Session reader = session("reader");
        holder.begin().exec(HOLD);
        CompletableFuture<Void> p = prepared.asyncPrepared("UPDATE accounts SET v = v + ? WHERE id = ?", 1, 1);
        LockWait w = waitOf(untilWaiting(everything(true), prepared.pid()), prepared.pid());
        assertThat(w.query()).isEqualTo("UPDATE accounts SET v = v + $1 WHERE id = $2");
        assertThat(w.plan().planned()).isFalse();
        assertThat(w.plan().reason()).contains("bind parameters ($1)");
        holder.rollback();
        p.get(60, TimeUnit.SECONDS);

        // An ACCESS EXCLUSIVE lock: planning the blocked SELECT would wait too; the monitor gives up after lock_timeout.
        holder.exec("LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE");
        CompletableFuture<Void> read = reader.async("SELECT count(*) FROM accounts");
        LockWait tw = waitOf(untilWaiting(everything(true), reader.pid()), reader.pid());
        assertThat(tw.mode()).isEqualTo("AccessShareLock");
        assertThat(tw.object().type()).isEqualTo("table");
        assertThat(tw.object().description()).isEqualTo("table accounts");
        assertThat(tw.blockers()).singleElement().satisfies(b -> assertThat(b.heldModes()).containsExactly("AccessExclusiveLock"));
        assertThat(tw.plan().planned()).isFalse();
        assertThat(tw.plan().reason()).contains("lock_timeout");
        holder.rollback();
        read.get(60, TimeUnit.SECONDS);
    }

    @Test
    void sessionsNearMaxLocksPerTransactionAreFlaggedAndEscalationIsNotApplicable() throws Exception {
        StringBuilder ddl = new StringBuilder();
        List<String> tables = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ddl.append("CREATE TABLE part_").append(i).append(" (id int);");
            tables.add("part_" + i);
        }
        db.execute(ddl.toString());
        Session many = session("many");
        many.begin().exec("LOCK TABLE " + String.join(", ", tables) + " IN ACCESS SHARE MODE");
        LockReport r = flow.locks().monitor(LockMonitorOptions.defaults().withTrack(EnumSet.of(Track.LOCK_ESCALATIONS)));
        assertThat(r.lockWaits()).isNull();
        assertThat(r.lockEscalations().applicable()).isFalse();
        assertThat(r.lockEscalations().note()).contains("does not escalate row locks to table locks");
        int perTransaction = Integer.parseInt(db.value("SHOW max_locks_per_transaction"));
        assertThat(r.lockEscalations().maxLocksPerTransaction()).isEqualTo(perTransaction);
        assertThat(r.lockEscalations().lockTableCapacity()).isGreaterThanOrEqualTo(perTransaction * 100L);
        Optional<io.dataflow.lock.LockEscalations.Session> s = r.lockEscalations().sessions().stream().filter(x -> x.pid() == many.pid()).findFirst();
        if (perTransaction <= 64) {
            assertThat(s).hasValueSatisfying(x -> {
                assertThat(x.locks()).isGreaterThanOrEqualTo(60);
                assertThat(x.inSharedTable()).isGreaterThan(0); // beyond the 16 fast-path slots
                assertThat(x.shareOfLimit()).isGreaterThanOrEqualTo(0.8);
            });
            assertThat(r.alerts()).anyMatch(a -> a.startsWith("pid " + many.pid() + " holds"));
        }
        many.rollback();
    }

    @Test
    void theNodeTakesTheGuidesConfigAndCanLeaveQueriesOut() throws Exception {
        Session holder = session("holder");
        Session waiter = session("waiter");
        holder.begin().exec(HOLD);
        CompletableFuture<Void> blocked = waiter.async(WAIT);
        untilWaiting(everything(false), waiter.pid());

        Results results = flow.runtime().execute(flow.workflow().addNode("LockMonitorNode", "monitor_locks", Map.of(
                "track", List.of("lock_waits", "deadlocks", "long_held_locks", "lock_escalations"),
                "thresholds", Map.of("wait_time_ms", 0, "hold_time_s", 0),
                "capture", Map.of("blocking_queries", true, "wait_graphs", true, "query_plans", true))).build());
        Map<String, Object> out = results.output("monitor_locks");
        assertThat(out).containsKeys("checked_at", "database", "lock_waits", "wait_graph", "deadlocks", "long_held_locks", "lock_escalations", "alerts");
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) out.get("lock_waits")).get(0);
        assertThat(first).containsEntry("pid", waiter.pid()).containsEntry("query", WAIT).containsKeys("waiting_ms", "blockers", "plan");
        assertThat(Json.write(results)).contains("\"dot\" : \"digraph lock_waits {");

        LockReport bare = flow.locks().monitor(LockMonitorOptions.defaults().withThresholds(0, 0).withCapture(false, true, false));
        LockWait w = waitOf(bare, waiter.pid());
        assertThat(w.query()).isNull();
        assertThat(w.blockers()).allSatisfy(b -> assertThat(b.query()).isNull());
        assertThat(bare.waitGraph().nodes()).allSatisfy(n -> assertThat(n.query()).isNull());
        assertThat(bare.longHeldLocks()).allSatisfy(h -> assertThat(h.query()).isNull());

        holder.rollback();
        blocked.get(60, TimeUnit.SECONDS);
    }
}
