package io.dataflow.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NamedParametersTest {

    @Test
    void placeholdersBecomeBoundParametersInOrder() {
        NamedParameters p = NamedParameters.parse("SELECT * FROM orders WHERE created_at >= :start_date AND user_id = :user AND total > :start_date");
        assertThat(p.sql()).isEqualTo("SELECT * FROM orders WHERE created_at >= ? AND user_id = ? AND total > ?");
        assertThat(p.names()).containsExactly("start_date", "user", "start_date");
        assertThat(p.values(Map.of("start_date", "2024-01-01", "user", 5), "node q")).containsExactly("2024-01-01", 5, "2024-01-01");
    }

    @Test
    void castsStringsIdentifiersAndCommentsAreLeftAlone() {
        String sql = "SELECT ':not_me', \":nor_me\", x::date -- :comment\nFROM t WHERE a = :a /* :b */";
        NamedParameters p = NamedParameters.parse(sql);
        assertThat(p.names()).containsExactly("a");
        assertThat(p.sql()).isEqualTo("SELECT ':not_me', \":nor_me\", x::date -- :comment\nFROM t WHERE a = ? /* :b */");
    }

    @Test
    void aMissingValueIsNamed() {
        assertThatThrownBy(() -> NamedParameters.parse("SELECT :a").values(Map.of(), "node 'q' (QueryPlanAnalyzerNode)"))
                .hasMessageContaining("node 'q' (QueryPlanAnalyzerNode)").hasMessageContaining("params.a")
                .hasMessageContaining("no value was given").hasMessageNotContaining("--param");
    }
}
