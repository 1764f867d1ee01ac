package io.dataflow.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoReportTest {

    @Test
    void summariesShowScalarsListSizesAndMappingKeys() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", 2);
        out.put("rows", List.of(Map.of("id", 1), Map.of("id", 2)));
        out.put("thresholds", new LinkedHashMap<>(Map.of("table_bloat_ratio", 2.0)));
        assertThat(DemoReport.summary(out)).isEqualTo("count: 2, rows: 2 items, thresholds: {table_bloat_ratio}");
    }

    @Test
    void longTextsComeAfterTheShortFacts() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("original", "SELECT * FROM users u WHERE (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) > 10");
        out.put("equivalent", true);
        out.put("speedup", 3.2);
        assertThat(DemoReport.summary(out)).startsWith("equivalent: true, speedup: 3.2, original: SELECT * FROM users u");
    }

    @Test
    void longSummariesAreCut() {
        assertThat(DemoReport.summary(Map.of("text", "x".repeat(300)))).hasSize(120).endsWith("...");
    }
}
