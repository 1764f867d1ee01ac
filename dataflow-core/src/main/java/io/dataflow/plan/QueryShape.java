package io.dataflow.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a statement asks of its tables, read from its JSqlParser tree (see {@link QueryShapeReader}):
 * the columns compared with constants, parameters or other tables' columns, the sort orders, the
 * grouping, the columns referenced per table, and the predicates no plain index can serve. Table
 * names are resolved (aliases replaced), so index candidates can be built from it directly.
 *
 * @param tables      every table the statement reads or writes, as {@code name} or {@code schema.name}
 * @param predicates  comparisons of a bare column, in text order
 * @param orderings   each ORDER BY whose keys are all bare columns of one table
 * @param groupings   each GROUP BY's bare columns
 * @param referenced  per table, every column the statement mentions
 * @param selectsAll  tables whose every column is selected ({@code *} or {@code t.*})
 * @param nonSargable predicates that wrap an indexed column in a function, a cast or arithmetic, or a leading-wildcard LIKE
 * @param parameters  parameter name to the column it is compared with or assigned to
 * @param aggregates  whether some SELECT groups or aggregates
 */
public record QueryShape(Set<String> tables, List<Predicate> predicates, List<List<SortKey>> orderings,
                         List<List<Col>> groupings, Map<String, Set<String>> referenced, Set<String> selectsAll,
                         List<NonSargable> nonSargable, Map<String, Col> parameters, boolean aggregates) {

    /** A column of a resolved table. */
    public record Col(String table, String column) {
        @Override
        public String toString() {
            return table + "." + column;
        }
    }

    public enum Op { EQ, RANGE, IN, PREFIX_LIKE, IS_NULL }

    public enum Operand { CONSTANT, PARAMETER, COLUMN, EXPRESSION }

    /**
     * @param column    the bare column compared
     * @param op        how
     * @param operand   what it is compared with
     * @param constant  the literal's SQL text (CONSTANT), else null
     * @param other     the other column (COLUMN), else null
     */
    public record Predicate(Col column, Op op, Operand operand, String constant, Col other) {
        public boolean isJoin() {
            return operand == Operand.COLUMN && other != null && !other.table().equals(column.table());
        }
    }

    public record SortKey(Col column, boolean descending) {
    }

    public enum Wrap { FUNCTION, CAST, ARITHMETIC, LEADING_WILDCARD }

    /**
     * @param wrap       what hides the column from a plain index
     * @param column     the column
     * @param expression the column-side expression without table qualifiers (what an expression index would hold)
     * @param predicate  the whole predicate as written
     * @param rewrite    an equivalent sargable predicate, or null when there is none
     */
    public record NonSargable(Wrap wrap, Col column, String expression, String predicate, String rewrite) {
    }

    public QueryShape {
        tables = Set.copyOf(new LinkedHashSet<>(tables));
        predicates = List.copyOf(predicates);
        orderings = List.copyOf(orderings);
        groupings = List.copyOf(groupings);
        referenced = Map.copyOf(referenced);
        selectsAll = Set.copyOf(selectsAll);
        nonSargable = List.copyOf(nonSargable);
        parameters = Map.copyOf(parameters);
    }

    /**
     * Reads a statement. {@code columnsOf} gives a table's column names (empty when unknown): it
     * places unqualified columns when a statement reads several tables.
     */
    public static QueryShape of(String sql, Function<String, Set<String>> columnsOf) {
        return new QueryShapeReader(columnsOf).read(sql);
    }

    public List<Predicate> predicatesOn(String table) {
        return predicates.stream().filter(p -> p.column().table().equals(table)).toList();
    }

    /** Mutable form used while reading. */
    static final class Builder {
        final Set<String> tables = new LinkedHashSet<>();
        final List<Predicate> predicates = new ArrayList<>();
        final List<List<SortKey>> orderings = new ArrayList<>();
        final List<List<Col>> groupings = new ArrayList<>();
        final Map<String, Set<String>> referenced = new LinkedHashMap<>();
        final Set<String> selectsAll = new LinkedHashSet<>();
        final List<NonSargable> nonSargable = new ArrayList<>();
        final Map<String, Col> parameters = new LinkedHashMap<>();
        boolean aggregates;

        void reference(Col c) {
            referenced.computeIfAbsent(c.table(), k -> new LinkedHashSet<>()).add(c.column());
        }

        QueryShape build() {
            Map<String, Set<String>> refs = new LinkedHashMap<>();
            referenced.forEach((k, v) -> refs.put(k, Set.copyOf(v)));
            return new QueryShape(tables, predicates, orderings, groupings, refs, selectsAll, nonSargable, parameters, aggregates);
        }
    }
}
