package io.dataflow.plan;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The advisor's durations ({@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}), as the monitor writes them. */
public final class ShortDuration {

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h|d)\\s*");

    private ShortDuration() {
    }

    /** Parses {@code 5m}; {@code where} names the option or line in the error. */
    public static Duration parse(String text, String where) {
        Matcher m = text == null ? null : TEXT.matcher(text);
        if (m == null || !m.matches()) {
            throw new PlanException(where + ": '" + text + "' is not a duration: write a number and a unit (ms, s, m, h, d), e.g. 5m or 7d");
        }
        double n = Double.parseDouble(m.group(1));
        long ms = switch (m.group(2)) {
            case "ms" -> (long) n;
            case "s" -> (long) (n * 1000);
            case "m", "min" -> (long) (n * 60_000);
            case "h" -> (long) (n * 3_600_000);
            default -> (long) (n * 86_400_000);
        };
        return Duration.ofMillis(ms);
    }

    /** {@code 7d}, {@code 5m}, {@code 1.5s}: the largest unit that reads well. */
    public static String text(Duration d) {
        long ms = d.toMillis();
        if (ms >= 86_400_000 && ms % 3_600_000 == 0) return ms % 86_400_000 == 0 ? ms / 86_400_000 + "d" : ms / 3_600_000 + "h";
        if (ms >= 3_600_000 && ms % 60_000 == 0) return ms % 3_600_000 == 0 ? ms / 3_600_000 + "h" : ms / 60_000 + "m";
        if (ms >= 60_000 && ms % 1000 == 0) return ms % 60_000 == 0 ? ms / 60_000 + "m" : ms / 1000 + "s";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms >= 1000 ? String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0) : ms + "ms";
    }
}
