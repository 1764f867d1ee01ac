package io.dataflow.it.crud;

import io.dataflow.DataFlow;
import io.dataflow.crud.ModelRepository;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import io.dataflow.model.ModelFiles;
import io.dataflow.model.ModelSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/** A fresh database with models synced, a settable clock, and repositories on it. */
final class CrudDatabase implements AutoCloseable {

    /** A clock the test moves by hand, to see created_at and updated_at change. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final Instant NOV_15_2026 = Instant.parse("2026-11-15T12:00:00Z");

    final TestDatabase db;
    final DataFlow flow;
    final TestClock clock = new TestClock(NOV_15_2026);

    CrudDatabase(TestServers.Server server, List<ModelSpec> models) {
        db = server.freshDatabase();
        flow = DataFlow.configure().url(db.url()).pool(1, 3, 10).clock(clock).open();
        flow.registerAll(models);
        flow.sync();
    }

    static List<ModelSpec> guide(String... names) {
        List<String> wanted = List.of(names);
        return ModelFiles.read(Path.of("../examples/guide-models.yaml")).stream().filter(m -> wanted.contains(m.name())).toList();
    }

    ModelRepository repository(String model) {
        return new ModelRepository(flow.dataSource(), flow.model(model).orElseThrow(), clock);
    }

    long count(String table) {
        return Long.parseLong(db.value("SELECT count(*) FROM " + table));
    }

    String value(String sql) {
        return db.value(sql);
    }

    List<String> column(String sql) {
        return db.column(sql);
    }

    @Override
    public void close() {
        try {
            flow.close();
        } finally {
            db.close();
        }
    }
}
