package io.dataflow.it.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dataflow.DataFlow;
import io.dataflow.crud.ModelRepository;
import io.dataflow.crud.Query;
import io.dataflow.model.ModelSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CRUD behind a real transaction-pooling PgBouncer (started by .ci/services.sh start_pgbouncer on 6432). */
class PgBouncerIT {

    static final String DIRECT = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String BOUNCER = "jdbc:postgresql://127.0.0.1:6432/";
    String database;

    @BeforeEach
    void databaseBehindPgBouncer() throws SQLException {
        try (Connection c = DriverManager.getConnection(BOUNCER + "postgres", "postgres", null)) {
            assumeTrue(c.isValid(2));
        } catch (SQLException e) {
            assumeTrue(false, "no PgBouncer answers on 127.0.0.1:6432 (" + e.getMessage() + "); start one with"
                    + " `source .ci/services.sh && start_pgbouncer`");
        }
        database = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(DIRECT, "postgres", null)) {
            c.createStatement().execute("CREATE DATABASE " + database);
        }
    }

    @AfterEach
    void drop() throws SQLException {
        if (database == null) return;
        try (Connection c = DriverManager.getConnection(DIRECT, "postgres", null)) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void crudRunsWithoutPreparedStatementErrorsInTransactionMode() throws Exception {
        try (DataFlow flow = DataFlow.configure().url(BOUNCER + database + "?user=postgres").pool(4, 0, 30).open()) {
            var w = flow.workflow();
            w.addNode("PreparedStatementNode", "configure_prepared", Map.of("pgbouncer_transaction_mode", true, "cache_size", 500));
            Map<String, Object> out = flow.runtime().execute(w.build()).output("configure_prepared");
            assertThat(out).containsEntry("prepare_threshold", 0).containsEntry("pgbouncer_transaction_mode", true);
            flow.register(ModelSpec.fromMap(Map.of("name", "Note", "fields", Map.of("body", "str", "n", "int"))));
            flow.sync();
            ModelRepository notes = flow.repository("Note");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    work.add(pool.submit(() -> {
                        for (int i = 0; i < 30; i++) {
                            Map<String, Object> row = notes.create(Map.of("body", "note " + thread + "/" + i, "n", i));
                            Object id = row.get("id");
                            assertThat(notes.read(id)).isPresent();
                            notes.update(Map.of("id", id), Map.of("n", i + 1));
                            notes.list(Query.of(Map.of("n", Map.of("$gte", 0))).page(5, 0));
                            if (i % 3 == 0) notes.delete(id);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) f.get(); // any "prepared statement S_1 does not exist" would surface here
            } finally {
                pool.shutdownNow();
            }
            assertThat(notes.list(Query.all().page(1000, 0)).rows()).hasSize(8 * 20);
        }
    }
}
