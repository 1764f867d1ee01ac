package io.dataflow.tune;

import io.dataflow.config.ConfigException;
import io.dataflow.config.DidYouMean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** PgTune's "DB type": what the server mostly does, which decides how memory and WAL are split. */
public enum Workload {
    /** Web application: many short queries. */
    WEB,
    /** Online transaction processing: many small writes. */
    OLTP,
    /** Data warehouse: few large analytical queries. */
    DW,
    /** Mixed: some of each. */
    MIXED,
    /** A developer's desktop: the database shares the machine. */
    DESKTOP;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Workload::id).toList();
    }

    public static Workload parse(String text, String where, String key) {
        for (Workload w : values()) if (w.id().equalsIgnoreCase(text.strip())) return w;
        throw new ConfigException(where, key, "'" + text + "' is not a workload" + DidYouMean.hint(text, ids())
                + "; accepted: " + String.join(", ", ids()));
    }
}
