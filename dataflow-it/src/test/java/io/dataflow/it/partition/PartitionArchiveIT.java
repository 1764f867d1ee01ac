package io.dataflow.it.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlowException;
import io.dataflow.it.ServerTest;
import io.dataflow.it.TestServers;
import io.dataflow.partition.ArchiveDestination;
import io.dataflow.partition.Partitions;
import io.dataflow.partition.RestoreResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Archives to a real S3-compatible server (s3rver on localhost) and to files, read back, restored. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class PartitionArchiveIT extends ServerTest {

    PartitionArchiveIT(TestServers.Server server) {
        super(server);
    }

    @BeforeAll
    static void s3() throws Exception {
        S3rver.ensureRunning();
    }

    private Map<String, Object> s3Archive(String prefix, String key, String secret) {
        return Map.of("type", "archive", "older_than_months", 30, "destination", "s3://archive/" + prefix + "/", "compression", "lz4",
                "format", "csv", "s3", Map.of("endpoint", S3rver.ENDPOINT, "access_key_id", key, "secret_access_key", secret));
    }

    private static final Map<String, Object> DROP = Map.of("type", "drop", "older_than_months", 36);
    private static final Map<String, Object> CREATE = Map.of("type", "create_future", "months_ahead", 3);

    @Test
    void s3ArchivesAreVerifiedThenRestoredStandaloneAndAttached() {
        try (EventData e = new EventData(db)) {
            long original = e.generate(48, "2024-05-31T00:00:00Z");
            e.flow.partitions().maintain("Event", Partitions.operations(List.of(CREATE, s3Archive(db.name(), S3rver.KEY, S3rver.SECRET), DROP)), false);
            // older than 30 months (ending by 2024-05-15): August 2023 .. April 2024
            assertThat(e.count("SELECT count(*) FROM dataflow.partitions WHERE verified_at IS NOT NULL")).isEqualTo(9);
            assertThat(db.column("SELECT archive_uri FROM dataflow.partitions WHERE verified_at IS NOT NULL"))
                    .allMatch(u -> u.startsWith("s3://archive/" + db.name() + "/events/") && u.endsWith(".csv.lz4"));
            assertThat(db.column("SELECT partition FROM dataflow.partitions WHERE state = 'dropped' ORDER BY 1"))
                    .containsExactly("events_p2023_08", "events_p2023_09", "events_p2023_10");
            long dropped = e.count("SELECT sum(archive_rows) FROM dataflow.partitions WHERE state = 'dropped'");
            assertThat(e.count("SELECT count(*) FROM events") + dropped).isEqualTo(original);

            ArchiveDestination dest = ArchiveDestination.s3("s3://archive/" + db.name() + "/",
                    new ArchiveDestination.S3Settings(S3rver.ENDPOINT, null, S3rver.KEY, S3rver.SECRET, true));
            RestoreResult standalone = e.flow.partitions().restore("Event", "events_p2023_09", false, null, dest, false);
            assertThat(standalone.table()).isEqualTo("events_p2023_09_restored");
            assertThat(e.count("SELECT count(*) FROM events_p2023_09_restored")).isEqualTo(standalone.rows()).isPositive();
            long before = e.count("SELECT count(*) FROM events");
            RestoreResult attached = e.flow.partitions().restore("Event", "events_p2023_08", true, null, dest, false);
            assertThat(e.count("SELECT count(*) FROM events")).isEqualTo(before + attached.rows());
            assertThat(e.count("SELECT count(*) FROM events WHERE timestamp < '2023-09-01T00:00:00Z'")).isEqualTo(attached.rows());
            assertThat(db.value("SELECT state FROM dataflow.partitions WHERE partition = 'events_p2023_08'")).isEqualTo("restored");
            // a rerun of the same restore does nothing
            assertThat(e.flow.partitions().restore("Event", "events_p2023_08", true, null, dest, false).action()).isEqualTo("already_restored");
            assertThat(e.count("SELECT count(*) FROM events")).isEqualTo(before + attached.rows());
            // and the next maintenance does not drop what was restored on purpose
            var again = e.flow.partitions().maintain("Event", Partitions.operations(List.of(DROP)), false);
            assertThat(again.actions()).anySatisfy(a -> assertThat(a.partition() + " " + a.action() + " " + a.detail())
                    .startsWith("events_p2023_08 skipped was restored"));
            assertThat(e.count("SELECT count(*) FROM events")).isEqualTo(before + attached.rows());
        }
    }

    /** s3rver checks the access key id (it does not check SigV4 signatures), so the wrong credentials are a wrong key pair. */
    @Test
    void wrongS3CredentialsFailBeforeAnythingIsDone() {
        try (EventData e = new EventData(db)) {
            e.generate(48, "2023-12-31T00:00:00Z");
            List<String> before = db.catalogFingerprint();
            long defaultRows = e.count("SELECT count(*) FROM events_default");
            assertThatThrownBy(() -> e.flow.partitions().maintain("Event",
                    Partitions.operations(List.of(CREATE, s3Archive(db.name(), "NOT-A-KEY", "not-the-secret"), DROP)), false))
                    .isInstanceOf(DataFlowException.class).hasMessageContaining("refused a test write").hasMessageContaining("403")
                    .hasMessageContaining("nothing was archived or dropped");
            assertThat(db.catalogFingerprint()).isEqualTo(before);
            assertThat(e.count("SELECT count(*) FROM events_default")).isEqualTo(defaultRows);
            assertThat(e.count("SELECT count(*) FROM dataflow.partitions WHERE state <> 'active'")).isZero();
        }
    }

    @Test
    void fileArchivesInEachCodecRoundTrip() throws Exception {
        try (EventData e = new EventData(db)) {
            e.generate(48, "2023-09-30T00:00:00Z");
            e.flow.partitions().maintain("Event", Partitions.operations(List.of(CREATE)), false);
            for (String codec : List.of("zstd", "lz4", "gzip")) {
                Path dir = Files.createTempDirectory("dataflow-archive-" + codec + "-");
                // one partition per codec: archived, verified, restored standalone with the same rows
                e.flow.partitions().maintain("Event", Partitions.operations(List.of(Map.of("type", "archive", "older_than_months", 38,
                        "destination", dir.toUri().toString(), "compression", codec))), false);
                db.execute("DELETE FROM dataflow.partitions WHERE partition = 'events_p2023_08'"); // so the next codec archives it again
                RestoreResult r = e.flow.partitions().restore("Event", "events_p2023_08", false, "restored_" + codec,
                        ArchiveDestination.of(dir.toUri().toString()), false);
                assertThat(r.rows()).isEqualTo(e.count("SELECT count(*) FROM events_p2023_08")).isPositive();
                assertThat(db.column("SELECT * FROM restored_" + codec + " ORDER BY id"))
                        .isEqualTo(db.column("SELECT * FROM events_p2023_08 ORDER BY id"));
                assertThat(Files.list(dir.resolve("events")).map(p -> p.getFileName().toString()).toList())
                        .contains("events_p2023_08.tsv" + (codec.equals("zstd") ? ".zst" : codec.equals("lz4") ? ".lz4" : ".gz"));
            }
        }
    }

    @Test
    void aCorruptedArchiveFailsVerificationAndNothingIsDropped() throws Exception {
        try (EventData e = new EventData(db)) {
            e.generate(48, "2023-09-30T00:00:00Z");
            Path dir = Files.createTempDirectory("dataflow-archive-corrupt-");
            String dest = dir.toUri().toString();
            // a manifest already there with other contents is replaced, never trusted
            e.flow.partitions().maintain("Event", Partitions.operations(List.of(CREATE,
                    Map.of("type", "archive", "older_than_months", 38, "destination", dest))), false);
            Path data = dir.resolve("events/events_p2023_08.tsv.zst");
            Files.write(data, new byte[] {1, 2, 3});
            db.execute("UPDATE dataflow.partitions SET state = 'exported', verified_at = NULL WHERE partition = 'events_p2023_08'");
            assertThatThrownBy(() -> e.flow.partitions().maintain("Event", Partitions.operations(List.of(
                    Map.of("type", "archive", "older_than_months", 38, "destination", dest), DROP)), false))
                    .hasMessageContaining("failed verification");
            assertThat(db.value("SELECT to_regclass('events_p2023_08')")).isNotNull();
            assertThat(db.value("SELECT state FROM dataflow.partitions WHERE partition = 'events_p2023_08'")).isEqualTo("active");
            // the next run exports again and then drops
            e.flow.partitions().maintain("Event", Partitions.operations(List.of(
                    Map.of("type", "archive", "older_than_months", 38, "destination", dest), DROP)), false);
            assertThat(db.value("SELECT state FROM dataflow.partitions WHERE partition = 'events_p2023_08'")).isEqualTo("dropped");
        }
    }
}
