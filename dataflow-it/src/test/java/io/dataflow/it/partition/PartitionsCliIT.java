package io.dataflow.it.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.it.Cli;
import io.dataflow.it.ServerTest;
import io.dataflow.it.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** ./dataflow partitions status|maintain|restore --model NAME --url URL [--dry-run] [--json]. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class PartitionsCliIT extends ServerTest {

    PartitionsCliIT(TestServers.Server server) {
        super(server);
    }

    @Test
    void statusMaintainAndRestore() throws Exception {
        try (EventData e = new EventData(db)) {
            long original = e.generate(48, "2024-06-30T00:00:00Z");
            Path dir = Files.createTempDirectory("dataflow-archive-cli-");
            Path ops = Files.writeString(Files.createTempFile("ops", ".yaml"), """
                    - {type: create_future, months_ahead: 3}
                    - {type: archive, older_than_months: 12, destination: "%s", compression: gzip}
                    - {type: drop, older_than_months: 36}
                    """.formatted(dir.toUri()));

            Cli.Run status = Cli.run("partitions", "status", "--model", "Event", "--url", db.url(), "--operations", ops.toString());
            assertThat(status.exit()).as(status.err()).isZero();
            assertThat(status.out()).contains("Event (events, range)").contains("events_default").contains("events_p2026_11")
                    .containsPattern("rows in DEFAULT").contains("next");

            List<String> before = db.catalogFingerprint();
            Cli.Run dry = Cli.run("partitions", "maintain", "--model", "Event", "--url", db.url(), "--operations", ops.toString(), "--dry-run", "--json");
            assertThat(dry.exit()).as(dry.err()).isZero();
            assertThat(dry.out()).contains("\"dry_run\" : true").contains("\"action\" : \"created\"");
            assertThat(db.catalogFingerprint()).isEqualTo(before);

            Cli.Run run = Cli.run("partitions", "maintain", "--model", "Event", "--url", db.url(), "--operations", ops.toString());
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("drop dropped events_p2023_08").contains("archive verified events_p2024_01");
            assertThat(db.value("SELECT state FROM dataflow.partitions WHERE partition = 'events_p2023_08'")).isEqualTo("dropped");

            Cli.Run restore = Cli.run("partitions", "restore", "--model", "Event", "--url", db.url(), "--partition", "events_p2023_08");
            assertThat(restore.exit()).as(restore.err()).isZero();
            assertThat(restore.out()).startsWith("restored: ").contains("into events_p2023_08_restored (standalone)");
            long dropped = e.count("SELECT sum(archive_rows) FROM dataflow.partitions WHERE state = 'dropped'");
            assertThat(e.count("SELECT count(*) FROM events") + dropped).isEqualTo(original);

            Cli.Run after = Cli.run("partitions", "status", "--model", "Event", "--url", db.url(), "--json");
            assertThat(after.exit()).as(after.err()).isZero();
            assertThat(after.out()).contains("\"state\" : \"dropped\"").contains("\"state\" : \"archived\"");
        }
    }

    @Test
    void badInputIsAClearErrorAndChangesNothing() {
        try (EventData e = new EventData(db)) {
            List<String> before = db.catalogFingerprint();
            Cli.Run unknown = Cli.run("partitions", "shrink", "--model", "Event", "--url", db.url());
            assertThat(unknown.exit()).isNotZero();
            assertThat(unknown.err()).contains("unknown action 'shrink'");
            Cli.Run notPartitioned = Cli.run("partitions", "status", "--model", "Product", "--url", db.url());
            assertThat(notPartitioned.exit()).isNotZero();
            assertThat(notPartitioned.err()).contains("model Product is not partitioned");
            Cli.Run scheme = Cli.run("partitions", "maintain", "--model", "Event", "--url", db.url(), "--destination", "ftp://x/y/");
            assertThat(scheme.exit()).isNotZero();
            assertThat(scheme.err()).contains("scheme 'ftp'");
            assertThat(db.catalogFingerprint()).isEqualTo(before);
        }
    }
}
