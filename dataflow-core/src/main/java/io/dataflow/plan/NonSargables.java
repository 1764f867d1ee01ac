package io.dataflow.plan;

import io.dataflow.plan.QueryShape.Col;
import io.dataflow.plan.QueryShape.NonSargable;
import io.dataflow.plan.QueryShape.Wrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;

/**
 * Recognizes comparisons that hide a column from its index ({@code lower(email) = ...},
 * {@code created_at::date = ...}, {@code total + 1 > ...}) and, where one exists, writes the
 * equivalent predicate on the bare column.
 */
final class NonSargables {

    private NonSargables() {
    }

    static Optional<NonSargable> detect(BinaryExpression e, Expression left, Expression right, Function<Column, Col> resolve,
                                        Set<String> rightTables, Set<String> leftTables) {
        Optional<NonSargable> found = side(e, left, right, false, resolve, rightTables);
        return found.isPresent() ? found : side(e, right, left, true, resolve, leftTables);
    }

    private static Optional<NonSargable> side(BinaryExpression e, Expression wrapped, Expression other, boolean flipped,
                                              Function<Column, Col> resolve, Set<String> otherTables) {
        if (!QueryShapeReader.isWrapping(wrapped)) return Optional.empty();
        List<Column> columns = columns(wrapped);
        if (columns.size() != 1) return Optional.empty();
        Col c = resolve.apply(columns.get(0));
        if (c == null || otherTables.contains(c.table())) return Optional.empty();
        Wrap wrap = QueryShapeReader.isArithmetic(wrapped) ? Wrap.ARITHMETIC : wrapped instanceof CastExpression ? Wrap.CAST : Wrap.FUNCTION;
        String op = flipped ? flip(e.getStringExpression()) : e.getStringExpression();
        String rewrite = rewrite(wrapped, columns.get(0).toString(), op, other.toString());
        return Optional.of(new NonSargable(wrap, c, unqualified(wrapped, columns), e.toString(), rewrite));
    }

    /** The sargable equivalent of {@code wrapped op other}, or null. */
    static String rewrite(Expression wrapped, String column, String op, String other) {
        if (wrapped instanceof Addition a && a.getLeftExpression() instanceof Column && columns(a.getRightExpression()).isEmpty()) {
            return column + " " + op + " (" + other + ") - (" + a.getRightExpression() + ")";
        }
        if (wrapped instanceof Subtraction s && s.getLeftExpression() instanceof Column && columns(s.getRightExpression()).isEmpty()) {
            return column + " " + op + " (" + other + ") + (" + s.getRightExpression() + ")";
        }
        if (toDate(wrapped)) {
            String day = "(" + other + ")::date";
            return switch (op) {
                case "=" -> column + " >= " + day + " AND " + column + " < " + day + " + 1";
                case ">=" -> column + " >= " + day;
                case ">" -> column + " >= " + day + " + 1";
                case "<" -> column + " < " + day;
                case "<=" -> column + " < " + day + " + 1";
                default -> null;
            };
        }
        if (wrapped instanceof ExtractExpression x && "year".equalsIgnoreCase(x.getName()) && x.getExpression() instanceof Column) {
            String from = "make_date((" + other + ")::int, 1, 1)";
            String to = "make_date((" + other + ")::int + 1, 1, 1)";
            return switch (op) {
                case "=" -> column + " >= " + from + " AND " + column + " < " + to;
                case ">=" -> column + " >= " + from;
                case ">" -> column + " >= " + to;
                case "<" -> column + " < " + from;
                case "<=" -> column + " < " + to;
                default -> null;
            };
        }
        return null;
    }

    /** {@code col::date}, {@code CAST(col AS date)} or {@code date(col)} of a bare column. */
    private static boolean toDate(Expression e) {
        if (e instanceof CastExpression c) {
            return c.getLeftExpression() instanceof Column && c.getColDataType() != null
                    && "date".equalsIgnoreCase(c.getColDataType().getDataType());
        }
        return e instanceof net.sf.jsqlparser.expression.Function f && f.getName() != null
                && f.getName().toLowerCase(Locale.ROOT).equals("date") && f.getParameters() != null
                && f.getParameters().size() == 1 && f.getParameters().get(0) instanceof Column;
    }

    private static String flip(String op) {
        return switch (op) {
            case ">" -> "<";
            case "<" -> ">";
            case ">=" -> "<=";
            case "<=" -> ">=";
            default -> op;
        };
    }

    static List<Column> columns(Expression e) {
        List<Column> out = new ArrayList<>();
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Column column, S context) {
                out.add(column);
                return null;
            }
        }, null);
        return out;
    }

    /** The expression's text with table qualifiers dropped, as an index expression must be written. */
    private static String unqualified(Expression e, List<Column> columns) {
        List<Table> saved = columns.stream().map(Column::getTable).toList();
        try {
            columns.forEach(c -> c.setTable(null));
            return e.toString();
        } finally {
            for (int i = 0; i < columns.size(); i++) columns.get(i).setTable(saved.get(i));
        }
    }
}
