package io.dataflow.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * The FROM items of one query level, by the name its columns are qualified with (alias, else table
 * name), with the table's columns when the schema knows them.
 */
final class Scope {

    /** Which query level a column belongs to. */
    enum Side { INNER, OUTER, UNKNOWN }

    /** One FROM item: the name columns use for it, and its table when it is a base table with known columns. */
    record Item(String name, FromItem from, Optional<Schema.Table> table) {
    }

    private static final Set<String> KEYWORD_COLUMNS = Set.of("true", "false", "current_date", "current_timestamp", "current_time",
            "localtime", "localtimestamp", "current_user", "session_user", "user", "current_schema", "current_role");

    final List<Item> items;

    private Scope(List<Item> items) {
        this.items = items;
    }

    static Scope of(PlainSelect ps, Schema schema) {
        List<Item> items = new ArrayList<>();
        if (ps.getFromItem() != null) items.add(item(ps.getFromItem(), schema));
        if (ps.getJoins() != null) for (Join j : ps.getJoins()) items.add(item(j.getRightItem(), schema));
        return new Scope(items);
    }

    private static Item item(FromItem from, Schema schema) {
        String name = from.getAlias() != null ? from.getAlias().getName() : from instanceof Table t ? t.getName() : null;
        Optional<Schema.Table> table = from instanceof Table t ? schema.table(t.getFullyQualifiedName()) : Optional.empty();
        return new Item(name, from, table);
    }

    /** Whether a column name is a keyword PostgreSQL reads as a value (TRUE, CURRENT_DATE...), not a column. */
    static boolean isKeyword(Column c) {
        return c.getTable() == null || c.getTable().getName() == null
                ? KEYWORD_COLUMNS.contains(c.getColumnName().toLowerCase(java.util.Locale.ROOT)) : false;
    }

    boolean hasName(String qualifier) {
        return items.stream().anyMatch(i -> Names.same(i.name, qualifier));
    }

    /** Whether this scope provably has a column of that name (unqualified). */
    boolean hasColumn(String column) {
        return items.stream().anyMatch(i -> i.table.map(t -> t.columns().containsKey(Names.unquote(column))).orElse(false));
    }

    /** Whether every item's columns are known. */
    boolean complete() {
        return items.stream().allMatch(i -> i.table.isPresent());
    }

    /** Classifies a column of an inner query level against that level ({@code inner}) and the level around it. */
    static Side side(Column c, Scope inner, Scope outer) {
        String q = c.getTable() == null ? null : c.getTable().getName();
        if (q != null) {
            if (inner.hasName(q)) return Side.INNER;
            if (outer.hasName(q)) return Side.OUTER;
            return Side.UNKNOWN;
        }
        if (inner.hasColumn(c.getColumnName())) return Side.INNER;
        if (!inner.complete()) return Side.UNKNOWN;
        if (outer.hasColumn(c.getColumnName())) return Side.OUTER;
        return Side.UNKNOWN;
    }

    /** The item a column refers to, if known. */
    Optional<Item> itemOf(Column c) {
        String q = c.getTable() == null ? null : c.getTable().getName();
        if (q != null) return items.stream().filter(i -> Names.same(i.name, q)).findFirst();
        List<Item> having = items.stream().filter(i -> i.table.map(t -> t.columns().containsKey(Names.unquote(c.getColumnName()))).orElse(false)).toList();
        return having.size() == 1 && complete() ? Optional.of(having.get(0)) : Optional.empty();
    }

    /** The catalog column a column reference points to, if known. */
    Optional<Schema.Column> column(Column c) {
        return itemOf(c).flatMap(Item::table).map(t -> t.columns().get(Names.unquote(c.getColumnName())));
    }

    List<String> names() {
        return items.stream().map(Item::name).toList();
    }
}
