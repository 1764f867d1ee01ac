package io.dataflow.maintenance;

import io.dataflow.config.ConfigException;
import io.dataflow.config.DidYouMean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What BloatMonitor does about a bloated relation (the guide's {@code actions} values). */
public enum BloatAction {
    /** Tables: a VACUUM (FULL, ANALYZE) job at the next opening of the maintenance window. */
    SCHEDULE_VACUUM_FULL,
    /** Tables: VACUUM (FULL, ANALYZE) right away (for databases without a quiet window). */
    VACUUM_FULL_NOW,
    /** Tables, and an index's table: halve the autovacuum scale factors (floor 0.01). */
    INCREASE_VACUUM_FREQUENCY,
    /** Indexes: REINDEX INDEX CONCURRENTLY, which blocks no reads or writes. */
    REINDEX,
    /** Only report it. */
    REPORT;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> words() {
        return Arrays.stream(values()).map(BloatAction::word).toList();
    }

    public static BloatAction parse(String word, String where, String key) {
        for (BloatAction a : values()) if (a.word().equals(word)) return a;
        throw new ConfigException(where, key, "'" + word + "' is not an action" + DidYouMean.hint(word, words())
                + "; accepted: " + String.join(", ", words()));
    }
}
