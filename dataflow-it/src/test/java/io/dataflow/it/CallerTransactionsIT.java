package io.dataflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.DataFlow;
import io.dataflow.crud.CallerTransactions;
import io.dataflow.model.GuideRecords;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The core hook frameworks use to put DataFlow's CRUD and queries in their transactions: a plain
 * implementation here (one connection on this thread, run by the test), Spring's in the starter.
 */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class CallerTransactionsIT extends ServerTest {

    CallerTransactionsIT(TestServers.Server server) {
        super(server);
    }

    /** One transaction the test opens and ends itself; afterCompletion actions run when it ends. */
    static final class OneTransaction implements CallerTransactions {
        Connection connection;
        final List<Runnable> after = new ArrayList<>();

        void begin(DataSource ds) throws SQLException {
            connection = ds.getConnection();
            connection.setAutoCommit(false);
        }

        void end(boolean commit) throws SQLException {
            if (commit) connection.commit(); else connection.rollback();
            connection.close();
            connection = null;
            after.forEach(Runnable::run);
            after.clear();
        }

        @Override public boolean active(DataSource dataSource) { return connection != null; }
        @Override public Connection connection(DataSource dataSource) { return connection; }
        @Override public void release(Connection c, DataSource dataSource) { }
        @Override public void afterCompletion(Runnable action) { after.add(action); }
    }

    @Test
    void crudAndExecuteJoinTheCallersTransactionAndTheCacheKeepsNothingItWrote() throws SQLException {
        try (DataFlow flow = DataFlow.configure().url(db.url()).cache(Map.of("backend", "memory")).open()) {
            flow.register(GuideRecords.Product.class).sync();
            flow.cache().rules(io.dataflow.cache.CacheRule.parseAll(List.of(Map.of("pattern", ".*products.*", "ttl", 300)), "test"));
            OneTransaction tx = new OneTransaction();
            flow.callerTransactions(tx);
            String count = "SELECT count(*) AS n FROM products";
            assertThat(flow.query(count).rows().get(0).get("n")).isEqualTo(0L); // cached now

            tx.begin(flow.dataSource());
            Map<String, Object> lamp = flow.repository("Product").create(Map.of("name", "lamp", "price", 20.0));
            flow.execute("INSERT INTO products (name, price) VALUES ('desk', 90)");
            // Inside: both writes are seen (one connection), and the cache does not answer with its old count.
            assertThat(flow.query(count).rows().get(0).get("n")).isEqualTo(2L);
            assertThat(flow.repository("Product").read(lamp.get("id"))).isPresent();
            assertThat(db.value("SELECT count(*) FROM products")).isEqualTo("0"); // nothing committed yet
            tx.end(false);

            assertThat(db.value("SELECT count(*) FROM products")).isEqualTo("0");
            assertThat(flow.query(count).rows().get(0).get("n")).isEqualTo(0L);
            assertThat(flow.repository("Product").read(lamp.get("id"))).isEmpty();

            tx.begin(flow.dataSource());
            flow.repository("Product").create(Map.of("name", "chair", "price", 30.0));
            tx.end(true);
            assertThat(flow.query(count).rows().get(0).get("n")).isEqualTo(1L); // the commit invalidated the cached 0
        }
    }

    @Test
    void withoutACallerTransactionEachOperationCommitsItsOwn() {
        try (DataFlow flow = DataFlow.open(db.url())) {
            flow.register(GuideRecords.Product.class).sync();
            flow.callerTransactions(new OneTransaction()); // none begun
            flow.repository("Product").create(Map.of("name", "lamp", "price", 20.0));
            assertThat(db.value("SELECT count(*) FROM products")).isEqualTo("1");
        }
    }
}
