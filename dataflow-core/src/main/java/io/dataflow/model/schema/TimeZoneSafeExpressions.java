package io.dataflow.model.schema;

import io.dataflow.model.FieldType;
import io.dataflow.model.ModelSpec;
import io.dataflow.sql.SqlFragment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimezoneExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;

/**
 * PostgreSQL indexes only IMMUTABLE expressions. EXTRACT, date_trunc, date_part, to_char and casts
 * to date over a {@code timestamptz} column depend on the session's TimeZone, so the guide's
 * {@code EXTRACT(YEAR FROM created_at)} is refused as written. The sound fix is to pin the zone:
 * {@code EXTRACT(YEAR FROM (created_at AT TIME ZONE 'UTC'))} is immutable and means the year in UTC.
 */
final class TimeZoneSafeExpressions {

    private static final Set<String> ZONE_DEPENDENT_FUNCTIONS = Set.of("date_trunc", "date_part", "to_char", "date");

    private TimeZoneSafeExpressions() {
    }

    /** The rewritten expression text, or null when the expression needs no change. */
    static Rewrite rewrite(SqlFragment fragment, ModelSpec model) {
        List<String> pinned = new ArrayList<>();
        Expression tree = fragment.tree();
        tree.accept(new Pinner(model, pinned), null);
        if (pinned.isEmpty()) return null;
        return new Rewrite(tree.toString(), pinned);
    }

    record Rewrite(String text, List<String> pinnedColumns) {
        String note(String original) {
            return original + " depends on the session TimeZone for timestamptz column(s) " + String.join(", ", pinnedColumns)
                    + ", and PostgreSQL indexes only immutable expressions; DataFlow pins the zone to UTC: " + text
                    + ". Queries must use this same expression to use the index.";
        }
    }

    private static final class Pinner extends ExpressionVisitorAdapter<Void> {
        private final ModelSpec model;
        private final List<String> pinned;

        Pinner(ModelSpec model, List<String> pinned) {
            this.model = model;
            this.pinned = pinned;
        }

        @Override
        public <S> Void visit(ExtractExpression e, S context) {
            Expression pinnedExpression = pin(e.getExpression());
            if (pinnedExpression != null) e.setExpression(pinnedExpression);
            return super.visit(e, context);
        }

        @Override
        public <S> Void visit(Function f, S context) {
            if (f.getName() != null && ZONE_DEPENDENT_FUNCTIONS.contains(f.getName().toLowerCase(Locale.ROOT)) && f.getParameters() != null) {
                @SuppressWarnings("unchecked")
                ExpressionList<Expression> params = (ExpressionList<Expression>) f.getParameters();
                for (int i = 0; i < params.size(); i++) {
                    Expression pinnedExpression = pin(params.get(i));
                    if (pinnedExpression != null) params.set(i, pinnedExpression);
                }
            }
            return super.visit(f, context);
        }

        @Override
        public <S> Void visit(CastExpression c, S context) {
            String target = c.getColDataType() == null ? "" : c.getColDataType().getDataType().toLowerCase(Locale.ROOT);
            if (target.equals("date") || target.startsWith("time") || target.equals("text") || target.startsWith("varchar")) {
                Expression pinnedExpression = pin(c.getLeftExpression());
                if (pinnedExpression != null) c.setLeftExpression(pinnedExpression);
            }
            return super.visit(c, context);
        }

        private Expression pin(Expression e) {
            if (!(e instanceof Column column)) return null;
            String name = column.getColumnName().replace("\"", "").toLowerCase(Locale.ROOT);
            boolean zoned = model.field(name).map(f -> f.type() == FieldType.DATETIME).orElse(false);
            if (!zoned) return null;
            pinned.add(name);
            TimezoneExpression tz = new TimezoneExpression(column, new StringValue("UTC"));
            return new ParenthesedExpressionList<Expression>(tz);
        }
    }
}
