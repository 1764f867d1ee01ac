package io.dataflow.cache.nodes;

import io.dataflow.cache.CacheWarmer;
import java.util.LinkedHashMap;
import java.util.Map;

/** A warm result as node output (stable snake_case keys). */
final class WarmOutputs {

    private WarmOutputs() {
    }

    static Map<String, Object> of(CacheWarmer.WarmResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", r.name());
        out.put("job", r.job());
        out.put("rows", r.rows());
        out.put("status", r.status());
        out.put("duration_ms", r.millis());
        return out;
    }
}
