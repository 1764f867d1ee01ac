package io.dataflow.tune;

import io.dataflow.config.ConfigException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory sizes as people type them ({@code 16GB}, {@code 512mb}, {@code 2G}) and as PgTune prints
 * them. Input is lenient on case because it describes a machine, not a server setting; server
 * settings go through {@link PgUnits}, which is as strict as PostgreSQL.
 */
public final class Sizes {

    public static final long KB = 1024;
    public static final long MB = 1024 * KB;
    public static final long GB = 1024 * MB;
    public static final long TB = 1024 * GB;

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");

    private Sizes() {
    }

    /** Bytes of a size such as {@code 16GB}, {@code 1.5 GB}, {@code 512MB}, {@code 2G}; a bare number is bytes. */
    public static long parseBytes(String text, String where, String key) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) throw new ConfigException(where, key, "'" + text + "' is not a size: write e.g. 16GB, 512MB or 2TB");
        long unit = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "", "B" -> 1;
            case "K", "KB" -> KB;
            case "M", "MB" -> MB;
            case "G", "GB" -> GB;
            case "T", "TB" -> TB;
            default -> throw new ConfigException(where, key, "'" + m.group(2) + "' is not a size unit in '" + text
                    + "': use B, kB, MB, GB or TB");
        };
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValue();
    }

    /** A whole number of gigabytes (the guide's {@code total_ram_gb}) or a size text. */
    public static long parseRam(Object value, String where, String key) {
        if (value instanceof Number n) {
            if (n.doubleValue() <= 0) throw new ConfigException(where, key, "must be more than 0, got " + n);
            return BigDecimal.valueOf(n.doubleValue()).multiply(BigDecimal.valueOf(GB)).longValue();
        }
        if (value instanceof String s) return parseBytes(s, where, key);
        throw new ConfigException(where, key, "must be a size such as 16GB (or a number of GB), got " + io.dataflow.config.ConfigReader.describe(value));
    }

    /**
     * PgTune's output format: the largest of GB, MB, kB that shows the value without losing
     * anything ({@code 4GB}, {@code 1536MB}, {@code 20164kB}).
     */
    public static String formatKb(long kb) {
        if (kb != 0 && kb % (GB / KB) == 0) return kb / (GB / KB) + "GB";
        if (kb != 0 && kb % (MB / KB) == 0) return kb / (MB / KB) + "MB";
        return kb + "kB";
    }

    /** Bytes for people: exact in the largest whole unit, else GB with one decimal. */
    public static String human(long bytes) {
        if (bytes % KB == 0) {
            long kb = bytes / KB;
            if (kb < GB / KB || kb % (MB / KB) == 0) return formatKb(kb);
            return String.format(Locale.ROOT, "%.1fGB", bytes / (double) GB);
        }
        return bytes + "B";
    }
}
