package io.dataflow.model.schema;

import static io.dataflow.sql.Identifiers.quote;

import io.dataflow.dialect.Dialect;
import io.dataflow.dialect.SchemaDdl;
import io.dataflow.model.FieldSpec;
import io.dataflow.model.FieldType;
import io.dataflow.model.IndexSpec;
import io.dataflow.model.ModelSpec;
import io.dataflow.model.PartitioningSpec;
import io.dataflow.sql.Identifiers;
import io.dataflow.sql.SqlFragment;
import io.dataflow.sql.SqlFragments;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a {@link ModelSpec} into its {@link TableDesign}, resolving what PostgreSQL would refuse as written. */
final class SchemaDesigner {

    static final String PROBE_PREFIX = "df_probe_";
    private final Dialect dialect;

    SchemaDesigner(Dialect dialect) {
        this.dialect = dialect;
    }

    TableDesign design(ModelSpec model, LocalDate today) {
        SchemaDdl ddl = dialect.ddl();
        PartitioningSpec partitioning = model.partitioning();
        List<String> primaryKey = new ArrayList<>(List.of("id"));
        StringBuilder note = new StringBuilder("create table " + model.table() + " (" + model.fields().size() + " columns, id is the primary key");
        if (partitioning != null) {
            note.append("; ").append(partitioning.strategy()).append("-partitioned on ").append(partitioning.key());
            if (!partitioning.key().equals("id")) {
                primaryKey.add(partitioning.key());
                note.append("; PostgreSQL requires a partitioned table's primary key to include the partition key,"
                        + " so the primary key is (id, ").append(partitioning.key()).append(") and ").append(partitioning.key())
                        .append(" is NOT NULL (a unique index on id alone is impossible on a partitioned table; ids stay unique as long as"
                        + " they come from id's identity sequence)");
            }
        }
        model.optimisticLockColumn().ifPresent(c -> note.append("; ").append(c).append(" is the optimistic-lock version column (NOT NULL, starts at ")
                .append(model.field(c).map(FieldSpec::defaultValue).orElse(1L)).append(')'));
        note.append(')');
        String createTable = ddl.createTable(model.table(), model.fields(), primaryKey,
                partitioning == null ? null : partitioning.strategy(), partitioning == null ? null : partitioning.key(), false);
        String createProbe = ddl.createTable(probeName(model.table()), model.fields(), primaryKey, null, null, true);
        return new TableDesign(model, primaryKey, createTable, createProbe, note.toString(),
                partitions(model, today), indexes(model));
    }

    static String probeName(String table) {
        return Identifiers.compose(PROBE_PREFIX + table);
    }

    private List<TableDesign.PartitionDesign> partitions(ModelSpec model, LocalDate today) {
        SchemaDdl ddl = dialect.ddl();
        String table = model.table();
        List<TableDesign.PartitionDesign> out = new ArrayList<>();
        if (model.partitioning() instanceof PartitioningSpec.Range range) {
            FieldType keyType = model.field(range.key()).orElseThrow().type();
            LocalDate start = range.interval().floor(today);
            for (int i = 0; i <= range.createAhead(); i++) {
                LocalDate from = range.interval().plus(start, i);
                LocalDate to = range.interval().plus(start, i + 1);
                String name = Identifiers.compose(table, range.interval().suffix(from));
                out.add(new TableDesign.PartitionDesign(name, TableDesign.PartitionKind.RANGE,
                        ddl.createRangePartition(name, table, boundLiteral(from, keyType), boundLiteral(to, keyType)), from, to, List.of(), null));
            }
            out.add(defaultPartition(table));
        } else if (model.partitioning() instanceof PartitioningSpec.ListOf list) {
            FieldType keyType = model.field(list.key()).orElseThrow().type();
            for (Map.Entry<String, List<String>> e : list.partitions().entrySet()) {
                List<String> literals = e.getValue().stream().map(v -> valueLiteral(v, keyType)).toList();
                out.add(new TableDesign.PartitionDesign(e.getKey(), TableDesign.PartitionKind.LIST,
                        ddl.createListPartition(e.getKey(), table, literals), null, null, e.getValue(), null));
            }
            out.add(defaultPartition(table));
        } else if (model.partitioning() instanceof PartitioningSpec.Hash hash) {
            for (int r = 0; r < hash.partitions(); r++) {
                String name = Identifiers.compose(table, "p" + r);
                out.add(new TableDesign.PartitionDesign(name, TableDesign.PartitionKind.HASH,
                        ddl.createHashPartition(name, table, hash.partitions(), r), null, null, List.of(),
                        "FOR VALUES WITH (modulus " + hash.partitions() + ", remainder " + r + ")"));
            }
        }
        return out;
    }

