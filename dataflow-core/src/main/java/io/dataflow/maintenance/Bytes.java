package io.dataflow.maintenance;

import java.util.Locale;

/** Sizes as people read them in report sentences. */
public final class Bytes {

    private Bytes() {
    }

    public static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
