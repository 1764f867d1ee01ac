package io.dataflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.DataFlow;
import io.dataflow.workflow.NodeResult;
import io.dataflow.workflow.Results;
import io.dataflow.workflow.RunHandle;
import io.dataflow.workflow.RunOptions;
import io.dataflow.workflow.Workflow;
import io.dataflow.workflow.WorkflowFiles;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a run from Java stops its statement on the server (issue 29): through its handle, an
 * interrupt of the thread running it, DataFlow.close() while it runs, and a workflow's timeout_ms.
 * The statement waits on a lock this test holds, so it would run until the lock is released.
 */
class RunCancellationIT {

    static final String QUERY = "SELECT count(*) FROM orders";
    TestDatabase db;
    DataFlow flow;
    Connection locker;

    @BeforeEach
    void lockedTable() throws Exception {
        db = TestServers.embedded().freshDatabase();
        db.execute("CREATE TABLE orders (id int PRIMARY KEY, total numeric)");
        flow = DataFlow.open(db.url());
        locker = db.connect();
        locker.setAutoCommit(false);
        try (Statement st = locker.createStatement()) {
            st.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
        }
    }

    @AfterEach
    void release() throws Exception {
        locker.rollback();
        locker.close();
        flow.close();
        db.close();
    }

    private Workflow blocked() {
        return flow.workflow().addNode("QueryPlanAnalyzerNode", "heavy", Map.of("query", QUERY, "timeout_ms", 600_000)).build();
    }

    @Test
    void cancellingTheHandleCancelsTheStatementOnTheServer() throws Exception {
        RunHandle handle = flow.runtime().start(blocked(), Map.of(), RunOptions.defaults());
        await("the statement waits on the lock", () -> waiting() == 1);
        handle.cancel();
        await("no DataFlow backend active", () -> active() == 0);
        Results r = handle.await();
        assertThat(r.node("heavy").status()).isEqualTo(NodeResult.Status.CANCELLED);
    }

    @Test
    void interruptingTheThreadRunningItCancelsTheStatementOnTheServer() throws Exception {
        AtomicReference<Results> out = new AtomicReference<>();
        Thread caller = new Thread(() -> out.set(flow.runtime().execute(blocked(), Map.of())));
        caller.start(); // one node: it runs inline on this thread, blocked in JDBC, which ignores interrupts
        await("the statement waits on the lock", () -> waiting() == 1);
        caller.interrupt();
        await("no DataFlow backend active", () -> active() == 0);
        caller.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(out.get().node("heavy").status()).isEqualTo(NodeResult.Status.CANCELLED);
        assertThat(out.get().node("heavy").error()).isEqualTo("the run was interrupted");
    }

    @Test
    void closingTheDataFlowWhileItRunsCancelsTheStatementOnTheServer() throws Exception {
        RunHandle handle = flow.runtime().start(blocked(), Map.of(), RunOptions.defaults());
        await("the statement waits on the lock", () -> waiting() == 1);
        flow.close();
        await("no DataFlow backend left", () -> all() == 0);
        assertThat(handle.await().node("heavy").status()).isEqualTo(NodeResult.Status.CANCELLED);
    }

    @Test
    void aWorkflowTimeoutMsCancelsTheStatementOnTheServer() throws Exception {
        Workflow w = WorkflowFiles.parse("timeout_ms: 1000\nnodes:\n  - {type: QueryPlanAnalyzerNode, id: heavy, config: {query: \""
                + QUERY + "\", timeout_ms: 600000}}\n", "test", flow.nodes());
        Results r = flow.runtime().execute(w, Map.of());
        assertThat(r.node("heavy").status()).isEqualTo(NodeResult.Status.CANCELLED);
        assertThat(r.node("heavy").error()).isEqualTo("the run timed out after 1000 ms");
        await("no DataFlow backend active", () -> active() == 0);
    }

    private int waiting() {
        return count("wait_event_type = 'Lock'");
    }

    private int active() {
        return count("state <> 'idle'");
    }

    private int all() {
        return count("true");
    }

    private int count(String condition) {
        return Integer.parseInt(db.value("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND application_name = 'dataflow' AND pid <> pg_backend_pid() AND (" + condition + ")"));
    }

    /** Polls (no fixed sleep as an assertion); 2 s for what cancellation promises, 60 s for setup. */
    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long limit = what.startsWith("the statement") ? 60_000 : 2_000;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limit);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not reached within " + limit + " ms: " + what);
            Thread.sleep(25);
        }
    }
}
