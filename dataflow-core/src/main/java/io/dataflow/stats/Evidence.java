package io.dataflow.stats;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds a finding's evidence: numbers rounded so JSON stays readable, keys in insertion order. */
final class Evidence {

    private final Map<String, Object> values = new LinkedHashMap<>();

    Evidence put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    Evidence put(String key, double value, int decimals) {
        values.put(key, round(value, decimals));
        return this;
    }

    Map<String, Object> map() {
        return values;
    }

    static double round(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) return value;
        return java.math.BigDecimal.valueOf(value).setScale(decimals, java.math.RoundingMode.HALF_UP).doubleValue();
    }
}
