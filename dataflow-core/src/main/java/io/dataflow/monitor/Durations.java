package io.dataflow.monitor;

import io.dataflow.config.ConfigException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The guide's short durations: {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}. */
final class Durations {

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)\\s*");

    private Durations() {
    }

    static Duration parse(String text, String where, String key) {
        Matcher m = text == null ? null : TEXT.matcher(text);
        if (m == null || !m.matches()) {
            throw new ConfigException(where, key, "'" + text + "' is not a duration: write a number and a unit (ms, s, m, h, d), e.g. 5m or 7d");
        }
        double n = Double.parseDouble(m.group(1));
        long ms = switch (m.group(2)) {
            case "ms" -> (long) n;
            case "s" -> (long) (n * 1000);
            case "m" -> (long) (n * 60_000);
            case "h" -> (long) (n * 3_600_000);
            default -> (long) (n * 86_400_000);
        };
        if (ms <= 0) throw new ConfigException(where, key, "'" + text + "' must be longer than zero");
        return Duration.ofMillis(ms);
    }

    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) return ms / 86_400_000 + "d";
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
