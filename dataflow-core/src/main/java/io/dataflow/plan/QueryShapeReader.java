package io.dataflow.plan;

import io.dataflow.plan.QueryShape.Col;
import io.dataflow.plan.QueryShape.NonSargable;
import io.dataflow.plan.QueryShape.Op;
import io.dataflow.plan.QueryShape.Operand;
import io.dataflow.plan.QueryShape.Predicate;
import io.dataflow.plan.QueryShape.SortKey;
import io.dataflow.plan.QueryShape.Wrap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DateValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimestampValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/** Walks a JSqlParser tree into a {@link QueryShape}, scope by scope (each SELECT sees its own FROM and its outer ones). */
final class QueryShapeReader {

    private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max", "array_agg", "string_agg",
            "bool_and", "bool_or", "json_agg", "jsonb_agg", "stddev", "variance", "percentile_cont", "percentile_disc");

    private final Function<String, Set<String>> columnsOf;
    private final QueryShape.Builder out = new QueryShape.Builder();
    private final Set<String> cteNames = new HashSet<>();

    QueryShapeReader(Function<String, Set<String>> columnsOf) {
        this.columnsOf = columnsOf;
    }

    /** The tables visible in one SELECT (alias or name to table), and the enclosing scope. */
    private record Scope(Map<String, String> aliases, List<String> tables, Scope parent) {
        Scope(Scope parent) {
            this(new HashMap<>(), new ArrayList<>(), parent);
        }
    }

    QueryShape read(String sql) {
        statement(parse(sql), new Scope(null));
        return out.build();
    }

    private void statement(Statement statement, Scope root) {
        if (statement instanceof Select select) {
            select(select, root);
        } else if (statement instanceof Update update) {
            withItems(update.getWithItemsList(), root);
            addTable(update.getTable(), root);
            if (update.getFromItem() != null) from(update.getFromItem(), root);
            joins(update.getJoins(), root);
            for (UpdateSet set : update.getUpdateSets()) {
                for (int i = 0; i < set.getColumns().size(); i++) {
                    Col c = resolve(set.getColumns().get(i), root);
                    if (c != null && i < set.getValues().size()) parameter(set.getValues().get(i), c);
                }
                set.getValues().forEach(v -> expression(v, root));
            }
            where(update.getWhere(), root);
        } else if (statement instanceof Delete delete) {
            withItems(delete.getWithItemsList(), root);
            addTable(delete.getTable(), root);
            if (delete.getUsingList() != null) delete.getUsingList().forEach(t -> addTable(t, root));
            joins(delete.getJoins(), root);
            where(delete.getWhere(), root);
        } else if (statement instanceof Insert insert) {
            withItems(insert.getWithItemsList(), root);
            addTable(insert.getTable(), root);
            if (insert.getSelect() != null) {
                Select source = insert.getSelect();
                if (source instanceof net.sf.jsqlparser.statement.select.Values && insert.getColumns() != null) {
                    assignValues(insert, root);
                } else {
                    select(source, new Scope(root));
                }
            }
        }
    }

    private static Statement parse(String sql) {
        try {
            return io.dataflow.sql.SqlParser.statement(sql); // refuses deep nesting, balances long AND/OR chains
        } catch (io.dataflow.sql.SqlParseException e) {
            throw new PlanException(e.getMessage(), e.position(), e);
        }
    }

    static int offsetOf(String text, Token token) {
        if (token == null || token.beginLine <= 0) return 0;
        int line = 1;
        int i = 0;
        while (line < token.beginLine && i < text.length()) {
            if (text.charAt(i++) == '\n') line++;
        }
        return Math.min(text.length(), i + Math.max(0, token.beginColumn - 1));
    }

    private void select(Select select, Scope scope) {
        withItems(select.getWithItemsList(), scope);
        if (select instanceof PlainSelect plain) {
            plain(plain, new Scope(scope));
        } else if (select instanceof SetOperationList set) {
            set.getSelects().forEach(s -> select(s, scope));
        } else if (select instanceof ParenthesedSelect parenthesed && parenthesed.getSelect() != null) {
            select(parenthesed.getSelect(), scope);
        }
    }

    private void withItems(List<WithItem<?>> items, Scope scope) {
        if (items == null) return;
        for (WithItem<?> item : items) {
            cteNames.add(name(item.getAliasName()));
            if (item.getParenthesedStatement() != null) statement(item.getParenthesedStatement(), new Scope(scope));
        }
    }

    private void plain(PlainSelect s, Scope scope) {
        if (s.getFromItem() != null) from(s.getFromItem(), scope);
        joins(s.getJoins(), scope);
        for (SelectItem<?> item : s.getSelectItems()) {
            Expression e = item.getExpression();
            if (e instanceof AllColumns && !(e instanceof AllTableColumns)) {
                out.selectsAll.addAll(scope.tables());
            } else if (e instanceof AllTableColumns all) {
                String t = table(all.getTable().getName(), scope);
                if (t != null) out.selectsAll.add(t);
            } else {
                expression(e, scope);
            }
        }
        where(s.getWhere(), scope);
        if (s.getGroupBy() != null && s.getGroupBy().getGroupByExpressionList() != null) {
            out.aggregates = true;
            List<Col> keys = new ArrayList<>();
            for (Object o : s.getGroupBy().getGroupByExpressionList()) {
                if (o instanceof Column c && resolve(c, scope) != null) keys.add(resolve(c, scope));
                if (o instanceof Expression e) expression(e, scope);
            }
            if (!keys.isEmpty()) out.groupings.add(keys);
        }
        if (s.getHaving() != null) where(s.getHaving(), scope);
        orderBy(s.getOrderByElements(), scope);
    }

    private void orderBy(List<OrderByElement> elements, Scope scope) {
        if (elements == null) return;
        List<SortKey> keys = new ArrayList<>();
        boolean usable = true;
        for (OrderByElement e : elements) {
            expression(e.getExpression(), scope);
            Col c = e.getExpression() instanceof Column column ? resolve(column, scope) : null;
            if (c == null || (!keys.isEmpty() && !keys.get(0).column().table().equals(c.table()))) usable = false;
            if (c != null) keys.add(new SortKey(c, !e.isAsc()));
        }
        if (usable && !keys.isEmpty()) out.orderings.add(keys);
    }

    private void from(FromItem item, Scope scope) {
        if (item instanceof Table t) {
            addTable(t, scope);
        } else if (item instanceof ParenthesedSelect sub) {
            select(sub, scope);
        } else if (item instanceof ParenthesedFromItem p) {
            from(p.getFromItem(), scope);
            joins(p.getJoins(), scope);
        }
    }

    private void joins(List<Join> joins, Scope scope) {
        if (joins == null) return;
        for (Join j : joins) from(j.getRightItem(), scope);
        for (Join j : joins) {
            if (j.getOnExpressions() != null) j.getOnExpressions().forEach(e -> where(e, scope));
        }
    }

    private void addTable(Table t, Scope scope) {
        if (t == null) return;
        String name = name(t.getName());
        if (t.getSchemaName() == null && cteNames.contains(name)) return; // a CTE, not a table
        String qualified = t.getSchemaName() == null ? name : name(t.getSchemaName()) + "." + name;
        out.tables.add(qualified);
        scope.tables().add(qualified);
        scope.aliases().put(name, qualified);
        if (t.getAlias() != null) scope.aliases().put(name(t.getAlias().getName()), qualified);
    }

    /** A name as PostgreSQL sees it: quoted names keep their case, others fold to lower case. */
    static String name(String raw) {
        if (raw == null) return null;
        if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) return raw.substring(1, raw.length() - 1).replace("\"\"", "\"");
        return raw.toLowerCase(Locale.ROOT);
    }

    private String table(String qualifier, Scope scope) {
        String key = name(qualifier);
        for (Scope s = scope; s != null; s = s.parent()) {
            if (s.aliases().containsKey(key)) return s.aliases().get(key);
        }
        return null;
    }

    private Col resolve(Column c, Scope scope) {
        String column = name(c.getColumnName());
        if (c.getTable() != null && c.getTable().getName() != null) {
            String t = table(c.getTable().getName(), scope);
            return t == null ? null : new Col(t, column);
        }
        for (Scope s = scope; s != null; s = s.parent()) {
            List<String> owners = s.tables().stream().filter(t -> columnsOf.apply(t).contains(column)).toList();
            if (owners.size() == 1) return new Col(owners.get(0), column);
            if (owners.isEmpty() && s.tables().size() == 1 && columnsOf.apply(s.tables().get(0)).isEmpty()) {
                return new Col(s.tables().get(0), column); // catalog unknown: the only table is the best guess
            }
            if (owners.size() > 1) return null;
        }
        return null;
    }

    // ---- expressions

    private void where(Expression e, Scope scope) {
        if (e == null) return;
        e.accept(new Walker(scope), null);
    }

    private void expression(Expression e, Scope scope) {
        if (e != null) e.accept(new Walker(scope), null);
    }

    /** Records every comparison and column reference it meets; recurses into subqueries with a new scope. */
    private final class Walker extends ExpressionVisitorAdapter<Void> {
        private final Scope scope;

        Walker(Scope scope) {
            this.scope = scope;
        }

        @Override
        public <S> Void visit(Column column, S context) {
            Col c = resolve(column, scope);
            if (c != null) out.reference(c);
            return null;
        }

        @Override
        public <S> Void visit(ParenthesedSelect select, S context) {
            QueryShapeReader.this.select(select, scope);
            return null;
        }

        @Override
        public <S> Void visit(Select select, S context) {
            QueryShapeReader.this.select(select, scope);
            return null;
        }

        @Override
        public <S> Void visit(net.sf.jsqlparser.expression.Function f, S context) {
            if (f.getName() != null && AGGREGATES.contains(f.getName().toLowerCase(Locale.ROOT))) out.aggregates = true;
            return super.visit(f, context);
        }

        @Override
        public <S> Void visit(EqualsTo e, S context) {
            compare(e, Op.EQ, scope);
            return super.visit(e, context);
        }

        @Override
        public <S> Void visit(GreaterThan e, S context) {
            compare(e, Op.RANGE, scope);
            return super.visit(e, context);
        }

        @Override
        public <S> Void visit(GreaterThanEquals e, S context) {
            compare(e, Op.RANGE, scope);
            return super.visit(e, context);
        }

        @Override
        public <S> Void visit(MinorThan e, S context) {
            compare(e, Op.RANGE, scope);
            return super.visit(e, context);
        }

        @Override
        public <S> Void visit(MinorThanEquals e, S context) {
            compare(e, Op.RANGE, scope);
            return super.visit(e, context);
        }

        @Override
        public <S> Void visit(Between e, S context) {
            if (!e.isNot() && e.getLeftExpression() instanceof Column column && resolve(column, scope) != null) {
                Col c = resolve(column, scope);
                add(c, Op.RANGE, e.getBetweenExpressionStart(), scope);
                add(c, Op.RANGE, e.getBetweenExpressionEnd(), scope);
            }
            return super.visit(e, context);
        }

        @Override
        public <S> Void visit(InExpression e, S context) {
            if (!e.isNot() && e.getLeftExpression() instanceof Column column && resolve(column, scope) != null) {
                Col c = resolve(column, scope);
                if (e.getRightExpression() instanceof ExpressionList<?> list && !(e.getRightExpression() instanceof ParenthesedSelect)) {
                    boolean constants = true;
                    for (Expression item : list) {
                        parameter(item, c);
                        constants &= literal(item) != null;
                    }
                    out.predicates.add(new Predicate(c, Op.IN, constants ? Operand.CONSTANT : Operand.EXPRESSION,
                            constants ? list.toString() : null, null));
                } else {
                    out.predicates.add(new Predicate(c, Op.IN, Operand.EXPRESSION, null, null));
                }
            }
            return super.visit(e, context);
        }

        @Override
        public <S> Void visit(IsNullExpression e, S context) {
            if (!e.isNot() && e.getLeftExpression() instanceof Column column && resolve(column, scope) != null) {
                out.predicates.add(new Predicate(resolve(column, scope), Op.IS_NULL, Operand.CONSTANT, "NULL", null));
            }
            return super.visit(e, context);
        }

        @Override
        public <S> Void visit(LikeExpression e, S context) {
            Col c = e.getLeftExpression() instanceof Column column ? resolve(column, scope) : null;
            if (c != null && !e.isNot() && e.getRightExpression() instanceof StringValue pattern) {
                String p = pattern.getValue();
                if (p.startsWith("%") || p.startsWith("_") || e.isCaseInsensitive()) {
                    out.nonSargable.add(new NonSargable(Wrap.LEADING_WILDCARD, c, c.column(), e.toString(), null));
                } else {
                    out.predicates.add(new Predicate(c, Op.PREFIX_LIKE, Operand.CONSTANT, pattern.toString(), null));
                }
            }
            return super.visit(e, context);
        }
    }

    private void compare(BinaryExpression e, Op op, Scope scope) {
        Expression left = e.getLeftExpression();
        Expression right = e.getRightExpression();
        boolean leftColumn = left instanceof Column l && resolve(l, scope) != null;
        boolean rightColumn = right instanceof Column r && resolve(r, scope) != null;
        if (leftColumn) add(resolve((Column) left, scope), op, right, scope);
        if (rightColumn) add(resolve((Column) right, scope), op, left, scope);
        if (!leftColumn && !rightColumn) {
            NonSargables.detect(e, left, right, c -> resolve(c, scope), tablesIn(right, scope), tablesIn(left, scope))
                    .ifPresent(out.nonSargable::add);
        }
    }

    private void add(Col c, Op op, Expression other, Scope scope) {
        parameter(other, c);
        if (other instanceof Column oc) {
            Col o = resolve(oc, scope);
            if (o != null) out.predicates.add(new Predicate(c, op, Operand.COLUMN, null, o));
            return;
        }
        String constant = literal(other);
        if (constant != null) {
            out.predicates.add(new Predicate(c, op, Operand.CONSTANT, constant, null));
        } else if (parameterName(other) != null) {
            out.predicates.add(new Predicate(c, op, Operand.PARAMETER, null, null));
        } else if (!tablesIn(other, scope).contains(c.table())) {
            out.predicates.add(new Predicate(c, op, Operand.EXPRESSION, null, null));
        }
    }

    private Set<String> tablesIn(Expression e, Scope scope) {
        Set<String> tables = new HashSet<>();
        if (e == null) return tables;
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Column column, S context) {
                Col c = resolve(column, scope);
                if (c != null) tables.add(c.table());
                return null;
            }
        }, null);
        return tables;
    }

    private void parameter(Expression e, Col c) {
        String name = parameterName(e);
        if (name != null) out.parameters.putIfAbsent(name, c);
    }

    private void assignValues(Insert insert, Scope scope) {
        String table = scope.tables().get(0);
        List<Column> columns = insert.getColumns();
        List<?> expressions = ((net.sf.jsqlparser.statement.select.Values) insert.getSelect()).getExpressions();
        boolean oneRow = expressions.stream().noneMatch(ExpressionList.class::isInstance);
        for (Object row : oneRow ? List.of(expressions) : expressions) {
            List<?> values = row instanceof List<?> l ? l : List.of(row);
            for (int i = 0; i < Math.min(values.size(), columns.size()); i++) {
                if (values.get(i) instanceof Expression v) parameter(v, new Col(table, name(columns.get(i).getColumnName())));
            }
        }
    }

    /** A named ({@code :name}) or positional ({@code $1}, {@code ?}) parameter, possibly cast. */
    static String parameterName(Expression e) {
        if (e instanceof CastExpression cast) return parameterName(cast.getLeftExpression());
        if (e instanceof JdbcNamedParameter p) return p.getName();
        if (e instanceof JdbcParameter p) return p.getIndex() == null ? "?" : "$" + p.getIndex();
        return null;
    }

    /** The SQL text of a literal (possibly signed or cast), else null. */
    static String literal(Expression e) {
        if (e instanceof StringValue || e instanceof LongValue || e instanceof DoubleValue || e instanceof DateValue
                || e instanceof TimestampValue || e instanceof NullValue || e instanceof BooleanValue) {
            return e.toString();
        }
        if (e instanceof SignedExpression s && literal(s.getExpression()) != null) return e.toString();
        if (e instanceof CastExpression c && literal(c.getLeftExpression()) != null) return e.toString();
        return null;
    }

    static boolean isArithmetic(Expression e) {
        return e instanceof Addition || e instanceof Subtraction || e instanceof Multiplication || e instanceof Division;
    }

    static boolean isWrapping(Expression e) {
        return e instanceof net.sf.jsqlparser.expression.Function || e instanceof CastExpression || e instanceof ExtractExpression
                || isArithmetic(e);
    }
}
