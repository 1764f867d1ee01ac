package io.dataflow.spring;

import io.dataflow.DataFlow;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/** {@code /actuator/dataflow}: status, open alerts, pool, cache, scheduler jobs, the startup schema check and the latest index advice. */
@Endpoint(id = "dataflow")
public class DataFlowEndpoint {

    private final DataFlow db;
    private final SchemaCheck schema;
    private final LatestAdvice advice;

    /** {@code advice} null: dataflow.advice.enabled=false. */
    public DataFlowEndpoint(DataFlow db, SchemaCheck schema, LatestAdvice advice) {
        this.db = db;
        this.schema = schema;
        this.advice = advice;
    }

    @ReadOperation
    public Map<String, Object> dataflow() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", section(db::status));
        out.put("openAlerts", section(() -> db.monitor().openAlerts()));
        out.put("pool", section(db::poolStats));
        out.put("cache", section(db::cacheStats));
        out.put("schedulerJobs", section(() -> db.scheduler().jobs()));
        out.put("schema", schema);
        out.put("latestAdvice", advice == null ? Map.of("state", "disabled", "note", "dataflow.advice.enabled=false") : section(advice::get));
        return out;
    }

    /** One failing part (the database down, say) is reported in its place, not as a failed endpoint. */
    private static Object section(Supplier<?> part) {
        try {
            return part.get();
        } catch (RuntimeException e) {
            return Map.of("error", String.valueOf(e.getMessage()));
        }
    }
}
