package io.dataflow.rewrite;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * Sargable predicates: a comparison whose column is wrapped in a function or arithmetic cannot use
 * an index on the column. Each rewrite here gives the same truth value (NULL included) for every
 * row, and is made only when the column's type makes that exact:
 * {@code DATE(col) = d} and {@code col::date = d} (timestamp, timestamptz, date) → a day range;
 * {@code EXTRACT(YEAR FROM col) = y} → a year range; {@code col + k op x} (integer, numeric) →
 * {@code col op x - k}; a widening integer cast → the bare column.
 */
final class Sargable {

    private static final Set<String> TEMPORAL = Set.of("timestamp without time zone", "timestamp with time zone", "date");
    private static final Set<String> INTEGERS = Set.of("smallint", "integer", "bigint");
    private static final Set<String> WIDE_CASTS = Set.of("bigint", "int8", "numeric", "decimal", "integer", "int", "int4");

    private final Schema schema;

    Sargable(Schema schema) {
        this.schema = schema;
    }

    void apply(PlainSelect ps, List<Transformation> done, List<String> warnings) {
        Scope scope = Scope.of(ps, schema);
        if (ps.getWhere() != null) {
            ps.setWhere((Expression) rewriteAll(ps.getWhere(), scope, done, warnings));
        }
        if (ps.getJoins() != null) {
            for (Join j : ps.getJoins()) {
                if (j.getOnExpressions() == null || j.getOnExpressions().isEmpty()) continue;
                List<Expression> on = new java.util.ArrayList<>();
                for (Expression e : j.getOnExpressions()) on.add((Expression) rewriteAll(e, scope, done, warnings));
                j.setOnExpressions(on);
            }
        }
    }

    private Object rewriteAll(Expression root, Scope scope, List<Transformation> done, List<String> warnings) {
        if (root instanceof ComparisonOperator c) {
            Optional<Expression> r = rewrite(c, scope, done, warnings);
            if (r.isPresent()) return r.get();
        }
        Trees.replace(root, n -> n instanceof ComparisonOperator, n -> rewrite((ComparisonOperator) n, scope, done, warnings)
                .map(e -> (Object) new ParenthesedExpressionList<>(e)).orElse(n), false);
        return root;
    }

