package io.dataflow.sql;

import java.util.Set;
import net.sf.jsqlparser.expression.Expression;

/**
 * A config-supplied SQL expression that passed validation: exactly one expression, no comments,
 * no statement separators, no subqueries, and only the allowed columns.
 *
 * @param text    the text as written by the user
 * @param tree    the parsed expression (JSqlParser)
 * @param columns the column names it references (lower case, unquoted)
 */
public record SqlFragment(String text, Expression tree, Set<String> columns) {
}
