package io.dataflow.it.partition;

import io.dataflow.DataFlow;
import io.dataflow.it.MutableClock;
import io.dataflow.it.TestDatabase;
import io.dataflow.model.ModelFiles;
import io.dataflow.model.ModelSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The guide's Event model on a fresh database, "now" pinned, with 40 months of small generated rows. */
final class EventData implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");
    /** 40 months: August 2023 through November 2026. */
    static final String FIRST = "2023-08-01T00:00:00Z";

    final TestDatabase db;
    final MutableClock clock = new MutableClock(NOW);
    final DataFlow flow;

    EventData(TestDatabase db) {
        this.db = db;
        this.flow = DataFlow.configure().url(db.url()).pool(1, 3, 10).clock(clock).open();
        flow.registerAll(models());
        flow.sync(); // November 2026 plus 3 ahead, and DEFAULT: the older rows land in DEFAULT
    }

    static List<ModelSpec> models() {
        return ModelFiles.read(Path.of("../examples/guide-models.yaml")).stream()
                .filter(m -> m.name().equals("Event") || m.name().equals("Customer")).toList();
    }

    /** {@code hours} apart from August 2023 up to now; returns the row count. */
    long generate(int hours) {
        return generate(hours, NOW.toString());
    }

    /** As {@link #generate(int)}, up to {@code until} only: fewer partitions for tests that need only the oldest months. */
    long generate(int hours, String until) {
        db.execute("INSERT INTO events (timestamp, event_type, data) SELECT ts, 'e' || (extract(epoch FROM ts)::bigint % 3),"
                + " jsonb_build_object('n', extract(epoch FROM ts)::bigint) FROM generate_series(timestamptz '" + FIRST + "', timestamptz '"
                + until + "', interval '" + hours + " hours') ts");
        return count("SELECT count(*) FROM events");
    }

    long count(String sql) {
        String v = db.value(sql);
        return v == null ? 0 : Long.parseLong(v);
    }

    @Override
    public void close() {
        flow.close();
    }
}
