package io.dataflow.it.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dataflow.DataFlow;
import io.dataflow.connect.EmbeddedServers;
import io.dataflow.lock.DeadlockReport;
import io.dataflow.lock.LockMonitorOptions;
import io.dataflow.lock.LockMonitorOptions.Track;
import io.dataflow.spi.EmbeddedDatabase;
import io.dataflow.spi.EmbeddedSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deadlock details from the server log: needs a server that writes a log file (logging_collector
 * on), so this test starts its own embedded server; the shared test servers log to stderr, and the
 * monitor says so (see LockMonitorIT).
 */
class DeadlockLogIT {

    static EmbeddedDatabase server;

    @BeforeAll
    static void start() {
        server = EmbeddedServers.start(EmbeddedSettings.throwAway().withSetting("logging_collector", "on"), "locklog");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static String url() {
        String jdbc = server.jdbcUrl("locklog");
        return jdbc + (jdbc.contains("?") ? "&" : "?") + "user=" + server.user();
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl("locklog"), server.user(), null);
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void theLogTellsWhoDeadlockedOnWhatWithWhichQueries() throws Exception {
        try (Connection admin = connect()) {
            exec(admin, "CREATE TABLE accounts (id int PRIMARY KEY, v int NOT NULL); INSERT INTO accounts VALUES (1, 0), (2, 0)");
        }
        LockMonitorOptions deadlocks = LockMonitorOptions.defaults().withTrack(EnumSet.of(Track.DEADLOCKS));
        try (DataFlow flow = DataFlow.configure().url(url()).pool(1, 1, 30).open()) {
            DeadlockReport first = flow.locks().monitor(deadlocks).deadlocks();
            assertThat(first.log().readable()).as(first.log().reason()).isTrue();
            assertThat(first.log().file()).startsWith("log/");
            assertThat(first.log().entries()).isEmpty();

            try (Connection a = connect(); Connection b = connect()) {
                a.setAutoCommit(false);
                b.setAutoCommit(false);
                exec(a, "UPDATE accounts SET v = v + 1 WHERE id = 1");
                exec(b, "UPDATE accounts SET v = v + 1 WHERE id = 2");
                CompletableFuture<Void> aWaits = CompletableFuture.runAsync(() -> run(a, "UPDATE accounts SET v = v + 1 WHERE id = 2"));
                Poll.until(() -> flow.locks().monitor(LockMonitorOptions.defaults().withThresholds(0, 0)).lockWaits().size(), n -> n == 1, "a to wait");
                CompletableFuture<Void> bWaits = CompletableFuture.runAsync(() -> run(b, "UPDATE accounts SET v = v + 1 WHERE id = 1"));
                Throwable ea = catchThrowable(() -> aWaits.get(60, TimeUnit.SECONDS));
                Throwable eb = catchThrowable(() -> bWaits.get(60, TimeUnit.SECONDS));
                assertThat(ea == null ^ eb == null).as("exactly one victim: " + ea + " / " + eb).isTrue();
                a.rollback();
                b.rollback();
            }

            List<DeadlockReport.Entry> entries = new java.util.ArrayList<>();
            long[] counted = {0};
            Poll.until(() -> {
                DeadlockReport r = flow.locks().monitor(deadlocks).deadlocks();
                counted[0] += r.sinceLastCheck();
                entries.addAll(r.log().entries());
                return counted[0] >= 1 && !entries.isEmpty();
            }, done -> done, "the deadlock to be counted and logged");
            assertThat(counted[0]).isEqualTo(1);
            assertThat(entries).singleElement().satisfies(e -> {
                assertThat(e.lines().get(0)).contains("ERROR:  deadlock detected");
                assertThat(e.processes()).hasSize(2);
                assertThat(e.processes()).allSatisfy(p -> {
                    assertThat(p.waitsFor()).startsWith("ShareLock on transaction ");
                    assertThat(p.blockedBy()).isNotNull();
                    assertThat(p.query()).startsWith("UPDATE accounts SET v = v + 1 WHERE id = ");
                });
            });
            // Read once: the next check starts after it.
            assertThat(flow.locks().monitor(deadlocks).deadlocks().log().entries()).isEmpty();
        }
    }

    private static void run(Connection c, String sql) {
        try {
            exec(c, sql);
        } catch (SQLException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }
}