    private Optional<Expression> rewrite(ComparisonOperator c, Scope scope, List<Transformation> done, List<String> warnings) {
        if (!(c instanceof EqualsTo || c instanceof GreaterThan || c instanceof GreaterThanEquals || c instanceof MinorThan
                || c instanceof MinorThanEquals)) {
            return Optional.empty();
        }
        Expression l = c.getLeftExpression();
        Expression r = c.getRightExpression();
        String op = c.getStringExpression();
        if (isConstant(l) && !isConstant(r)) { // 10 < x  →  x > 10
            Expression t = l;
            l = r;
            r = t;
            op = flip(op);
        }
        final Expression value = r;
        final String operator = op;
        try {
            Optional<Expression> out = dateOf(l).map(col -> dayRange(col, operator, value, scope));
            if (out.isEmpty() && l instanceof ExtractExpression ex && ex.getName().equalsIgnoreCase("year") && ex.getExpression() instanceof Column col) {
                out = Optional.of(yearRange(col, op, r, scope));
            }
            if (out.isEmpty() && (l instanceof Addition || l instanceof Subtraction)) out = shifted(l, op, r, scope);
            if (out.isEmpty() && l instanceof CastExpression cast && cast.getLeftExpression() instanceof Column col) {
                out = widening(cast, col, op, r, scope);
            }
            out.ifPresent(e -> done.add(new Transformation("sargable", c + " → " + e)));
            return out;
        } catch (Trees.Unsupported e) {
            warnings.add("sargable: left as is: " + c + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The column of {@code DATE(col)}, {@code col::date}, {@code CAST(col AS date)}. */
    private static Optional<Column> dateOf(Expression e) {
        if (e instanceof Function f && f.getName() != null && f.getName().equalsIgnoreCase("date") && f.getParameters() != null
                && f.getParameters().size() == 1 && f.getParameters().get(0) instanceof Column col) {
            return Optional.of(col);
        }
        if (e instanceof CastExpression cast && cast.getLeftExpression() instanceof Column col && cast.getColDataType() != null
                && cast.getColDataType().getDataType().equalsIgnoreCase("date")) {
            return Optional.of(col);
        }
        return Optional.empty();
    }

    private Expression dayRange(Column col, String op, Expression value, Scope scope) {
        requireType(col, scope, TEMPORAL, "a date or timestamp");
        LocalDate d = dateLiteral(value);
        return range(col, op, d, d.plusDays(1));
    }

    private Expression yearRange(Column col, String op, Expression value, Scope scope) {
        requireType(col, scope, TEMPORAL, "a date or timestamp");
        if (!(value instanceof LongValue y) || y.getValue() < 1 || y.getValue() > 9998) throw new Trees.Unsupported("the year is not an integer constant");
        LocalDate from = LocalDate.of((int) y.getValue(), 1, 1);
        return range(col, op, from, from.plusYears(1));
    }

    /** {@code f(col) op v} where f maps [from, to) to v: the matching range of the bare column. */
    private static Expression range(Column col, String op, LocalDate from, LocalDate to) {
        Expression lo = date(from);
        Expression hi = date(to);
        return switch (op) {
            case "=" -> new AndExpression(new GreaterThanEquals(Exprs.copy(col), lo), new MinorThan(Exprs.copy(col), hi));
            case ">=" -> new GreaterThanEquals(Exprs.copy(col), lo);
            case ">" -> new GreaterThanEquals(Exprs.copy(col), hi);
            case "<" -> new MinorThan(Exprs.copy(col), lo);
            case "<=" -> new MinorThan(Exprs.copy(col), hi);
            default -> throw new Trees.Unsupported("operator " + op);
        };
    }

    private static Expression date(LocalDate d) {
        return Exprs.parse("DATE '" + d + "'");
    }

    private static LocalDate dateLiteral(Expression e) {
        String text = null;
        if (e instanceof StringValue s) text = s.getValue();
        if (e instanceof DateTimeLiteralExpression dt && dt.getType() == DateTimeLiteralExpression.DateTime.DATE) {
            text = dt.getValue().replace("'", "");
        }
        if (e instanceof CastExpression cast && cast.getLeftExpression() instanceof StringValue s && cast.getColDataType() != null
                && cast.getColDataType().getDataType().equalsIgnoreCase("date")) {
            text = s.getValue();
        }
        if (text == null) throw new Trees.Unsupported("the compared value is not a date constant");
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException ex) {
            throw new Trees.Unsupported("'" + text + "' is not a date in ISO form (YYYY-MM-DD)");
        }
    }

    /** {@code col + k op x} → {@code col op x - k}; {@code col - k op x} → {@code col op x + k}; exact for integers and numeric. */
    private Optional<Expression> shifted(Expression l, String op, Expression r, Scope scope) {
        net.sf.jsqlparser.expression.BinaryExpression b = (net.sf.jsqlparser.expression.BinaryExpression) l;
        Column col;
        LongValue k;
        boolean plus = b instanceof Addition;
        if (b.getLeftExpression() instanceof Column c1 && b.getRightExpression() instanceof LongValue v) {
            col = c1;
            k = v;
        } else if (plus && b.getRightExpression() instanceof Column c2 && b.getLeftExpression() instanceof LongValue v) {
            col = c2;
            k = v;
        } else {
            return Optional.empty();
        }
        if (!(r instanceof LongValue x)) return Optional.empty();
        String type = requireType(col, scope, Set.of("smallint", "integer", "bigint", "numeric"), "an integer or numeric");
        if (type.startsWith("numeric") && !type.equals("numeric")) type = "numeric";
        BigInteger value = plus ? x.getBigIntegerValue().subtract(k.getBigIntegerValue()) : x.getBigIntegerValue().add(k.getBigIntegerValue());
        if (value.bitLength() > 63) throw new Trees.Unsupported("the shifted constant does not fit in bigint");
        return Optional.of(compare(Exprs.copy(col), op, new LongValue(value.toString())));
    }

    /** {@code CAST(int_col AS bigint) op n} → {@code int_col op n}: a widening cast does not change any comparison with an integer. */
    private Optional<Expression> widening(CastExpression cast, Column col, String op, Expression r, Scope scope) {
        String to = cast.getColDataType().getDataType().toLowerCase(Locale.ROOT);
        if (to.equals("date")) return Optional.empty();
        if (!WIDE_CASTS.contains(to) || cast.getColDataType().getArgumentsStringList() != null && !cast.getColDataType().getArgumentsStringList().isEmpty()) {
            throw new Trees.Unsupported("a cast to " + to + " may change how values compare (only widening integer casts are removed)");
        }
        String type = requireType(col, scope, INTEGERS, "an integer");
        int rank = List.of("smallint", "integer", "bigint").indexOf(type);
        int target = to.startsWith("int8") || to.equals("bigint") ? 2 : to.startsWith("int") ? 1 : 3;
        if (target < rank) throw new Trees.Unsupported("the cast to " + to + " narrows a " + type + " column");
        if (!(r instanceof LongValue)) throw new Trees.Unsupported("the compared value is not an integer constant");
        return Optional.of(compare(Exprs.copy(col), op, Exprs.copy(r)));
    }

    private static Expression compare(Expression l, String op, Expression r) {
        return switch (op) {
            case "=" -> new EqualsTo(l, r);
            case ">" -> new GreaterThan(l, r);
            case ">=" -> new GreaterThanEquals(l, r);
            case "<" -> new MinorThan(l, r);
            case "<=" -> new MinorThanEquals(l, r);
            default -> new NotEqualsTo(l, r);
        };
    }

    private String requireType(Column col, Scope scope, Set<String> accepted, String what) {
        Schema.Column c = scope.column(col).orElseThrow(() -> new Trees.Unsupported("the type of " + col + " is not known"));
        String type = c.type().replaceAll("\\(.*\\)", "").strip();
        if (!accepted.contains(type)) throw new Trees.Unsupported(col + " is " + c.type() + ", not " + what + " column: the rewrite would not be exact");
        return type;
    }

    private static boolean isConstant(Expression e) {
        return e instanceof LongValue || e instanceof StringValue || e instanceof DateTimeLiteralExpression
                || e instanceof net.sf.jsqlparser.expression.DoubleValue
                || e instanceof CastExpression c && c.getLeftExpression() instanceof StringValue;
    }

    private static String flip(String op) {
        return switch (op) {
            case ">" -> "<";
            case ">=" -> "<=";
            case "<" -> ">";
            case "<=" -> ">=";
            default -> op;
        };
    }
}
