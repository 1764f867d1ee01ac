package io.dataflow.rewrite;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * EXISTS over a subquery with LIMIT / OFFSET. {@code EXISTS (... OFFSET k)} is true when the
 * subquery has at least k+1 rows; a positive constant LIMIT does not change that (PostgreSQL drops
 * it), LIMIT 0 makes it never true. PostgreSQL cannot pull a subquery with OFFSET up into a
 * semi-join, so it runs once per outer row; a count per key computed once says the same.
 */
final class BoundedExists {

    private BoundedExists() {
    }

    /**
     * How many rows the EXISTS needs (k+1 for OFFSET k), or null when the subquery has no OFFSET.
     *
     * @throws Trees.Unsupported when the bound is not a constant, is LIMIT 0, or is FETCH / TOP
     */
    static Long rowsNeeded(PlainSelect ps) {
        Expression offset = ps.getOffset() != null ? ps.getOffset().getOffset() : ps.getLimit() != null ? ps.getLimit().getOffset() : null;
        if (offset == null) return null; // a LIMIT alone: PostgreSQL drops a positive constant one and semi-joins
        if (ps.getFetch() != null || ps.getTop() != null) throw new Trees.Unsupported("the subquery has FETCH/TOP with OFFSET");
        if (!(offset instanceof LongValue k)) throw new Trees.Unsupported("the OFFSET " + offset + " is not a constant");
        if (ps.getLimit() != null && ps.getLimit().getRowCount() != null) {
            Expression n = ps.getLimit().getRowCount();
            boolean all = n instanceof AllColumns || n instanceof NullValue || "ALL".equalsIgnoreCase(n.toString());
            if (!all) {
                if (!(n instanceof LongValue l)) throw new Trees.Unsupported("the LIMIT " + n + " is not a constant");
                if (l.getValue() <= 0) throw new Trees.Unsupported("LIMIT 0: the EXISTS is never true");
            }
        }
        return k.getValue() + 1;
    }

    /** The subquery without ORDER BY, LIMIT and OFFSET (a copy: the original is kept for a declined rewrite). */
    static ParenthesedSelect unbounded(ParenthesedSelect sub) {
        Expression where = ((PlainSelect) SqlTree.parseQuery("SELECT 1 WHERE EXISTS " + sub)).getWhere();
        ParenthesedSelect copy = (ParenthesedSelect) ((net.sf.jsqlparser.expression.operators.relational.ExistsExpression) where).getRightExpression();
        PlainSelect ps = copy.getPlainSelect();
        ps.setLimit(null);
        ps.setOffset(null);
        ps.setOrderByElements(null);
        return copy;
    }

    /** Why PostgreSQL keeps a top-level EXISTS / IN as a SubPlan, as far as the subquery's shape tells. */
    static String whyNotPulledUp(PlainSelect ps) {
        if (ps == null) return " (the subquery is not a plain SELECT)";
        if (!Trees.find(ps, ParenthesedSelect.class, true).isEmpty()) {
            return " (a subquery nested inside it runs per candidate row; optimization decorrelate (or auto) decorrelates the shapes it can prove, and says why not otherwise)";
        }
        if (ps.getGroupBy() != null || ps.getHaving() != null) return " (PostgreSQL does not pull up a subquery with GROUP BY or HAVING)";
        if (ps.getLimit() != null || ps.getOffset() != null) return " (PostgreSQL does not pull up a subquery with this LIMIT/OFFSET)";
        return "";
    }
}
