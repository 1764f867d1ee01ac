package io.dataflow.model.schema;

import io.dataflow.DataFlowException;
import io.dataflow.config.ConfigException;
import io.dataflow.dialect.CatalogReader;
import io.dataflow.dialect.Dialect;
import io.dataflow.dialect.TableInfo;
import io.dataflow.model.FieldSpec;
import io.dataflow.model.ModelSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the models with the catalog and plans the DDL that creates what is missing. Each model is
 * first built as an empty temporary "probe" table inside a savepoint that is rolled back: the server
 * itself validates every definition (immutability of index expressions, defaults, types) before any
 * real statement runs, and the probe's catalog entries give definitions normalised exactly as the
 * server would store them, so drift is detected without fragile text comparison.
 * Must run inside a transaction with {@code TimeZone} set to UTC (range bounds deparse in UTC).
 */
public final class SchemaPlanner {

    private static final Pattern RANGE_BOUND = Pattern.compile("FOR VALUES FROM \\('([^']*)'\\) TO \\('([^']*)'\\)");
    private final Dialect dialect;
    private final SchemaDesigner designer;

    public SchemaPlanner(Dialect dialect) {
        this.dialect = dialect;
        this.designer = new SchemaDesigner(dialect);
    }

    public SchemaPlan plan(Connection connection, List<ModelSpec> models, LocalDate today) throws SQLException {
        List<SchemaStep> steps = new ArrayList<>();
        List<Drift> drift = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ModelSpec model : models) {
            TableDesign design = designer.design(model, today);
            TableInfo probe = probe(connection, design);
            CatalogReader catalog = dialect.catalog();
            Optional<TableInfo> actual = catalog.table(connection, model.table());
            if (actual.isEmpty()) {
                if (catalog.relationExists(connection, model.table())) {
                    throw new DataFlowException("model " + model.name() + ": a relation named " + model.table()
                            + " exists but is not a table; rename it or set the model's table name");
                }
                planNewTable(connection, design, steps, drift);
            } else {
                planExistingTable(connection, design, probe, actual.get(), steps, drift, notes);
            }
        }
        return new SchemaPlan(steps, drift, notes);
    }

    /** Builds the model as an empty temp table and its indexes, reads them back, and rolls back. */
    private TableInfo probe(Connection connection, TableDesign design) throws SQLException {
        ModelSpec model = design.model();
        String probeTable = SchemaDesigner.probeName(model.table());
        Savepoint savepoint = connection.setSavepoint();
        try (Statement st = connection.createStatement()) {
            run(st, design.createProbe(), "model " + model.name(), "fields");
            int i = 0;
            for (TableDesign.IndexDesign index : design.indexes()) {
                String sql = dialect.ddl().createIndex(probeTable + "_" + i++, probeTable, index.spec().unique(), index.spec().method(),
                        index.keys(), index.spec().include(), index.predicate());
                run(st, sql, "model " + model.name() + ", index " + index.spec().name(),
                        index.spec().isExpression() ? "expression" : index.spec().where() != null ? "where" : "fields");
            }
            return dialect.catalog().table(connection, probeTable).orElseThrow();
        } finally {
            connection.rollback(savepoint);
        }
    }

    private static void run(Statement st, String sql, String where, String key) {
        try {
            st.execute(sql);
        } catch (SQLException e) {
            throw new ConfigException(where, key, "PostgreSQL refused the definition: " + e.getMessage().replace("\n", " ")
                    + " (while checking: " + sql.replace("\n", " ") + ")");
        }
    }

    private void planNewTable(Connection connection, TableDesign design, List<SchemaStep> steps, List<Drift> drift) throws SQLException {
        ModelSpec model = design.model();
        steps.add(new SchemaStep(model.name(), SchemaStep.Kind.CREATE_TABLE, model.table(), design.createTable(), design.tableNote()));
        for (TableDesign.PartitionDesign p : design.partitions()) {
            if (dialect.catalog().relationExists(connection, p.name())) {
                drift.add(new Drift(model.name(), "partition " + p.name(), "a partition of " + model.table(), "a relation of that name already exists"));
                continue;
            }
            steps.add(partitionStep(model, p));
        }
        for (TableDesign.IndexDesign index : design.indexes()) addIndexStep(connection, model, index, steps, drift);
    }

    private void addIndexStep(Connection connection, ModelSpec model, TableDesign.IndexDesign index, List<SchemaStep> steps, List<Drift> drift)
            throws SQLException {
        Optional<String> owner = dialect.catalog().indexOwner(connection, index.spec().name());
        if (owner.isPresent() || dialect.catalog().relationExists(connection, index.spec().name())) {
            drift.add(new Drift(model.name(), "index " + index.spec().name(), "an index on " + model.table(),
                    owner.map(t -> "an index of that name on table " + t).orElse("a relation of that name")));
            return;
        }
        steps.add(new SchemaStep(model.name(), SchemaStep.Kind.CREATE_INDEX, index.spec().name(), index.sql(), index.note()));
    }

    private static SchemaStep partitionStep(ModelSpec model, TableDesign.PartitionDesign p) {
        String note = switch (p.kind()) {
            case RANGE -> "create partition " + p.name() + " for " + p.from() + " up to " + p.to() + " (UTC)";
            case LIST -> "create partition " + p.name() + " for " + model.partitioning().key() + " in " + p.values();
            case HASH -> "create hash partition " + p.name();
            case DEFAULT -> "create DEFAULT partition " + p.name() + ": rows outside every other partition land here instead of failing";
        };
        return new SchemaStep(model.name(), p.kind() == TableDesign.PartitionKind.DEFAULT
                ? SchemaStep.Kind.CREATE_DEFAULT_PARTITION : SchemaStep.Kind.CREATE_PARTITION, p.name(), p.sql(), note);
    }

    private void planExistingTable(Connection connection, TableDesign design, TableInfo probe, TableInfo actual,
                                   List<SchemaStep> steps, List<Drift> drift, List<String> notes) throws SQLException {
        ModelSpec model = design.model();
        String table = model.table();
        for (FieldSpec field : model.fields()) {
            TableInfo.ColumnInfo want = probe.columns().get(field.name());
            TableInfo.ColumnInfo have = actual.columns().get(field.name());
            String object = "column " + table + "." + field.name();
            if (have == null) {
                if (want.notNull() && want.defaultExpression() == null && want.identity().isEmpty() && actual.hasRows()) {
                    drift.add(new Drift(model.name(), object, describe(want), "missing; a NOT NULL column without a default cannot be added"
                            + " to a table that has rows: give it a default, or add and backfill it yourself"));
                } else {
                    steps.add(new SchemaStep(model.name(), SchemaStep.Kind.ADD_COLUMN, table + "." + field.name(),
                            dialect.ddl().addColumn(table, field), "add missing column " + field.name()));
                }
            } else if (!describe(want).equals(describe(have))) {
                drift.add(new Drift(model.name(), object, describe(want), describe(have)));
            }
        }
        comparePartitioning(connection, design, actual, steps, drift, notes);
        comparePrimaryKey(model, design, probe, actual, drift);
        List<String> probeIndexNames = new ArrayList<>(probe.indexes().keySet());
        probeIndexNames.removeIf(n -> probe.indexes().get(n).primary());
        for (TableDesign.IndexDesign index : design.indexes()) {
            TableInfo.IndexInfo have = actual.indexes().get(index.spec().name());
            if (have == null) {
                addIndexStep(connection, model, index, steps, drift);
                continue;
            }
            TableInfo.IndexInfo want = probe.indexes().get(SchemaDesigner.probeName(table) + "_" + design.indexes().indexOf(index));
            if (want != null && !want.shape().equals(have.shape())) {
                drift.add(new Drift(model.name(), "index " + index.spec().name(), want.shape(), have.shape()));
            }
        }
    }

    private static String describe(TableInfo.ColumnInfo c) {
        StringBuilder sb = new StringBuilder(c.type());
        if (!c.identity().isEmpty()) sb.append(c.identity().equals("a") ? " GENERATED ALWAYS AS IDENTITY" : " GENERATED BY DEFAULT AS IDENTITY");
        if (c.defaultExpression() != null) sb.append(" DEFAULT ").append(c.defaultExpression());
        sb.append(c.notNull() ? " NOT NULL" : " NULL");
        return sb.toString();
    }

    private static void comparePrimaryKey(ModelSpec model, TableDesign design, TableInfo probe, TableInfo actual, List<Drift> drift) {
        List<String> want = probe.indexes().values().stream().filter(TableInfo.IndexInfo::primary).findFirst().map(TableInfo.IndexInfo::keys).orElse(List.of());
        List<String> have = actual.indexes().values().stream().filter(TableInfo.IndexInfo::primary).findFirst().map(TableInfo.IndexInfo::keys).orElse(List.of());
        if (!want.equals(have)) {
            drift.add(new Drift(model.name(), "primary key of " + model.table(), want.toString(), have.isEmpty() ? "no primary key" : have.toString()));
        }
    }

    private void comparePartitioning(Connection connection, TableDesign design, TableInfo actual, List<SchemaStep> steps,
                                     List<Drift> drift, List<String> notes) throws SQLException {
        ModelSpec model = design.model();
        String wantStrategy = model.partitioning() == null ? null : model.partitioning().strategy();
        List<String> wantKey = model.partitioning() == null ? List.of() : List.of(model.partitioning().key());
        if (!java.util.Objects.equals(wantStrategy, actual.strategy()) || !wantKey.equals(actual.partitionKey())) {
            drift.add(new Drift(model.name(), "partitioning of " + model.table(),
                    wantStrategy == null ? "not partitioned" : wantStrategy + " on " + wantKey,
                    actual.strategy() == null ? "not partitioned" : actual.strategy() + " on " + actual.partitionKey()));
            return; // partitions cannot be attached to a table partitioned differently
        }
        Set<String> handled = new HashSet<>();
        for (TableDesign.PartitionDesign p : design.partitions()) {
            TableInfo.PartitionInfo have = actual.partitions().get(p.name());
            if (have != null) {
                handled.add(p.name());
                comparePartition(model, p, have, drift);
                continue;
            }
            if (p.kind() == TableDesign.PartitionKind.DEFAULT && actual.defaultPartition().isPresent()) continue;
            if (p.kind() == TableDesign.PartitionKind.RANGE) {
                Optional<String> covering = overlapping(actual, p);
                if (covering.isPresent()) {
                    notes.add(model.name() + ": partition " + p.name() + " not created: " + p.from() + " to " + p.to()
                            + " is already covered by partition " + covering.get());
                    continue;
                }
                if (actual.defaultPartition().map(TableInfo.PartitionInfo::hasRows).orElse(false)) {
                    notes.add(model.name() + ": partition " + p.name() + " not created: the DEFAULT partition holds rows, which may fall in "
                            + p.from() + " to " + p.to() + "; run partition maintenance, which moves them without losing any");
                    continue;
                }
            }
            if (p.kind() == TableDesign.PartitionKind.LIST && actual.defaultPartition().map(TableInfo.PartitionInfo::hasRows).orElse(false)) {
                notes.add(model.name() + ": partition " + p.name() + " not created: the DEFAULT partition holds rows that may belong in it;"
                        + " run partition maintenance, which moves them without losing any");
                continue;
            }
            if (dialect.catalog().relationExists(connection, p.name())) {
                drift.add(new Drift(model.name(), "partition " + p.name(), "a partition of " + model.table(),
                        "a table of that name that is not a partition of " + model.table()));
                continue;
            }
            steps.add(partitionStep(model, p));
        }
    }

    private static void comparePartition(ModelSpec model, TableDesign.PartitionDesign p, TableInfo.PartitionInfo have, List<Drift> drift) {
        String object = "partition " + p.name();
        switch (p.kind()) {
            case LIST -> {
                Set<String> haveValues = new HashSet<>(listValues(have.bound()));
                if (!haveValues.equals(new HashSet<>(p.values()))) drift.add(new Drift(model.name(), object, "values " + p.values(), have.bound()));
            }
            case RANGE -> {
                Matcher m = RANGE_BOUND.matcher(have.bound());
                if (!m.find() || !m.group(1).startsWith(p.from().toString()) || !m.group(2).startsWith(p.to().toString())) {
                    drift.add(new Drift(model.name(), object, "FROM " + p.from() + " TO " + p.to(), have.bound()));
                }
            }
            case HASH, DEFAULT -> {
                if (!p.bound().equalsIgnoreCase(have.bound())) drift.add(new Drift(model.name(), object, p.bound(), have.bound()));
            }
        }
    }

    /** An existing range partition whose bounds overlap the planned one (bounds deparse in UTC). */
    private static Optional<String> overlapping(TableInfo actual, TableDesign.PartitionDesign p) {
        for (var e : actual.partitions().entrySet()) {
            Matcher m = RANGE_BOUND.matcher(e.getValue().bound());
            if (!m.find()) continue;
            String from = m.group(1).substring(0, Math.min(10, m.group(1).length()));
            String to = m.group(2).substring(0, Math.min(10, m.group(2).length()));
            if (from.compareTo(p.to().toString()) < 0 && to.compareTo(p.from().toString()) > 0) return Optional.of(e.getKey());
        }
        return Optional.empty();
    }

    static List<String> listValues(String bound) {
        int open = bound.indexOf('(');
        int close = bound.lastIndexOf(')');
        if (open < 0 || close < open) return List.of();
        List<String> out = new ArrayList<>();
        String inner = bound.substring(open + 1, close);
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\'') {
                if (quoted && i + 1 < inner.length() && inner.charAt(i + 1) == '\'') {
                    cur.append('\'');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) out.add(cur.toString().trim());
        return out;
    }
}
