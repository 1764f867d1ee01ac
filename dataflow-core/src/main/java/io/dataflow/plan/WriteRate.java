package io.dataflow.plan;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rows a table takes per second from writers (inserted or updated; each writes one entry into every
 * index of the table). Parsed from {@code orders=200/s} (also {@code /min}, {@code /h}).
 */
public final class WriteRate {

    private static final Pattern FORM = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_$.]*)\\s*=\\s*([0-9]+(?:\\.[0-9]+)?)\\s*/\\s*(s|sec|min|m|h|hour)\\s*");

    private WriteRate() {
    }

    /** {@code table=N/s}, several separated by commas, as table -> rows per second. */
    public static Map<String, Double> parse(String text, String where) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) continue;
            Matcher m = FORM.matcher(part);
            if (!m.matches()) {
                throw new PlanException(where + ": '" + part.strip() + "' is not a write rate; accepted: table=N/s, table=N/min or table=N/h"
                        + " (rows inserted or updated), e.g. orders=200/s");
            }
            double n = Double.parseDouble(m.group(2));
            double perSecond = switch (m.group(3).toLowerCase(Locale.ROOT)) {
                case "min", "m" -> n / 60;
                case "h", "hour" -> n / 3600;
                default -> n;
            };
            out.put(m.group(1), perSecond);
        }
        return out;
    }
}
