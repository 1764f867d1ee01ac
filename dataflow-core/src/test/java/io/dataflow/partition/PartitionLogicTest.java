package io.dataflow.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Operation parsing, bound parsing, row counting and codecs: the parts that need no database. */
class PartitionLogicTest {

    @Test
    void theGuidesOperationsParse() {
        List<Operation> ops = Partitions.operations(List.of(
                Map.of("type", "create_future", "months_ahead", 3),
                Map.of("type", "compress_old", "older_than_months", 6, "compression", "zstd"),
                Map.of("type", "archive", "older_than_months", 12, "destination", "s3://archive/events/"),
                Map.of("type", "drop", "older_than_months", 36)));
        assertThat(ops).extracting(Operation::type).containsExactly("create_future", "compress_old", "archive", "drop");
        Operation.Archive a = (Operation.Archive) ops.get(2);
        assertThat(a.destination().bucket()).isEqualTo("archive");
        assertThat(a.destination().prefix()).isEqualTo("events/");
        assertThat(a.compression()).isEqualTo(Codec.ZSTD);
        assertThat(a.format()).isEqualTo(ArchiveFormat.TEXT);
    }

    @Test
    void badOperationsNameTheKey() {
        assertThatThrownBy(() -> Partitions.operations(List.of(Map.of("type", "create_futur"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("operations[0].type").hasMessageContaining("did you mean");
        assertThatThrownBy(() -> Partitions.operations(List.of(Map.of("type", "archive", "older_than_months", 1))))
                .hasMessageContaining("operations[0].destination").hasMessageContaining("is required");
        assertThatThrownBy(() -> Partitions.operations(List.of(Map.of("type", "create_future", "months_ahead", -1))))
                .hasMessageContaining("months_ahead").hasMessageContaining("got -1");
        assertThatThrownBy(() -> Partitions.operations(List.of(Map.of("type", "drop", "older_than", 3))))
                .hasMessageContaining("operations[0].older_than").hasMessageContaining("unknown key");
        assertThatThrownBy(() -> Partitions.operations(List.of(Map.of("type", "archive", "destination", "s3:///nobucket/"))))
                .hasMessageContaining("names no bucket");
        assertThatThrownBy(() -> Partitions.operations(List.of(Map.of("type", "archive", "destination", "s3://b/p/",
                "s3", Map.of("access_key_id", "x"))))).hasMessageContaining("secret_access_key").hasMessageContaining("required");
        assertThatThrownBy(() -> Partitions.operations(List.of())).hasMessageContaining("at least one operation");
    }

    @Test
    void theSecretNeverPrints() {
        var s = new ArchiveDestination.S3Settings("http://x", "r", "AK", "very-secret", true);
        assertThat(s.toString()).doesNotContain("very-secret").contains("***");
    }

    @Test
    void boundsParseInUtcAndListsUnquote() {
        LivePartition r = PartitionCatalog.parse("events_p2026_01", "FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2026-02-01 00:00:00+00')", 8192);
        assertThat(r.from()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(r.to()).isEqualTo(LocalDate.of(2026, 2, 1));
        assertThat(r.endsBy(LocalDate.of(2026, 2, 1))).isTrue();
        assertThat(r.endsBy(LocalDate.of(2026, 1, 31))).isFalse();
        LivePartition open = PartitionCatalog.parse("old", "FOR VALUES FROM (MINVALUE) TO ('2020-01-01')", 0);
        assertThat(open.from()).isNull();
        assertThat(open.to()).isEqualTo(LocalDate.of(2020, 1, 1));
        LivePartition list = PartitionCatalog.parse("us", "FOR VALUES IN ('us-east', 'o''hare, il')", 0);
        assertThat(list.values()).containsExactly("us-east", "o'hare, il");
        assertThat(PartitionCatalog.parse("d", "DEFAULT", 0).isDefault()).isTrue();
    }

    @Test
    void rowsAreCountedPerFormat() {
        RowDigest text = new RowDigest(ArchiveFormat.TEXT);
        byte[] t = "1\ta\\nb\n2\tc\n".getBytes(StandardCharsets.UTF_8);
        text.update(t, 0, 5);
        text.update(t, 5, t.length - 5);
        assertThat(text.rows()).isEqualTo(2);
        RowDigest csv = new RowDigest(ArchiveFormat.CSV);
        byte[] c = "id,msg\n1,\"line one\nline \"\"two\"\"\"\n2,plain\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < c.length; i++) csv.update(c, i, 1); // split anywhere, even inside quotes
        assertThat(csv.rows()).isEqualTo(2);
        RowDigest again = new RowDigest(ArchiveFormat.CSV);
        again.update(c, 0, c.length);
        assertThat(again.checksum()).isEqualTo(csv.checksum()).startsWith("rows-sha256:");
    }

    @Test
    void theChecksumDependsOnTheRowsNotTheirOrder() {
        assertThat(digest("1\ta\n2\tb\n3\tc\n")).isEqualTo(digest("3\tc\n1\ta\n2\tb\n"));
        assertThat(digest("1\ta\n2\tb\n3\tc\n")).as("a changed row").isNotEqualTo(digest("1\ta\n2\tB\n3\tc\n"));
        assertThat(digest("1\ta\n2\tb\n")).as("a duplicated row").isNotEqualTo(digest("1\ta\n2\tb\n2\tb\n"));
        assertThat(digest("1\ta\n2\tb\n")).as("a truncated last row").isNotEqualTo(digest("1\ta\n2\t"));
        assertThat(digest("1\ta\n2\tb\n")).as("rows swapped between lines").isNotEqualTo(digest("1\tb\n2\ta\n"));
        RowDigest split = new RowDigest(ArchiveFormat.TEXT);
        byte[] b = "3\tc\n1\ta\n2\tb\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) split.update(b, i, 1);
        assertThat(split.checksum()).isEqualTo(digest("1\ta\n2\tb\n3\tc\n"));
        // archives written before this checksum (sha256 of the stream) are still checked
        RowDigest old = new RowDigest(ArchiveFormat.TEXT);
        old.update(b, 0, b.length);
        assertThat(old.matches("sha256:" + java.util.HexFormat.of().formatHex(sha256(b)))).isTrue();
        assertThat(old.matches("sha256:00")).isFalse();
    }

    private static String digest(String rows) {
        RowDigest d = new RowDigest(ArchiveFormat.TEXT);
        byte[] b = rows.getBytes(StandardCharsets.UTF_8);
        d.update(b, 0, b.length);
        return d.checksum();
    }

    private static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyCodecRoundTrips() throws Exception {
        byte[] data = "2026-01-01\tevent\t{\"n\": 1}\n".repeat(5000).getBytes(StandardCharsets.UTF_8);
        for (Codec codec : Codec.values()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (OutputStream out = codec.compress(buf)) {
                out.write(data);
            }
            if (codec != Codec.NONE) assertThat(buf.size()).as(codec.configName()).isLessThan(data.length / 5);
            try (InputStream in = codec.decompress(new ByteArrayInputStream(buf.toByteArray()))) {
                assertThat(in.readAllBytes()).as(codec.configName()).isEqualTo(data);
            }
        }
    }

    @Test
    void compressionNotesAreHonest() {
        assertThat(Compressor.codecNote("zstd", "lz4", true)).contains("zstd is not available inside PostgreSQL").contains("used lz4");
        assertThat(Compressor.codecNote("zstd", "pglz", false)).contains("built without lz4").contains("used pglz");
        assertThat(Compressor.codecNote("lz4", "pglz", false)).contains("no lz4");
        assertThat(Compressor.codecNote("lz4", "lz4", true)).isNull();
    }
}
