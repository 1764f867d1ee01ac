package io.dataflow.mview;

import net.sf.jsqlparser.expression.Expression;

/**
 * One column a summary query returns.
 *
 * @param name       the name PostgreSQL gives it (alias, column name, or function name)
 * @param expression its parsed expression
 * @param aggregate  KEY for a GROUP BY key, else the aggregate that computes it
 */
public record OutputColumn(String name, Expression expression, Aggregate aggregate) {
}
