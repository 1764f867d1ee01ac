package io.dataflow.partition;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of {@code PartitionMaintenanceNode.operations}. A months value left out comes from the
 * model's {@code retention}: compress_old from {@code keep_months}, archive from {@code archive_months}
 * (else {@code keep_months}), drop from {@code delete_after}; create_future from {@code automatic.create_ahead}.
 */
public sealed interface Operation {

    List<String> TYPES = List.of("create_future", "compress_old", "archive", "drop");

    String type();

    /** {@code create_future}: partitions up to {@code monthsAhead} intervals ahead of now (for list models: the configured lists). */
    record CreateFuture(Integer monthsAhead) implements Operation {
        public String type() {
            return "create_future";
        }
    }

    /** {@code compress_old}: lz4 TOAST compression where the server has it, and a rewrite that reclaims dead space. */
    record CompressOld(Integer olderThanMonths, String compression) implements Operation {
        public String type() {
            return "compress_old";
        }
    }

    /** {@code archive}: COPY out into a compressed file plus manifest, read back and verified. */
    record Archive(Integer olderThanMonths, ArchiveDestination destination, ArchiveFormat format, Codec compression) implements Operation {
        public String type() {
            return "archive";
        }
    }

    /** {@code drop}: detach then drop; a partition the retention says to archive needs a verified archive first. */
    record Drop(Integer olderThanMonths) implements Operation {
        public String type() {
            return "drop";
        }
    }

    /** Parses and validates the guide's operations list; nothing runs before every entry is accepted. */
    static List<Operation> parse(String where, String key, List<?> raw) {
        if (raw == null || raw.isEmpty()) throw new ConfigException(where, key, "needs at least one operation; types: " + String.join(", ", TYPES));
        List<Operation> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String path = key + "[" + i + "]";
            if (!(raw.get(i) instanceof Map<?, ?> m)) throw new ConfigException(where, path, "must be a mapping with a type, got " + ConfigReader.describe(raw.get(i)));
            out.add(parseOne(where, path, m));
        }
        return out;
    }

    private static Operation parseOne(String where, String path, Map<?, ?> m) {
        ConfigReader c = ConfigReader.of(where, Map.of()).child(path, m);
        if (!c.has("type")) throw c.error("type", "is required: one of " + String.join(", ", TYPES));
        String type = c.string("type");
        return switch (type) {
            case "create_future" -> {
                c.allowOnly(Set.of("type", "months_ahead"));
                yield new CreateFuture(months(c, "months_ahead"));
            }
            case "compress_old" -> {
                c.allowOnly(Set.of("type", "older_than_months", "compression"));
                String codec = c.optString("compression").orElse("lz4");
                if (!Set.of("lz4", "zstd", "pglz").contains(codec)) {
                    throw c.error("compression", "'" + codec + "' is not accepted; accepted: lz4, zstd, pglz");
                }
                yield new CompressOld(months(c, "older_than_months"), codec);
            }
            case "archive" -> {
                c.allowOnly(Set.of("type", "older_than_months", "destination", "format", "compression", "s3"));
                if (!c.has("destination")) throw c.error("destination", "is required: file:///dir/ or s3://bucket/prefix/");
                ArchiveDestination dest = ArchiveDestination.parse(c.string("destination"), c.optSection("s3").orElse(null), c);
                ArchiveFormat format = ArchiveFormat.byName(c.optString("format").orElse("text"))
                        .orElseThrow(() -> c.error("format", "'" + c.string("format") + "' is not accepted; accepted: " + ArchiveFormat.names()));
                Codec codec = Codec.byName(c.optString("compression").orElse("zstd"))
                        .orElseThrow(() -> c.error("compression", "'" + c.string("compression") + "' is not accepted; accepted: " + Codec.names()));
                yield new Archive(months(c, "older_than_months"), dest, format, codec);
            }
            case "drop" -> {
                c.allowOnly(Set.of("type", "older_than_months"));
                yield new Drop(months(c, "older_than_months"));
            }
            default -> throw c.error("type", "'" + type + "' is not an operation" + io.dataflow.config.DidYouMean.hint(type, TYPES)
                    + "; accepted: " + String.join(", ", TYPES));
        };
    }

    private static Integer months(ConfigReader c, String key) {
        if (!c.has(key)) return null;
        int v = c.optInteger(key).orElseThrow();
        if (v < 0) throw c.error(key, "must be 0 or more months, got " + v);
        return v;
    }
}
