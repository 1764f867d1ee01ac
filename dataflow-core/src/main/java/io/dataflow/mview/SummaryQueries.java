package io.dataflow.mview;

import static io.dataflow.sql.Identifiers.quote;

import io.dataflow.sql.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * The SQL of an incremental view, derived from the base query's tree: the same query with each
 * AVG split into SUM and COUNT (an average of averages is wrong; sums and counts add), reading
 * the base table, the captured new rows, or (pre-aggregated capture) the statement's new rows;
 * the query that combines captured partial results; and the upsert that merges them.
 */
final class SummaryQueries {

    private final IncrementalSpec spec;

    SummaryQueries(IncrementalSpec spec) {
        this.spec = spec;
    }

    static String sumColumn(String avg) {
        return Identifiers.compose(avg, "sum");
    }

    static String countColumn(String avg) {
        return Identifiers.compose(avg, "n");
    }

    /** The stored columns' names: the output columns, and after each AVG its sum and count. */
    List<String> storedColumns() {
        List<String> out = new ArrayList<>();
        for (OutputColumn c : spec.shape().columns()) {
            out.add(c.name());
            if (c.aggregate() == Aggregate.AVG && !spec.strategy().equals("append")) {
                out.add(sumColumn(c.name()));
                out.add(countColumn(c.name()));
            }
        }
        return out;
    }

    /** The pre-aggregated capture's count of base rows behind each partial row (for status: rows pending). */
    static final String CAPTURED_ROWS = "df_captured_rows";

    /**
     * The partial query: keys and aggregates (AVG as SUM and COUNT) over {@code source} — the base
     * table, or the name of a CTE with captured rows. {@code :last_refresh} stays a parameter.
     */
    String partial(String source) {
        return partialSelect(source).toString();
    }

    /**
     * What the pre-aggregated capture inserts for one statement: the partial query over the
     * statement's transition table {@code source} (every row of it is new, so {@code :last_refresh}
     * is -infinity, written in), plus how many base rows each partial row stands for.
     */
    String capture(String source) {
        PlainSelect ps = partialSelect(source);
        List<SelectItem<?>> items = new ArrayList<>(ps.getSelectItems());
        try {
            items.add(new SelectItem<>(CCJSqlParserUtil.parseExpression("count(*)"), new Alias(CAPTURED_ROWS)));
        } catch (JSQLParserException e) {
            throw new IllegalStateException(e);
        }
        ps.setSelectItems(items);
        return everyRow(ps.toString());
    }

    /**
     * Combines pre-aggregated partial rows of {@code source} per group: COUNT and SUM add, MIN/MAX
     * compare, an AVG's sum and count add. Each result is cast back to the partial column's type
     * (sum(bigint) would be numeric).
     */
    String combined(String source, Map<String, String> types) {
        List<String> keys = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (OutputColumn c : spec.shape().columns()) {
            String col = quote(c.name());
            switch (c.aggregate()) {
                case KEY -> {
                    keys.add(col);
                    items.add(col);
                }
                case COUNT, SUM -> items.add(cast("sum(" + col + ")", types.get(c.name())) + " AS " + col);
                case MIN, MAX -> items.add(c.aggregate().name().toLowerCase(java.util.Locale.ROOT) + "(" + col + ") AS " + col);
                case AVG -> {
                    String s = quote(sumColumn(c.name()));
                    String n = quote(countColumn(c.name()));
                    items.add(cast("sum(" + s + ")", types.get(sumColumn(c.name()))) + " AS " + s);
                    items.add(cast("sum(" + n + ")", types.get(countColumn(c.name()))) + " AS " + n);
                }
                default -> throw new IllegalStateException(c.name() + " cannot be combined"); // preAggregated() excludes it
            }
        }
        return "SELECT " + String.join(", ", items) + " FROM " + source + " GROUP BY " + String.join(", ", keys);
    }

    private static String cast(String expression, String type) {
        return "(" + expression + ")::" + quote(type);
    }

    /** {@code :last_refresh} written in as -infinity (a constant, not a value from outside), for SQL that cannot bind it. */
    static String everyRow(String sql) {
        StringBuilder out = new StringBuilder();
        int last = 0;
        for (io.dataflow.sql.SqlToken token : io.dataflow.sql.SqlLexer.tokenize(sql)) {
            if (token.kind() != io.dataflow.sql.SqlToken.Kind.PARAMETER) continue;
            if (!token.text().equals(":last_refresh")) throw new IllegalStateException("only :last_refresh may be used, not " + token.text());
            out.append(sql, last, token.offset()).append("'-infinity'");
            last = token.offset() + token.text().length();
        }
        return out.append(sql, last, sql.length()).toString();
    }

