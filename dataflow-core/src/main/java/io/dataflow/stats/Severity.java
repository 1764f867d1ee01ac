package io.dataflow.stats;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How much a finding is likely to hurt plans. */
public enum Severity {
    LOW, MEDIUM, HIGH;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Severity max(Severity a, Severity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
