package io.dataflow.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CheckedStatementTest {

    @Test
    void queriesAndDmlAreAcceptedAndClassified() {
        assertThat(CheckedStatement.of("SELECT 1;").sql()).isEqualTo("SELECT 1");
        assertThat(CheckedStatement.of("select * from t").isQuery()).isTrue();
        assertThat(CheckedStatement.of("DELETE FROM orders").modifiesData()).isTrue();
        assertThat(CheckedStatement.of("WITH d AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM d").modifiesData()).isTrue();
        assertThat(CheckedStatement.of("SELECT * FROM orders FOR UPDATE").modifiesData()).isTrue();
        assertThat(CheckedStatement.of("SELECT 'delete' AS word -- update\n").modifiesData()).isFalse();
        assertThat(CheckedStatement.of("(SELECT 1) UNION (SELECT 2)").command()).isEqualTo("SELECT");
    }

    @Test
    void anythingElseIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> CheckedStatement.of("  DROP TABLE orders")).isInstanceOf(PlanException.class)
                .hasMessageContaining("'DROP' is not a query").hasMessageContaining("position 3");
        assertThatThrownBy(() -> CheckedStatement.of("SELECT 1; DELETE FROM orders")).hasMessageContaining("more than one statement")
                .hasMessageContaining("position 9");
        assertThatThrownBy(() -> CheckedStatement.of("SELECT 'oops")).hasMessageContaining("unterminated string literal");
        assertThatThrownBy(() -> CheckedStatement.of("  ")).hasMessageContaining("no SQL");
        assertThatThrownBy(() -> CheckedStatement.of("EXPLAIN SELECT 1")).hasMessageContaining("'EXPLAIN' is not a query");
    }

    @Test
    void serverPositionsMapBackThroughPlaceholders() {
        String sql = "SELECT * FROM t WHERE a = :start_date AND b = :x AND c = = 1";
        String prefix = "EXPLAIN (FORMAT JSON) ";
        // what the server saw: prefix + "SELECT * FROM t WHERE a = $1 AND b = $2 AND c = = 1"
        String sent = prefix + "SELECT * FROM t WHERE a = $1 AND b = $2 AND c = = 1";
        int serverPosition = sent.indexOf("= 1") + 1;
        assertThat(ServerPositions.toOriginal(sql, prefix, serverPosition)).isEqualTo(sql.indexOf("= 1"));
        assertThat(ServerPositions.toOriginal(sql, prefix, sent.indexOf("$2") + 1)).isEqualTo(sql.indexOf(":x"));
    }
}
