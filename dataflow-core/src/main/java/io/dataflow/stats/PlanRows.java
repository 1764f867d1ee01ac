package io.dataflow.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.DataFlowException;
import java.io.IOException;

/** The top plan node's row estimate from {@code EXPLAIN (FORMAT JSON)} output. */
final class PlanRows {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PlanRows() {
    }

    static double of(String explainJson) {
        try {
            JsonNode rows = MAPPER.readTree(explainJson).path(0).path("Plan").path("Plan Rows");
            if (!rows.isNumber()) throw new DataFlowException("EXPLAIN output has no Plan Rows: " + abbreviate(explainJson));
            return rows.asDouble();
        } catch (IOException e) {
            throw new DataFlowException("EXPLAIN output is not JSON: " + abbreviate(explainJson), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
