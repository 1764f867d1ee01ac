package io.dataflow.partition;

import static io.dataflow.sql.Identifiers.quote;

import io.dataflow.model.PartitionInterval;
import io.dataflow.model.PartitioningSpec;
import io.dataflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * create_future: range partitions ahead of now, list partitions as configured, a DEFAULT partition,
 * and the rows that landed in DEFAULT moved into the partition created for them in the same
 * transaction (so PostgreSQL's "updated partition constraint for default partition would be
 * violated" never happens: the rows are out of DEFAULT before the new bound is checked).
 */
final class PartitionLayout {

    private PartitionLayout() {
    }

    static void createFuture(MaintenanceContext ctx, Operation.CreateFuture op) throws SQLException {
        if (ctx.partitioning() instanceof PartitioningSpec.Range range) {
            createRange(ctx, range, op);
        } else if (ctx.partitioning() instanceof PartitioningSpec.ListOf list) {
            createList(ctx, list);
        } else {
            ctx.skipped("create_future", null, "hash partitions are fixed in number; nothing to create ahead");
        }
    }

    private static void createRange(MaintenanceContext ctx, PartitioningSpec.Range range, Operation.CreateFuture op) throws SQLException {
        PartitionInterval interval = range.interval();
        LocalDate first = interval.floor(ctx.today);
        LocalDate horizon = op.monthsAhead() == null ? interval.plus(first, range.createAhead() + 1L)
                : ctx.today.plusMonths(op.monthsAhead()).plusDays(1);
        TreeMap<LocalDate, Long> wanted = new TreeMap<>();
        for (LocalDate d = first; d.isBefore(horizon); d = interval.plus(d, 1)) wanted.put(d, 0L);
        try (Connection c = ctx.dataSource.getConnection()) {
            List<LivePartition> live = PartitionCatalog.partitions(c, ctx.table);
            ensureDefault(ctx, c, live);
            Optional<LivePartition> def = live.stream().filter(LivePartition::isDefault).findFirst();
            Set<String> gone = goneNames(ctx.state, c, ctx.table);
            if (def.isPresent()) {
                Map<LocalDate, Long> stranded = defaultRowsByInterval(ctx, c, def.get().name(), interval);
                for (var e : stranded.entrySet()) {
                    String name = Identifiers.compose(ctx.table, interval.suffix(e.getKey()));
                    if (gone.contains(name)) {
                        ctx.notes.add(e.getValue() + " rows in DEFAULT fall in " + name + ", which was archived and dropped;"
                                + " they stay in DEFAULT (restore the archive to merge them)");
                        continue;
                    }
                    wanted.merge(e.getKey(), e.getValue(), Long::sum);
                }
            }
            for (var e : wanted.entrySet()) {
                LocalDate from = e.getKey();
                LocalDate to = interval.plus(from, 1);
                String name = Identifiers.compose(ctx.table, interval.suffix(from));
                if (live.stream().anyMatch(p -> !p.isDefault() && p.overlaps(from, to))) continue; // exists (or covered)
                if (gone.contains(name)) continue;
                long moving = e.getValue();
                String detail = from + " up to " + to + " (UTC)" + (moving > 0 ? ", moving " + moving + " rows out of DEFAULT in the same transaction" : "");
                if (!ctx.dryRun) {
                    long moved = createWithMove(ctx, c, def.map(LivePartition::name).orElse(null), name,
                            "FOR VALUES FROM (" + ctx.bound(from) + ") TO (" + ctx.bound(to) + ")",
                            quote(ctx.key()) + " >= " + ctx.bound(from) + " AND " + quote(ctx.key()) + " < " + ctx.bound(to));
                    PartitionStore.state(ctx.state, c, ctx.table, name, from.toString(), to.toString(), "active", ctx.now);
                    detail = from + " up to " + to + " (UTC)" + (moved > 0 ? ", moved " + moved + " rows out of DEFAULT in the same transaction" : "");
                }
                ctx.did(c, "create_future", name, "created", detail);
            }
        }
    }

    private static void createList(MaintenanceContext ctx, PartitioningSpec.ListOf list) throws SQLException {
        try (Connection c = ctx.dataSource.getConnection()) {
            List<LivePartition> live = PartitionCatalog.partitions(c, ctx.table);
            ensureDefault(ctx, c, live);
            String def = live.stream().filter(LivePartition::isDefault).map(LivePartition::name).findFirst()
                    .orElse(Identifiers.compose(ctx.table, "default"));
            for (var e : list.partitions().entrySet()) {
                String name = e.getKey();
                Optional<LivePartition> have = live.stream().filter(p -> p.name().equals(name)).findFirst();
                if (have.isEmpty()) {
                    String in = String.join(", ", e.getValue().stream().map(ctx::valueLiteral).toList());
                    String detail = "values " + e.getValue();
                    if (!ctx.dryRun) {
                        long moved = createWithMove(ctx, c, def, name, "FOR VALUES IN (" + in + ")", quote(ctx.key()) + " IN (" + in + ")");
                        PartitionStore.state(ctx.state, c, ctx.table, name, null, null, "active", ctx.now);
                        if (moved > 0) detail += ", moved " + moved + " rows out of DEFAULT in the same transaction";
                    }
                    ctx.did(c, "create_future", name, "created", detail);
                    continue;
                }
                List<String> added = e.getValue().stream().filter(v -> !have.get().values().contains(v)).toList();
                List<String> removed = have.get().values().stream().filter(v -> !e.getValue().contains(v)).toList();
                if (!removed.isEmpty()) {
                    ctx.skipped("create_future", name, "values " + removed + " are no longer configured; removing values from a list"
                            + " partition is not done automatically (its rows would have nowhere to go)");
                }
                if (added.isEmpty()) continue;
                String detail = "added values " + added;
                if (!ctx.dryRun) {
                    long moved = addValues(ctx, c, def, name, have.get().values(), added);
                    if (moved > 0) detail += ", moved " + moved + " rows out of DEFAULT in the same transaction";
                }
                ctx.did(c, "create_future", name, "values_added", detail);
            }
        }
    }

    private static void ensureDefault(MaintenanceContext ctx, Connection c, List<LivePartition> live) throws SQLException {
        if (live.stream().anyMatch(LivePartition::isDefault)) return;
        String name = Identifiers.compose(ctx.table, "default");
        if (!ctx.dryRun) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE " + quote(name) + " PARTITION OF " + quote(ctx.table) + " DEFAULT");
            }
            live.add(new LivePartition(name, true, null, null, List.of(), "DEFAULT", 0));
        }
        ctx.did(c, "create_future", name, "created", "DEFAULT partition: rows outside every other partition land here instead of failing");
    }

    /** Creates a partition and moves the matching DEFAULT rows into it, in one transaction; returns the rows moved. */
    static long createWithMove(MaintenanceContext ctx, Connection c, String defaultPartition, String name, String bound, String predicate)
            throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL TimeZone = 'UTC'");
            long moved = 0;
            if (defaultPartition != null) moved = holdDefaultRows(ctx, st, defaultPartition, predicate);
            st.execute("CREATE TABLE " + quote(name) + " PARTITION OF " + quote(ctx.table) + " " + bound);
            if (moved > 0) st.execute("INSERT INTO " + quote(name) + " (" + ctx.columnList() + ") OVERRIDING SYSTEM VALUE SELECT "
                    + ctx.columnList() + " FROM df_moving");
            c.commit();
            return moved;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /**
     * Locks DEFAULT (the new bound's check needs that lock anyway; taking it first keeps writers from
     * adding a conflicting row in between) and moves the matching rows into a temp table.
     */
    private static long holdDefaultRows(MaintenanceContext ctx, Statement st, String defaultPartition, String predicate) throws SQLException {
        st.execute("LOCK TABLE " + quote(defaultPartition) + " IN ACCESS EXCLUSIVE MODE");
        st.execute("CREATE TEMP TABLE df_moving (LIKE " + quote(ctx.table) + ") ON COMMIT DROP");
        return st.executeUpdate("WITH moved AS (DELETE FROM " + quote(defaultPartition) + " WHERE " + predicate + " RETURNING " + ctx.columnList()
                + ") INSERT INTO df_moving (" + ctx.columnList() + ") SELECT " + ctx.columnList() + " FROM moved");
    }

    /** Adds values to a list partition: detach, move DEFAULT's rows for them in, re-attach with the longer list; one transaction. */
    private static long addValues(MaintenanceContext ctx, Connection c, String defaultPartition, String name, List<String> have, List<String> added)
            throws SQLException {
        List<String> all = new ArrayList<>(have);
        all.addAll(added);
        String in = String.join(", ", all.stream().map(ctx::valueLiteral).toList());
        String addedIn = String.join(", ", added.stream().map(ctx::valueLiteral).toList());
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("LOCK TABLE " + quote(ctx.table) + " IN SHARE ROW EXCLUSIVE MODE");
            long moved = holdDefaultRows(ctx, st, defaultPartition, quote(ctx.key()) + " IN (" + addedIn + ")");
            st.execute("ALTER TABLE " + quote(ctx.table) + " DETACH PARTITION " + quote(name));
            if (moved > 0) st.execute("INSERT INTO " + quote(name) + " (" + ctx.columnList() + ") OVERRIDING SYSTEM VALUE SELECT "
                    + ctx.columnList() + " FROM df_moving");
            st.execute("ALTER TABLE " + quote(ctx.table) + " ATTACH PARTITION " + quote(name) + " FOR VALUES IN (" + in + ")");
            c.commit();
            return moved;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Rows in DEFAULT by the interval they belong to (UTC). */
    static Map<LocalDate, Long> defaultRowsByInterval(MaintenanceContext ctx, Connection c, String defaultPartition, PartitionInterval interval)
            throws SQLException {
        String unit = switch (interval) {
            case DAILY -> "day";
            case WEEKLY -> "week";
            case MONTHLY -> "month";
            case QUARTERLY -> "quarter";
            case YEARLY -> "year";
        };
        Map<LocalDate, Long> out = new LinkedHashMap<>();
        return PartitionCatalog.inUtc(c, () -> {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT date_trunc('" + unit + "', " + quote(ctx.key())
                + ")::date, count(*) FROM " + quote(defaultPartition) + " WHERE " + quote(ctx.key()) + " IS NOT NULL GROUP BY 1 ORDER BY 1")) {
            while (rs.next()) out.put(rs.getObject(1, LocalDate.class), rs.getLong(2));
        }
        return out;
        });
    }

    /** Partitions DataFlow detached or dropped: never re-created for late rows. */
    static Set<String> goneNames(io.dataflow.state.StateSchema state, Connection c, String table) throws SQLException {
        Set<String> out = new HashSet<>();
        for (PartitionRecord r : PartitionStore.all(state, c, table)) {
            if (r.state().equals("dropped") || r.state().equals("detached")) out.add(r.partition());
        }
        return out;
    }
}
