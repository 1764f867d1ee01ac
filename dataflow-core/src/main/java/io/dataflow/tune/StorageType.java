package io.dataflow.tune;

import io.dataflow.config.ConfigException;
import io.dataflow.config.DidYouMean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** PgTune's "data storage": it decides random_page_cost and effective_io_concurrency. */
public enum StorageType {
    HDD, SSD, SAN, NVME;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(StorageType::id).toList();
    }

    public static StorageType parse(String text, String where, String key) {
        for (StorageType s : values()) if (s.id().equalsIgnoreCase(text.strip())) return s;
        throw new ConfigException(where, key, "'" + text + "' is not a storage type" + DidYouMean.hint(text, ids())
                + "; accepted: " + String.join(", ", ids()));
    }
}
