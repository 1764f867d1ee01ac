package io.dataflow.it.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.it.ServerTest;
import io.dataflow.it.TestServers;
import io.dataflow.partition.ArchiveDestination;
import io.dataflow.partition.MaintenanceAction;
import io.dataflow.partition.MaintenanceReport;
import io.dataflow.partition.Partitions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The probes of drop: the world changed after the archive (its file deleted, truncated or
 * corrupted; rows updated, deleted and inserted with the count unchanged). Each time the partition
 * is not dropped, the report and the log say why, the next run archives again and drops, and a
 * restore gives back the rows as they were at the drop.
 */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class PartitionDropCheckIT extends ServerTest {

    static final String VICTIM = "events_p2023_08";
    static final Map<String, Object> CREATE = Map.of("type", "create_future", "months_ahead", 3);
    /** Older than 37 months (ending by 2023-10-15): August and September 2023. */
    static final Map<String, Object> DROP = Map.of("type", "drop", "older_than_months", 37);

    PartitionDropCheckIT(TestServers.Server server) {
        super(server);
    }

    private static Map<String, Object> archive(String destination) {
        return Map.of("type", "archive", "older_than_months", 37, "destination", destination);
    }

    interface Change {
        void apply(EventData e, Path file) throws Exception;
    }

    /** Archive, change the world, drop (refused, with {@code why}), then a full run that archives again and drops. */
    private void refusedThenArchivedAgain(Change change, String why) throws Exception {
        Path dir = Files.createTempDirectory("dataflow-dropcheck-");
        String dest = dir.toUri().toString();
        try (EventData e = new EventData(db)) {
            e.generate(12, "2023-12-31T00:00:00Z");
            e.flow.partitions().maintain("Event", Partitions.operations(List.of(CREATE, archive(dest))), false);
            assertThat(db.value("SELECT state FROM dataflow.partitions WHERE partition = '" + VICTIM + "'")).isEqualTo("archived");
            Path file = dir.resolve("events/" + VICTIM + ".tsv.zst");

            change.apply(e, file);
            List<String> atDrop = rows(VICTIM);
            MaintenanceReport refused = e.flow.partitions().maintain("Event", Partitions.operations(List.of(DROP)), false);

            // a changed archive is found before the detach; changed rows after it (then the partition is attached again)
            MaintenanceAction skip = refused.actions().stream().filter(a -> a.partition().equals(VICTIM) && a.action().equals("skipped"))
                    .findFirst().orElseThrow();
            assertThat(skip.detail()).startsWith("not dropped: ").contains(why).endsWith("the next run archives the partition again, then drops it");
            assertThat(attached()).as("still a partition of events").contains(VICTIM);
            assertThat(rows(VICTIM)).isEqualTo(atDrop);
            assertThat(db.value("SELECT state || ' ' || (verified_at IS NULL) FROM dataflow.partitions WHERE partition = '" + VICTIM + "'"))
                    .isEqualTo("active true");
            assertThat(db.value("SELECT detail FROM dataflow.partition_log WHERE partition = '" + VICTIM + "' AND step = 'drop:refused'"))
                    .contains(why);
            // the other partition, untouched, went as usual
            assertThat(refused.actions("dropped")).extracting(MaintenanceAction::partition).containsExactly("events_p2023_09");

            MaintenanceReport next = e.flow.partitions().maintain("Event", Partitions.operations(List.of(CREATE, archive(dest), DROP)), false);
            assertThat(next.actions("verified")).extracting(MaintenanceAction::partition).containsExactly(VICTIM);
            assertThat(next.actions("dropped")).extracting(MaintenanceAction::partition).containsExactly(VICTIM);
            assertThat(db.value("SELECT to_regclass('" + VICTIM + "')")).isNull();

            e.flow.partitions().restore("Event", VICTIM, false, "back", ArchiveDestination.of(dest), false);
            assertThat(rows("back")).as("restored rows are the rows at drop time").isEqualTo(atDrop);
            assertThat(Files.list(dir.resolve(".dataflow-tmp/events")).toList()).as("no temporary file left").isEmpty();
        }
    }

    private List<String> attached() {
        return db.column("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass");
    }

    private List<String> rows(String table) {
        return db.column("SELECT t::text FROM " + table + " t ORDER BY id");
    }

    @Test
    void aDeletedArchiveFileIsNotTrusted() throws Exception {
        refusedThenArchivedAgain((e, file) -> {
            Files.delete(file);
            // a restore says which file is missing
            assertThatThrownBy(() -> e.flow.partitions().restore("Event", VICTIM, false, "nope", null, false))
                    .hasMessageContaining(file.toUri().toString()).hasMessageContaining("does not exist");
        }, "does not exist");
    }

    /** A destination that does not answer says nothing about the archive: not dropped now, the record kept, checked again next run. */
    @Test
    void anArchiveThatCannotBeOpenedIsCheckedAgainNextRun() throws Exception {
        Path dir = Files.createTempDirectory("dataflow-dropcheck-away-");
        try (EventData e = new EventData(db)) {
            e.generate(12, "2023-12-31T00:00:00Z");
            e.flow.partitions().maintain("Event", Partitions.operations(List.of(CREATE, archive(dir.toUri().toString()))), false);
            Path file = dir.resolve("events/" + VICTIM + ".tsv.zst");
            Path aside = Files.move(file, dir.resolve("aside.zst"));
            Files.createSymbolicLink(file, file); // opening it fails (a link loop), and not because it is missing: as a refused S3 read
            MaintenanceReport r = e.flow.partitions().maintain("Event", Partitions.operations(List.of(DROP)), false);
            assertThat(r.actions()).anySatisfy(a -> assertThat(a.partition() + " " + a.detail())
                    .startsWith(VICTIM + " not dropped: the archive ").contains("could not be checked").endsWith("the next run checks it again"));
            assertThat(attached()).contains(VICTIM);
            assertThat(db.value("SELECT state || ' ' || (verified_at IS NOT NULL) FROM dataflow.partitions WHERE partition = '" + VICTIM + "'"))
                    .isEqualTo("archived true");
            Files.delete(file);
            Files.move(aside, file);
            MaintenanceReport again = e.flow.partitions().maintain("Event", Partitions.operations(List.of(DROP)), false);
            assertThat(again.actions("dropped")).extracting(MaintenanceAction::partition).containsExactly(VICTIM);
        }
    }

    @Test
    void aTruncatedArchiveFileIsNotTrusted() throws Exception {
        refusedThenArchivedAgain((e, file) -> {
            byte[] all = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(all, all.length / 2));
        }, "the archive file ");
    }

    @Test
    void aCorruptedArchiveFileIsNotTrusted() throws Exception {
        // an uncompressed archive, so the corruption changes one row's bytes and nothing else
        Path dir = Files.createTempDirectory("dataflow-dropcheck-raw-");
        String dest = dir.toUri().toString();
        try (EventData e = new EventData(db)) {
            e.generate(12, "2023-12-31T00:00:00Z");
            Map<String, Object> raw = Map.of("type", "archive", "older_than_months", 37, "destination", dest, "compression", "none");
            e.flow.partitions().maintain("Event", Partitions.operations(List.of(CREATE, raw)), false);
            Path file = dir.resolve("events/" + VICTIM + ".tsv");
            String text = Files.readString(file);
            Files.writeString(file, text.replaceFirst("\te0\t", "\te9\t"));
            List<String> atDrop = rows(VICTIM);
            MaintenanceReport refused = e.flow.partitions().maintain("Event", Partitions.operations(List.of(DROP)), false);
            assertThat(refused.actions()).anySatisfy(a -> assertThat(a.partition() + " " + a.detail())
                    .startsWith(VICTIM + " not dropped: the archive ").contains("reads back as").contains("its manifest says"));
            assertThat(attached()).contains(VICTIM);
            e.flow.partitions().maintain("Event", Partitions.operations(List.of(raw, DROP)), false);
            assertThat(db.value("SELECT state FROM dataflow.partitions WHERE partition = '" + VICTIM + "'")).isEqualTo("dropped");
            e.flow.partitions().restore("Event", VICTIM, false, "back", ArchiveDestination.of(dest), false);
            assertThat(rows("back")).isEqualTo(atDrop);
        }
    }

    @Test
    void rowsUpdatedWithTheCountUnchangedAreNotDropped() throws Exception {
        refusedThenArchivedAgain((e, file) -> db.execute("UPDATE " + VICTIM + " SET event_type = 'changed after the archive'"
                + " WHERE id IN (SELECT id FROM " + VICTIM + " ORDER BY id LIMIT 20)"), "rows were changed after the export; attached again");
    }

    @Test
    void aRowDeletedAndAnotherInsertedAreNotDropped() throws Exception {
        refusedThenArchivedAgain((e, file) -> {
            db.execute("DELETE FROM events WHERE id = (SELECT min(id) FROM " + VICTIM + ")");
            db.execute("INSERT INTO events (timestamp, event_type, data) VALUES ('2023-08-15T10:30:00Z', 'late', '{\"n\": 1}')");
        }, "rows were changed after the export; attached again");
    }

    /** A no-op UPDATE moves every row to the end of the heap: COPY's order changes, the rows do not, and the drop goes ahead. */
    @Test
    void rowsInAnotherPhysicalOrderAreTheSameRows() throws Exception {
        Path dir = Files.createTempDirectory("dataflow-dropcheck-order-");
        try (EventData e = new EventData(db)) {
            e.generate(12, "2023-12-31T00:00:00Z");
            e.flow.partitions().maintain("Event", Partitions.operations(List.of(CREATE, archive(dir.toUri().toString()))), false);
            List<String> heapOrder = db.column("SELECT id FROM " + VICTIM);
            db.execute("UPDATE " + VICTIM + " SET event_type = event_type WHERE id % 2 = 0");
            assertThat(db.column("SELECT id FROM " + VICTIM)).as("physical order changed").isNotEqualTo(heapOrder);
            MaintenanceReport r = e.flow.partitions().maintain("Event", Partitions.operations(List.of(DROP)), false);
            assertThat(r.actions("dropped")).extracting(MaintenanceAction::partition).containsExactly(VICTIM, "events_p2023_09");
        }
    }

    @Test
    void anS3ArchiveIsReadBackFromTheBucketBeforeTheDrop() throws Exception {
        S3rver.ensureRunning();
        String prefix = "dropcheck-" + db.name();
        Map<String, Object> s3 = Map.of("type", "archive", "older_than_months", 37, "destination", "s3://archive/" + prefix + "/",
                "s3", Map.of("endpoint", S3rver.ENDPOINT, "access_key_id", S3rver.KEY, "secret_access_key", S3rver.SECRET));
        try (EventData e = new EventData(db);
             S3Client client = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.US_EAST_1)
                     .endpointOverride(URI.create(S3rver.ENDPOINT)).forcePathStyle(true)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3rver.KEY, S3rver.SECRET))).build()) {
            e.generate(12, "2023-12-31T00:00:00Z");
            e.flow.partitions().maintain("Event", Partitions.operations(List.of(CREATE, s3)), false);
            List<String> atDrop = rows(VICTIM);
            String corrupt = prefix + "/events/" + VICTIM + ".tsv.zst";
            String deleted = prefix + "/events/events_p2023_09.tsv.zst";
            client.putObject(b -> b.bucket("archive").key(corrupt), RequestBody.fromString("not an archive"));
            client.deleteObject(b -> b.bucket("archive").key(deleted));
            MaintenanceReport refused = e.flow.partitions().maintain("Event", Partitions.operations(List.of(s3, DROP)), false);
            // the archive step ran first and found nothing to do (the record says verified); the drop read the bucket
            assertThat(refused.actions()).anySatisfy(a -> assertThat(a.partition() + " " + a.detail())
                    .startsWith(VICTIM + " not dropped: the archive s3://archive/" + prefix).contains("cannot be read"));
            assertThat(refused.actions()).anySatisfy(a -> assertThat(a.partition() + " " + a.detail())
                    .startsWith("events_p2023_09 not dropped: the archive s3://archive/" + prefix).contains("does not exist"));
            assertThat(refused.actions("dropped")).isEmpty();
            assertThat(attached()).contains(VICTIM, "events_p2023_09");
            MaintenanceReport next = e.flow.partitions().maintain("Event", Partitions.operations(List.of(s3, DROP)), false);
            assertThat(next.actions("verified")).extracting(MaintenanceAction::partition).containsExactly(VICTIM, "events_p2023_09");
            assertThat(next.actions("dropped")).extracting(MaintenanceAction::partition).containsExactly(VICTIM, "events_p2023_09");
            ArchiveDestination dest = ArchiveDestination.s3("s3://archive/" + prefix + "/",
                    new ArchiveDestination.S3Settings(S3rver.ENDPOINT, null, S3rver.KEY, S3rver.SECRET, true));
            e.flow.partitions().restore("Event", VICTIM, false, "back", dest, false);
            assertThat(rows("back")).isEqualTo(atDrop);
        }
    }

    /** Files a killed export left in the DataFlow-owned directory are removed by the next run. */
    @Test
    void theNextRunRemovesTemporaryFilesOfAKilledExport() throws Exception {
        Path dir = Files.createTempDirectory("dataflow-dropcheck-tmp-");
        Path scratch = Files.createDirectories(dir.resolve(".dataflow-tmp/events"));
        Path leftover = Files.writeString(scratch.resolve(VICTIM + "-123.tsv.zst"), "half an export");
        try (EventData e = new EventData(db)) {
            e.generate(12, "2023-12-31T00:00:00Z");
            e.flow.partitions().maintain("Event", Partitions.operations(List.of(CREATE, archive(dir.toUri().toString()))), false);
            assertThat(leftover).doesNotExist();
            assertThat(Files.list(scratch).toList()).isEmpty();
        }
    }
}
