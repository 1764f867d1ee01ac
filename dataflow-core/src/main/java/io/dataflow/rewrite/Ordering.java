package io.dataflow.rewrite;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Whether a query's row order is fully determined: ORDER BY covers a unique key of its only table.
 * Then results are compared as lists; otherwise as multisets (and LIMIT without such an order is
 * flagged: two correct plans may return different rows).
 */
final class Ordering {

    private Ordering() {
    }

    static boolean determined(String sql, Schema schema, List<String> warnings) {
        Select select;
        try {
            select = SqlTree.parseQuery(sql);
        } catch (RewriteException e) {
            return false;
        }
        if (!(select instanceof PlainSelect ps)) return false;
        boolean limited = ps.getLimit() != null || ps.getFetch() != null || ps.getOffset() != null;
        boolean determined = false;
        if (ps.getOrderByElements() != null && ps.getFromItem() instanceof Table t && (ps.getJoins() == null || ps.getJoins().isEmpty())
                && ps.getGroupBy() == null && ps.getDistinct() == null) {
            Set<String> ordered = new HashSet<>();
            for (OrderByElement o : ps.getOrderByElements()) {
                if (o.getExpression() instanceof Column c) ordered.add(Names.unquote(c.getColumnName()));
            }
            determined = schema.table(t.getFullyQualifiedName()).map(table -> table.uniqueKeys().stream().anyMatch(key ->
                    ordered.containsAll(key) && key.stream().allMatch(k -> table.columns().get(k) != null && table.columns().get(k).notNull())))
                    .orElse(false);
        }
        if (limited && !determined) {
            warnings.add("LIMIT/OFFSET without ORDER BY on a unique key: two correct plans may return different rows, so a difference may not be a bug");
        }
        return determined;
    }
}
