package io.dataflow.maintenance;

/**
 * What the estimate knows about one stored column: its catalog layout and its statistics.
 *
 * @param length    pg_attribute.attlen: bytes for a fixed-width type, -1 varlena, -2 C string
 * @param align     pg_attribute.attalign: c, s, i or d (1, 2, 4, 8 bytes)
 * @param nullFrac  pg_stats.null_frac (0 when the column has no statistics)
 * @param avgWidth  pg_stats.avg_width in bytes, or -1 when unknown
 * @param nDistinct pg_stats.n_distinct (negative: a fraction of the rows), or 0 when unknown
 */
public record ColumnStat(int length, char align, double nullFrac, double avgWidth, double nDistinct) {

    public static ColumnStat fixed(int length, char align) {
        return new ColumnStat(length, align, 0, length, 0);
    }

    public static ColumnStat varlena(double avgWidth, double nullFrac) {
        return new ColumnStat(-1, 'i', nullFrac, avgWidth, 0);
    }

    /** The stored width of a non-null value, or NaN when neither the type nor ANALYZE tells it. */
    double width() {
        if (avgWidth >= 0) return avgWidth;
        return length > 0 ? length : Double.NaN;
    }

    int alignBytes() {
        return switch (align) {
            case 'd' -> 8;
            case 'i' -> 4;
            case 's' -> 2;
            default -> 1;
        };
    }

    /** Fixed width and never null: every row stores exactly the same bytes. */
    boolean constantWidth() {
        return length > 0 && nullFrac == 0;
    }
}
