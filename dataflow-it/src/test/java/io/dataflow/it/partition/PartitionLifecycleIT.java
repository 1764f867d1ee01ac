package io.dataflow.it.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlowException;
import io.dataflow.it.ServerTest;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import io.dataflow.partition.MaintenanceReport;
import io.dataflow.partition.Operation;
import io.dataflow.partition.Partitions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The acceptance: the guide's Event model with 40 months of rows, one maintenance run, faults, pruning. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class PartitionLifecycleIT extends ServerTest {

    PartitionLifecycleIT(TestServers.Server server) {
        super(server);
    }

    static List<Operation> guideOperations(Path dir, boolean compress) {
        List<Map<String, Object>> ops = new ArrayList<>();
        ops.add(Map.of("type", "create_future", "months_ahead", 3));
        if (compress) ops.add(Map.of("type", "compress_old", "older_than_months", 6, "compression", "lz4"));
        ops.add(Map.of("type", "archive", "older_than_months", 12, "destination", dir.toUri().toString()));
        ops.add(Map.of("type", "drop", "older_than_months", 36));
        return Partitions.operations(ops);
    }

    @Test
    void oneMaintenanceRunOnFortyMonthsOfEvents() throws Exception {
        Path dir = Files.createTempDirectory("dataflow-archive-");
        try (EventData e = new EventData(db)) {
            long original = e.generate(12);
            assertThat(e.count("SELECT count(*) FROM events_default")).as("older rows start in DEFAULT").isGreaterThan(2000);

            MaintenanceReport report = e.flow.partitions().maintain("Event", guideOperations(dir, true), false);

            assertThat(e.count("SELECT count(*) FROM events_default")).isZero();
            assertThat(db.column("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent = 'events'::regclass AND c.relname > 'events_p2026_11' AND c.relname <> 'events_default'"))
                    .as("3 future partitions").containsExactlyInAnyOrder("events_p2026_12", "events_p2027_01", "events_p2027_02");
            // older than 12 months (ending by 2025-11-15): August 2023 .. October 2025, 27 partitions, archived and verified
            assertThat(e.count("SELECT count(*) FROM dataflow.partitions WHERE verified_at IS NOT NULL AND upper_bound <= '2025-11-15'")).isEqualTo(27);
            assertThat(e.count("SELECT count(*) FROM dataflow.partitions WHERE verified_at IS NOT NULL")).isEqualTo(27);
            // older than 36 months (ending by 2023-11-15): August, September, October 2023 dropped
            assertThat(db.column("SELECT partition FROM dataflow.partitions WHERE state = 'dropped' ORDER BY 1"))
                    .containsExactly("events_p2023_08", "events_p2023_09", "events_p2023_10");
            assertThat(db.value("SELECT to_regclass('events_p2023_08')")).isNull();
            long live = e.count("SELECT count(*) FROM events");
            long archivedAway = e.count("SELECT sum(archive_rows) FROM dataflow.partitions WHERE state = 'dropped'");
            assertThat(live + archivedAway).isEqualTo(original);
            assertThat(archivedAway).isPositive();
            // one data file and one manifest per archived partition, nothing else
            try (Stream<Path> files = Files.list(dir.resolve("events"))) {
                List<String> names = files.map(p -> p.getFileName().toString()).toList();
                assertThat(names).hasSize(54).allMatch(n -> n.endsWith(".tsv.zst") || n.endsWith(".manifest.json"));
            }
            assertThat(report.actions("compressed")).isNotEmpty();
            assertThat(e.count("SELECT count(*) FROM dataflow.partitions WHERE bytes_before IS NOT NULL AND bytes_after IS NOT NULL")).isPositive();

            // a second run changes nothing and writes no second archive
            MaintenanceReport again = e.flow.partitions().maintain("Event", guideOperations(dir, true), false);
            assertThat(again.actions()).allMatch(a -> a.action().equals("skipped"));
            try (Stream<Path> files = Files.list(dir.resolve("events"))) {
                assertThat(files.count()).isEqualTo(54);
            }
        }
    }

    @Test
    void partitionPruningScansOnlyTheMatchingPartitions() {
        try (EventData e = new EventData(db)) {
            e.generate(24);
            e.flow.partitions().maintain("Event", Partitions.operations(List.of(Map.of("type", "create_future", "months_ahead", 3))), false);
            db.execute("ANALYZE events");
            String plan = String.join("\n", db.column("EXPLAIN SELECT count(*) FROM events WHERE timestamp >= '2026-03-01T00:00:00Z'"
                    + " AND timestamp < '2026-04-01T00:00:00Z'"));
            assertThat(plan).contains("events_p2026_03").doesNotContain("events_p2026_02").doesNotContain("events_p2026_04")
                    .doesNotContain("events_default");
            String plan2 = String.join("\n", db.column("EXPLAIN SELECT count(*) FROM events WHERE timestamp >= '2026-03-01T00:00:00Z'"
                    + " AND timestamp < '2026-05-01T00:00:00Z'"));
            assertThat(plan2).contains("events_p2026_03").contains("events_p2026_04").doesNotContain("events_p2026_05");
        }
    }

    /** Thirteen months of rows are enough to archive and drop (the other partitions only cost time here). */
    static final String UNTIL = "2024-08-31T00:00:00Z";

    /** A stop at each named step, then a rerun: the same end state as an uninterrupted run, no row lost, no second archive. */
    @Test
    void aRunStoppedAtAnyStepIsCompletedByTheNextRun() throws Exception {
        String reference;
        try (TestDatabase ref = server.freshDatabase(); EventData e = new EventData(ref)) {
            Path dir = Files.createTempDirectory("dataflow-archive-ref-");
            long original = e.generate(24, UNTIL);
            e.flow.partitions().maintain("Event", guideOperations(dir, false), false);
            reference = fingerprint(e, dir, original);
        }
        for (String step : List.of("exported", "verified", "detached", "dropping")) {
            try (TestDatabase fresh = server.freshDatabase(); EventData e = new EventData(fresh)) {
                Path dir = Files.createTempDirectory("dataflow-archive-" + step + "-");
                long original = e.generate(24, UNTIL);
                String victim = step.equals("exported") || step.equals("verified") ? "events_p2024_06" : "events_p2023_09";
                e.flow.partitions().faultHook((at, partition) -> {
                    if (at.equals(step) && partition.equals(victim)) throw new Crash(step + " " + partition);
                });
                assertThatThrownBy(() -> e.flow.partitions().maintain("Event", guideOperations(dir, false), false))
                        .as(step).isInstanceOf(Crash.class);
                assertThat(e.count("SELECT count(*) FROM events") + e.count("SELECT coalesce(sum(archive_rows), 0) FROM dataflow.partitions"
                        + " WHERE state IN ('dropped', 'detached')")).as("no row lost after a stop at " + step).isEqualTo(original);
                e.flow.partitions().faultHook(null);
                e.flow.partitions().maintain("Event", guideOperations(dir, false), false);
                assertThat(fingerprint(e, dir, original)).as("rerun after a stop at " + step).isEqualTo(reference);
            }
        }
    }

    /** Partition states, archive files and the row balance, comparable between databases. */
    static String fingerprint(EventData e, Path dir, long original) throws IOException {
        List<String> lines = new ArrayList<>(e.db.column("SELECT partition || ' ' || state || ' ' || coalesce(archive_rows::text, '-') || ' '"
                + " || coalesce(archive_checksum, '-') || ' ' || (verified_at IS NOT NULL) FROM dataflow.partitions ORDER BY partition"));
        lines.addAll(e.db.column("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = 'events'::regclass ORDER BY 1"));
        lines.addAll(e.db.column("SELECT relname FROM pg_class WHERE relname LIKE 'events_p%' AND relkind = 'r' ORDER BY 1"));
        try (Stream<Path> files = Files.list(dir.resolve("events"))) {
            files.map(p -> p.getFileName().toString()).sorted().forEach(lines::add);
        }
        long live = e.count("SELECT count(*) FROM events");
        long away = e.count("SELECT coalesce(sum(archive_rows), 0) FROM dataflow.partitions WHERE state = 'dropped'");
        lines.add("live+archived=" + (live + away) + " of " + original);
        return String.join("\n", lines);
    }

    static final class Crash extends Error {
        Crash(String message) {
            super("simulated stop at " + message);
        }
    }

    @Test
    void withoutADefaultPartitionDetachIsConcurrent() throws Exception {
        Path dir = Files.createTempDirectory("dataflow-archive-concurrent-");
        try (EventData e = new EventData(db)) {
            long original = e.generate(48, "2023-12-31T00:00:00Z");
            e.flow.partitions().maintain("Event", Partitions.operations(List.of(Map.of("type", "create_future", "months_ahead", 3))), false);
            db.execute("DROP TABLE events_default"); // empty now; PostgreSQL allows CONCURRENTLY only without a DEFAULT partition
            MaintenanceReport report = e.flow.partitions().maintain("Event", Partitions.operations(List.of(
                    Map.of("type", "archive", "older_than_months", 37, "destination", dir.toUri().toString()),
                    Map.of("type", "drop", "older_than_months", 37))), false);
            assertThat(report.actions("detached")).hasSize(2).allSatisfy(a -> assertThat(a.detail()).isEqualTo("DETACH PARTITION CONCURRENTLY"));
            assertThat(report.actions("dropped")).extracting(a -> a.partition()).containsExactly("events_p2023_08", "events_p2023_09");
            assertThat(e.count("SELECT count(*) FROM events") + e.count("SELECT sum(archive_rows) FROM dataflow.partitions WHERE state = 'dropped'"))
                    .isEqualTo(original);
        }
    }

    @Test
    void oneRunPerTableAtATime() throws Exception {
        try (EventData e = new EventData(db); java.sql.Connection other = db.connect(); java.sql.Statement st = other.createStatement()) {
            st.execute("SELECT pg_advisory_lock(hashtext('dataflow.partitions:events'))"); // another process maintaining events
            assertThatThrownBy(() -> e.flow.partitions().maintain("Event", Partitions.operations(List.of(Map.of("type", "create_future"))), false))
                    .hasMessageContaining("partition maintenance of events is running elsewhere");
            st.execute("SELECT pg_advisory_unlock(hashtext('dataflow.partitions:events'))");
            e.flow.partitions().maintain("Event", Partitions.operations(List.of(Map.of("type", "create_future"))), false);
        }
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsDone() {
        try (EventData e = new EventData(db)) {
            e.generate(48, "2023-09-30T00:00:00Z");
            List<String> before = db.catalogFingerprint();
            assertThatThrownBy(() -> Partitions.operations(List.of(Map.of("type", "shrink"))))
                    .hasMessageContaining("operations[0].type").hasMessageContaining("'shrink' is not an operation")
                    .hasMessageContaining("create_future, compress_old, archive, drop");
            assertThatThrownBy(() -> Partitions.operations(List.of(Map.of("type", "drop", "older_than_months", -3))))
                    .hasMessageContaining("older_than_months").hasMessageContaining("0 or more months, got -3");
            assertThatThrownBy(() -> Partitions.operations(List.of(Map.of("type", "archive", "destination", "ftp://host/dir/"))))
                    .hasMessageContaining("destination").hasMessageContaining("scheme 'ftp'").hasMessageContaining("file:///dir/, s3://bucket/prefix/");
            assertThatThrownBy(() -> Partitions.operations(List.of(Map.of("type", "archive", "destination", "file:///tmp/x/", "compression", "brotli"))))
                    .hasMessageContaining("compression").hasMessageContaining("zstd, lz4, gzip, none");
            e.flow.register(io.dataflow.model.ModelSpec.fromMap(Map.of("name", "Note", "fields", Map.of("id", "int", "body", "str"))));
            assertThatThrownBy(() -> e.flow.partitions().maintain("Note", Partitions.operations(List.of(Map.of("type", "create_future"))), false))
                    .isInstanceOf(DataFlowException.class).hasMessageContaining("model Note is not partitioned");
            // through the node: refused at build time, naming node and key
            assertThatThrownBy(() -> e.flow.workflow().addNode("PartitionMaintenanceNode", "maintain_partitions", Map.of("model", "Event",
                    "operations", List.of(Map.of("type", "drop", "older_than_months", -1)))).build())
                    .hasMessageContaining("maintain_partitions").hasMessageContaining("older_than_months");
            assertThat(db.catalogFingerprint()).isEqualTo(before);
            // sync() registered the automatic job (the jobs tables only); refused maintenance created no partition state
            assertThat(db.value("SELECT to_regclass('dataflow.jobs') IS NOT NULL")).isEqualTo("t");
            assertThat(db.value("SELECT to_regclass('dataflow.partitions')")).as("no partition state created").isNull();
            assertThat(db.value("SELECT to_regclass('dataflow.partition_log')")).as("nothing logged").isNull();
        } catch (RuntimeException ex) {
            throw ex;
        }
    }
}
