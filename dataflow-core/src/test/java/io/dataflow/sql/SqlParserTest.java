package io.dataflow.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import org.junit.jupiter.api.Test;

/** Long flat chains work; deep nesting and control characters get a clear error with a position. */
class SqlParserTest {

    static String orChain(int n) {
        return "SELECT * FROM t WHERE " + IntStream.range(0, n).mapToObj(i -> "(a = " + i + " AND b = " + i + ")").collect(Collectors.joining(" OR "));
    }

    @Test
    void aTenThousandTermOrChainParsesPrintsTheSameSqlAndIsShallow() {
        String sql = orChain(10_000);
        Statement s = SqlParser.statement(sql);
        assertThat(s.toString()).isEqualTo(sql);
        assertThat(depth(((PlainSelect) s).getWhere())).isLessThanOrEqualTo(15);
    }

    @Test
    void tenThousandAndTermsAndInValuesParse() {
        String and = "SELECT * FROM t WHERE " + IntStream.range(0, 10_000).mapToObj(i -> "a <> " + i).collect(Collectors.joining(" AND "));
        assertThat(SqlParser.statement(and).toString()).isEqualTo(and);
        String in = "SELECT * FROM t WHERE a IN (" + IntStream.range(0, 10_000).mapToObj(Integer::toString).collect(Collectors.joining(", ")) + ")";
        assertThat(SqlParser.statement(in).toString()).isEqualTo(in);
    }

    @Test
    void shortChainsKeepTheirLeftDeepShape() {
        PlainSelect s = (PlainSelect) SqlParser.statement("SELECT * FROM t WHERE a = 1 OR a = 2 OR a = 3");
        OrExpression top = (OrExpression) s.getWhere();
        assertThat(top.getLeftExpression()).isInstanceOf(OrExpression.class);
        assertThat(top.getRightExpression().toString()).isEqualTo("a = 3");
    }

    @Test
    void conjunctsOfALongChainAndBackDoNotRecurse() {
        Expression where = ((PlainSelect) SqlParser.statement("SELECT * FROM t WHERE "
                + IntStream.range(0, 10_000).mapToObj(i -> "a <> " + i).collect(Collectors.joining(" AND ")))).getWhere();
        var parts = Conjuncts.of(where);
        assertThat(parts).hasSize(10_000);
        assertThat(depth(Conjuncts.and(parts))).isLessThanOrEqualTo(15);
    }

    @Test
    void threeThousandNestedParenthesesAreAClearErrorAtThePositionOfTheFirstTooDeepOne() {
        String sql = "SELECT * FROM t WHERE " + "(".repeat(3000) + "a = 1" + ")".repeat(3000);
        assertThatThrownBy(() -> SqlParser.statement(sql)).isInstanceOf(SqlParseException.class)
                .hasMessageStartingWith("cannot parse the SQL: nested more than 100 levels deep")
                .hasMessageContaining("at position " + ("SELECT * FROM t WHERE ".length() + 101))
                .satisfies(e -> assertThat(((SqlParseException) e).position()).isEqualTo(22 + 101))
                .hasMessageNotContaining("java.lang");
    }

    @Test
    void nestingUpToTheLimitParses() {
        String sql = "SELECT * FROM t WHERE " + "(".repeat(SqlParser.MAX_NESTING) + "a = 1" + ")".repeat(SqlParser.MAX_NESTING);
        assertThat(SqlParser.statement(sql).toString()).contains("a = 1");
    }

    @Test
    void aControlCharacterIsAClearErrorNotATokenManagerError() {
        String sql = "SELECT * FROM t WHERE a = 1\u0001";
        assertThatThrownBy(() -> SqlParser.statement(sql)).isInstanceOf(SqlParseException.class)
                .hasMessageStartingWith("cannot parse the SQL: control character U+0001 is not accepted at position 28")
                .hasMessageNotContaining("TokenMgr");
        assertThatThrownBy(() -> SqlParser.statement("SELECT \u0007 1")).hasMessageContaining("U+0007").hasMessageContaining("position 8");
    }

    @Test
    void aSyntaxErrorNamesTheTokenAndPosition() {
        assertThatThrownBy(() -> SqlParser.statement("SELECT a,, b FROM t")).isInstanceOf(SqlParseException.class)
                .hasMessageStartingWith("cannot parse the SQL: unexpected ',' at position 9 (line 1, column 9)");
    }

    /** Depth of the AND/OR tree, walked with an explicit stack (the thing under test must not be needed to measure it). */
    static int depth(Expression root) {
        int max = 0;
        java.util.Deque<Object[]> todo = new java.util.ArrayDeque<>();
        todo.push(new Object[] {root, 1});
        while (!todo.isEmpty()) {
            Object[] top = todo.pop();
            int d = (int) top[1];
            max = Math.max(max, d);
            if (top[0] instanceof net.sf.jsqlparser.expression.BinaryExpression b
                    && (b instanceof OrExpression || b instanceof net.sf.jsqlparser.expression.operators.conditional.AndExpression)) {
                todo.push(new Object[] {b.getLeftExpression(), d + 1});
                todo.push(new Object[] {b.getRightExpression(), d + 1});
            }
        }
        return max;
    }
}