    private PlainSelect partialSelect(String source) {
        PlainSelect ps = reparse();
        if (source != null) {
            Table base = (Table) ps.getFromItem();
            Table from = new Table(source);
            from.setAlias(base.getAlias() != null ? base.getAlias() : new Alias(base.getName(), false));
            ps.setFromItem(from);
        }
        List<SelectItem<?>> items = new ArrayList<>();
        for (OutputColumn c : spec.shape().columns()) {
            if (c.aggregate() == Aggregate.AVG) { // split for every strategy: partial rows combine, and append averages them at the end
                Function avg = (Function) c.expression();
                items.add(new SelectItem<>(new Function().withName("sum").withParameters(avg.getParameters()), new Alias(quote(sumColumn(c.name())))));
                items.add(new SelectItem<>(new Function().withName("count").withParameters(avg.getParameters()), new Alias(quote(countColumn(c.name())))));
            } else {
                items.add(new SelectItem<>(c.expression(), new Alias(quote(c.name()))));
            }
        }
        ps.setSelectItems(items);
        return ps;
    }

    /** The select list that turns a partial result {@code p} into stored columns (AVG = sum / count, in the average's type). */
    String storedFrom(String p, Map<String, String> types) {
        List<String> out = new ArrayList<>();
        for (OutputColumn c : spec.shape().columns()) {
            if (c.aggregate() == Aggregate.AVG) {
                out.add(average(p + "." + quote(sumColumn(c.name())), p + "." + quote(countColumn(c.name())), types.get(c.name())));
                if (spec.strategy().equals("append")) continue; // append stores the average only
                out.add(p + "." + quote(sumColumn(c.name())));
                out.add(p + "." + quote(countColumn(c.name())));
            } else {
                out.add(p + "." + quote(c.name()));
            }
        }
        return String.join(", ", out);
    }

    /** ON CONFLICT (keys) DO UPDATE: COUNT and SUM add (NULL sums are no rows), MIN/MAX compare, AVG from the combined sum and count. */
    String upsertClause(Map<String, String> types) {
        String t = quote(spec.name());
        List<String> sets = new ArrayList<>();
        for (OutputColumn c : spec.shape().values()) {
            String col = quote(c.name());
            switch (c.aggregate()) {
                case COUNT -> sets.add(col + " = " + t + "." + col + " + EXCLUDED." + col);
                case SUM -> sets.add(col + " = " + addNullable(t + "." + col, "EXCLUDED." + col));
                case MIN -> sets.add(col + " = LEAST(" + t + "." + col + ", EXCLUDED." + col + ")");
                case MAX -> sets.add(col + " = GREATEST(" + t + "." + col + ", EXCLUDED." + col + ")");
                case AVG -> {
                    String s = quote(sumColumn(c.name()));
                    String n = quote(countColumn(c.name()));
                    String sum = addNullable(t + "." + s, "EXCLUDED." + s);
                    String count = t + "." + n + " + EXCLUDED." + n;
                    sets.add(s + " = " + sum);
                    sets.add(n + " = " + count);
                    sets.add(col + " = " + average(sum, count, types.get(c.name())));
                }
                default -> throw new IllegalStateException(c.name() + " cannot be merged"); // refused by IncrementalSpec
            }
        }
        return " ON CONFLICT (" + ViewBuilder.columns(spec.shape().keys()) + ") DO " + (sets.isEmpty() ? "NOTHING" : "UPDATE SET " + String.join(", ", sets));
    }

    private static String addNullable(String a, String b) {
        return "CASE WHEN " + a + " IS NULL THEN " + b + " WHEN " + b + " IS NULL THEN " + a + " ELSE " + a + " + " + b + " END";
    }

    private static String average(String sum, String count, String type) {
        return "((" + sum + ")::" + quote(type) + " / NULLIF(" + count + ", 0))::" + quote(type);
    }

    private PlainSelect reparse() {
        try {
            return (PlainSelect) CCJSqlParserUtil.parse(spec.shape().sql());
        } catch (JSQLParserException e) {
            throw new IllegalStateException("parsed before, cannot fail now: " + e.getMessage(), e);
        }
    }
}
