package io.dataflow.lock;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What an optimistic update does when the row changed since it was read (the guide's {@code conflict_resolution}). */
public enum Conflict {
    /** Re-read the row and apply the change again (functions of the current value are recomputed), with backoff. */
    RETRY,
    /** Three-way merge by field: apply when the concurrent update touched other fields, else report the overlap. */
    MERGE,
    /** Report the conflict with the expected and current version and the current row; change nothing. */
    FAIL;

    /** The config spelling: {@code retry}, {@code merge}, {@code fail}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> configNames() {
        return Arrays.stream(values()).map(Conflict::configName).toList();
    }

    public static Optional<Conflict> byConfigName(String name) {
        return Arrays.stream(values()).filter(c -> c.configName().equals(name)).findFirst();
    }
}