    private TableDesign.PartitionDesign defaultPartition(String table) {
        String name = Identifiers.compose(table, "default");
        return new TableDesign.PartitionDesign(name, TableDesign.PartitionKind.DEFAULT,
                dialect.ddl().createDefaultPartition(name, table), null, null, List.of(), "DEFAULT");
    }

    /** Range bounds are written in UTC so that they do not depend on the session's TimeZone. */
    static String boundLiteral(LocalDate day, FieldType keyType) {
        return switch (keyType) {
            case DATE -> Identifiers.literal(day.toString());
            case TIMESTAMP -> Identifiers.literal(day + " 00:00:00");
            default -> Identifiers.literal(day + " 00:00:00+00");
        };
    }

    static String valueLiteral(String value, FieldType keyType) {
        if ((keyType == FieldType.INT || keyType == FieldType.INT32) && value.matches("-?\\d{1,19}")) return value;
        return Identifiers.literal(value);
    }

    private List<TableDesign.IndexDesign> indexes(ModelSpec model) {
        List<TableDesign.IndexDesign> out = new ArrayList<>();
        for (IndexSpec index : model.indexes()) {
            String where = "model " + model.name() + ", index " + index.name();
            StringBuilder note = new StringBuilder(describe(index));
            List<String> keys;
            if (index.isExpression()) {
                SqlFragment fragment = SqlFragments.expression(index.expression(), where, "expression", model.table(), model.columnNames());
                TimeZoneSafeExpressions.Rewrite rewrite = TimeZoneSafeExpressions.rewrite(fragment, model);
                String text = rewrite == null ? index.expression() : rewrite.text();
                if (rewrite != null) note.append(". ").append(rewrite.note(index.expression()));
                keys = List.of("(" + text + ")");
            } else {
                keys = index.fields().stream().map(Identifiers::quote).toList();
            }
            String predicate = null;
            if (index.where() != null) {
                SqlFragment fragment = SqlFragments.expression(index.where(), where, "where", model.table(), model.columnNames());
                TimeZoneSafeExpressions.Rewrite rewrite = TimeZoneSafeExpressions.rewrite(fragment, model);
                predicate = rewrite == null ? index.where() : rewrite.text();
                if (rewrite != null) note.append(". ").append(rewrite.note(index.where()));
            }
            if (model.partitioning() != null) note.append("; created on the partitioned table, so every partition gets it");
            String sql = dialect.ddl().createIndex(index.name(), model.table(), index.unique(), index.method(), keys, index.include(), predicate);
            out.add(new TableDesign.IndexDesign(index, keys, predicate, sql, note.toString()));
        }
        return out;
    }

    private static String describe(IndexSpec index) {
        StringBuilder sb = new StringBuilder("create ");
        if (index.unique()) sb.append("unique ");
        if (index.where() != null) sb.append("partial ");
        if (!index.include().isEmpty()) sb.append("covering ");
        if (index.isExpression()) sb.append("expression ");
        sb.append(index.method()).append(" index ").append(index.name());
        if (!index.nameGiven()) sb.append(" (name generated)");
        if (!index.include().isEmpty()) sb.append(": ").append(String.join(", ", index.include())).append(" are stored in the index, so these reads need no table lookup");
        if (index.where() != null) sb.append(": only rows where ").append(index.where()).append(" are indexed");
        return sb.toString();
    }

    static String quoteAll(List<String> names) {
        return String.join(", ", names.stream().map(n -> quote(n)).toList());
    }
}
