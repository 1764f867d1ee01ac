package io.dataflow.it.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlow;
import io.dataflow.it.ServerTest;
import io.dataflow.it.TestServers;
import io.dataflow.model.ModelSpec;
import io.dataflow.partition.MaintenanceReport;
import io.dataflow.partition.PartitionStatus;
import io.dataflow.partition.Partitions;
import io.dataflow.schedule.Job;
import io.dataflow.schedule.JobRun;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** create_future on range and list models, DEFAULT's rows, compress_old's honesty, the scheduled job, status. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class PartitionLayoutIT extends ServerTest {

    PartitionLayoutIT(TestServers.Server server) {
        super(server);
    }

    private static final List<Object> CREATE = List.of(Map.of("type", "create_future"));

    @Test
    void rowsStuckInDefaultMoveIntoTheirNewPartitionInTheSameTransaction() {
        try (EventData e = new EventData(db)) {
            // early data: May 2027 is beyond the partitions created ahead, so it lands in DEFAULT
            db.execute("INSERT INTO events (timestamp, event_type) VALUES ('2027-05-03T10:00:00Z', 'early'), ('2027-05-20T10:00:00Z', 'early')");
            assertThat(e.count("SELECT count(*) FROM events_default")).isEqualTo(2);
            // what plain PostgreSQL does when the partition is created with the rows still in DEFAULT
            assertThatThrownBy(() -> db.execute("CREATE TABLE events_p2027_05 PARTITION OF events FOR VALUES FROM ('2027-05-01 00:00:00+00') TO ('2027-06-01 00:00:00+00')"))
                    .hasMessageContaining("updated partition constraint for default partition");

            PartitionStatus status = e.flow.partitions().status("Event", Partitions.operations(CREATE));
            assertThat(status.defaultRows()).isEqualTo(2);

            e.clock.set(Instant.parse("2027-03-10T00:00:00Z"));
            MaintenanceReport report = e.flow.partitions().maintain("Event", Partitions.operations(CREATE), false);
            assertThat(report.actions("created")).extracting(a -> a.partition() + " " + a.detail())
                    .contains("events_p2027_05 2027-05-01 up to 2027-06-01 (UTC), moved 2 rows out of DEFAULT in the same transaction")
                    .anyMatch(s -> s.startsWith("events_p2027_03 "))
                    .anyMatch(s -> s.startsWith("events_p2027_06 "));
            assertThat(e.count("SELECT count(*) FROM events_default")).isZero();
            assertThat(e.count("SELECT count(*) FROM events_p2027_05")).isEqualTo(2);
            assertThat(e.count("SELECT count(*) FROM events")).isEqualTo(2);
        }
    }

    @Test
    void everyIntervalCreatesAheadAndRehomesDefaultRows() {
        Map<String, List<String>> expected = Map.of(
                "daily", List.of("logs_daily_p2026_11_15", "logs_daily_p2026_11_16", "logs_daily_p2026_11_17", "logs_daily_p2026_11_18", "logs_daily_p2026_11_02"),
                "weekly", List.of("logs_weekly_p2026w46", "logs_weekly_p2026w47", "logs_weekly_p2026w48", "logs_weekly_p2026w49", "logs_weekly_p2026w45", "logs_weekly_p2024w10"),
                "monthly", List.of("logs_monthly_p2026_11", "logs_monthly_p2026_12", "logs_monthly_p2027_01", "logs_monthly_p2027_02", "logs_monthly_p2026_08"),
                "yearly", List.of("logs_yearly_p2026", "logs_yearly_p2027", "logs_yearly_p2028", "logs_yearly_p2029", "logs_yearly_p2024"));
        try (DataFlow flow = DataFlow.configure().url(db.url()).pool(1, 3, 10).clock(new io.dataflow.it.MutableClock(EventData.NOW)).open()) {
            for (String interval : expected.keySet()) {
                flow.register(ModelSpec.fromMap(Map.of("name", "Log_" + interval, "table", "logs_" + interval,
                        "fields", Map.of("id", "int", "at", "datetime", "msg", "str"),
                        "dataflow", Map.of("partitioning", Map.of("strategy", "range", "key", "at", "interval", interval,
                                "automatic", Map.of("create_ahead", 3))))));
            }
            flow.sync();
            for (String interval : expected.keySet()) {
                db.execute("INSERT INTO logs_" + interval + " (at, msg) VALUES ('2024-03-05T10:00:00Z', 'late'), ('2026-11-02T10:00:00Z', 'late'),"
                        + " ('2026-08-20T10:00:00Z', 'late'), ('2026-11-15T13:00:00Z', 'now')");
                flow.partitions().maintain("Log_" + interval, Partitions.operations(CREATE), false);
                assertThat(db.value("SELECT count(*) FROM logs_" + interval + "_default")).as(interval).isEqualTo("0");
                assertThat(db.value("SELECT count(*) FROM logs_" + interval)).as(interval).isEqualTo("4");
                assertThat(db.column("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'logs_"
                        + interval + "'::regclass")).as(interval).containsAll(expected.get(interval));
            }
        }
    }

    @Test
    void listPartitionsAreCreatedAsConfiguredAndAValueCanBeAdded() {
        try (EventData e = new EventData(db)) {
            db.execute("INSERT INTO customers (region, name) VALUES ('us-east', 'a'), ('us-central', 'b'), ('mars', 'c')");
            assertThat(e.count("SELECT count(*) FROM customers_default")).isEqualTo(2);
            ModelSpec wider = ModelSpec.fromMap(Map.of("name", "Customer", "fields", Map.of("id", "int", "region", "str", "name", "str"),
                    "dataflow", Map.of("partitioning", Map.of("strategy", "list", "key", "region", "partitions", Map.of(
                            "us_customers", List.of("us-east", "us-west", "us-central"),
                            "eu_customers", List.of("eu-west", "eu-central"),
                            "asia_customers", List.of("asia-pacific", "asia-south"),
                            "latam_customers", List.of("latam-south"))))));
            try (DataFlow flow = DataFlow.configure().url(db.url()).pool(1, 3, 10).clock(e.clock).open()) {
                flow.register(wider);
                MaintenanceReport dry = flow.partitions().maintain("Customer", Partitions.operations(CREATE), true);
                assertThat(dry.actions()).extracting(a -> a.action() + " " + a.partition())
                        .containsExactlyInAnyOrder("values_added us_customers", "created latam_customers");
                assertThat(e.count("SELECT count(*) FROM customers_default")).isEqualTo(2);
                MaintenanceReport report = flow.partitions().maintain("Customer", Partitions.operations(CREATE), false);
                assertThat(report.actions("values_added")).singleElement().satisfies(a ->
                        assertThat(a.detail()).isEqualTo("added values [us-central], moved 1 rows out of DEFAULT in the same transaction"));
            }
            assertThat(db.column("SELECT region FROM customers_default")).containsExactly("mars");
            assertThat(db.column("SELECT region FROM us_customers ORDER BY 1")).containsExactly("us-central", "us-east");
            assertThat(db.value("SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'us_customers'"))
                    .contains("'us-central'");
            assertThat(db.value("SELECT to_regclass('latam_customers')")).isNotNull();
        }
    }

    @Test
    void compressOldSaysWhatItDidAndWhatItCouldNot() {
        try (EventData e = new EventData(db)) {
            e.generate(24, "2023-12-31T00:00:00Z");
            e.flow.partitions().maintain("Event", Partitions.operations(CREATE), false);
            for (int i = 0; i < 6; i++) {
                db.execute("UPDATE events SET data = data || jsonb_build_object('v', " + i + ") WHERE timestamp < '2024-01-01'"); // dead space to reclaim
            }
            MaintenanceReport report = e.flow.partitions().maintain("Event", Partitions.operations(List.of(
                    Map.of("type", "compress_old", "older_than_months", 34, "compression", "zstd"))), false);
            boolean lz4 = "t".equals(db.value("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"));
            String used = lz4 ? "lz4" : "pglz";
            assertThat(report.notes()).anySatisfy(n -> assertThat(n).contains("zstd is not available inside PostgreSQL")
                    .contains("used " + used + " instead").contains("zstd is used for archives")
                    .contains(lz4 ? "" : "this server was built without lz4"));
            assertThat(report.actions("compressed")).isNotEmpty().allSatisfy(a -> assertThat(a.detail())
                    .contains(used + " TOAST compression for [event_type, data]").containsPattern("VACUUM FULL: \\d+ -> \\d+ bytes"));
            assertThat(db.column("SELECT bytes_after < bytes_before FROM dataflow.partitions WHERE partition = 'events_p2023_08'")).containsExactly("t");
            assertThat(db.value("SELECT attcompression FROM pg_attribute WHERE attrelid = 'events_p2023_08'::regclass AND attname = 'data'"))
                    .isEqualTo(lz4 ? "l" : "p");
            // compressed once: a rerun leaves them alone
            assertThat(e.flow.partitions().maintain("Event", Partitions.operations(List.of(
                    Map.of("type", "compress_old", "older_than_months", 34))), false).actions("compressed")).isEmpty();
        }
    }

    @Test
    void automaticRegistersAScheduledMaintenanceJobThatCreatesAhead() {
        try (EventData e = new EventData(db)) {
            // sync() registered it: the model has an automatic section
            assertThat(e.flow.scheduler().jobs()).extracting(Job::name).containsExactly("partition_maintenance:Event");
            List<Job> jobs = e.flow.partitions().automate(); // registering again changes nothing
            assertThat(jobs).singleElement().satisfies(j -> {
                assertThat(j.name()).isEqualTo("partition_maintenance:Event");
                assertThat(j.schedule()).isEqualTo("daily");
                assertThat(j.nodeType()).isEqualTo("PartitionMaintenanceNode");
            });
            e.clock.advance(Duration.ofDays(70)); // late January 2027: April 2027 is now within create_ahead
            JobRun run = e.flow.scheduler().runNow("partition_maintenance:Event");
            assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo("ok");
            assertThat(db.value("SELECT to_regclass('events_p2027_04')")).isNotNull();
            assertThat(e.flow.scheduler().jobs()).hasSize(1);
        }
    }

    @Test
    void aRangeModelWithoutAnAutomaticSectionGetsNoJob() {
        try (DataFlow flow = DataFlow.configure().url(db.url()).pool(1, 3, 10).open()) {
            flow.register(io.dataflow.model.ModelSpec.fromMap(Map.of("name", "Reading", "fields", Map.of("id", "int", "at", "datetime"),
                    "dataflow", Map.of("partitioning", Map.of("strategy", "range", "key", "at", "interval", "monthly")))));
            flow.sync();
            assertThat(db.value("SELECT to_regclass('readings')")).isNotNull();
            assertThat(flow.scheduler().jobs()).isEmpty();
            assertThat(flow.partitions().automate()).isEmpty();
        }
    }

    @Test
    void theNodeRunsTheGuidesOperationsInAWorkflow() throws Exception {
        try (EventData e = new EventData(db)) {
            e.generate(48, "2024-02-28T00:00:00Z");
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("dataflow-archive-node-");
            var results = e.flow.runtime().execute(e.flow.workflow().addNode("PartitionMaintenanceNode", "maintain_partitions", Map.of(
                    "model", "Event",
                    "operations", List.of(
                            Map.of("type", "create_future", "months_ahead", 3),
                            Map.of("type", "compress_old", "older_than_months", 30, "compression", "zstd"),
                            Map.of("type", "archive", "older_than_months", 33, "destination", dir.toUri().toString()),
                            Map.of("type", "drop", "older_than_months", 36)))).build());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> actions = (List<Map<String, Object>>) results.output("maintain_partitions").get("actions");
            assertThat(actions).extracting(a -> a.get("action")).contains("created", "compressed", "exported", "verified", "detached", "dropped");
            assertThat(db.column("SELECT partition FROM dataflow.partitions WHERE state = 'dropped' ORDER BY 1"))
                    .containsExactly("events_p2023_08", "events_p2023_09", "events_p2023_10");
        }
    }
}
