package io.dataflow.tune;

import io.dataflow.config.ConfigReader;
import io.dataflow.config.DidYouMean;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks setting names and values against the server's {@code pg_settings} before anything is
 * applied: names must exist, numbers must parse with a valid unit and lie in the server's range,
 * enums must be one of their values. Every problem is reported at once.
 */
public final class SettingValidator {

    /** Settings PostgreSQL refuses to take from ALTER SYSTEM (GUC_DISALLOW_IN_AUTO_FILE). */
    private static final Set<String> NOT_IN_AUTO_CONF = Set.of("data_directory", "config_file", "hba_file", "ident_file");

    private final PgSettings settings;

    public SettingValidator(PgSettings settings) {
        this.settings = settings;
    }

    /** The settings, each checked; throws listing every problem when any is refused. */
    public List<ValidSetting> validate(String where, Map<String, ?> values) {
        List<ValidSetting> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        values.forEach((name, value) -> {
            try {
                out.add(validate(name, value));
            } catch (PgUnits.BadValue e) {
                problems.add(e.getMessage());
            }
        });
        if (!problems.isEmpty()) throw new InvalidSettingsException(where, problems);
        return out;
    }

    ValidSetting validate(String name, Object value) throws PgUnits.BadValue {
        PgSetting s = settings.find(name).orElseThrow(() -> new PgUnits.BadValue(
                "'" + name + "' is not a setting of this server" + settings.hint(name)));
        if (s.readOnly()) throw new PgUnits.BadValue(s.name() + " is read-only (fixed when the server was built or initialised)");
        if (NOT_IN_AUTO_CONF.contains(s.name())) throw new PgUnits.BadValue(s.name() + " cannot be changed with ALTER SYSTEM");
        String text = text(s, value);
        try {
            return switch (s.vartype()) {
                case "integer", "real" -> number(s, text);
                case "bool" -> {
                    String b = bool(text);
                    if (b == null) throw new PgUnits.BadValue("'" + text + "' is not a boolean; " + s.name() + " takes on or off");
                    yield new ValidSetting(s, b, null);
                }
                case "enum" -> new ValidSetting(s, enumValue(s, text), null);
                default -> {
                    if (text.indexOf('\0') >= 0) throw new PgUnits.BadValue(s.name() + ": a value may not contain NUL");
                    yield new ValidSetting(s, text, null);
                }
            };
        } catch (PgUnits.BadValue e) {
            throw new PgUnits.BadValue(s.name() + ": " + e.getMessage());
        }
    }

    private static ValidSetting number(PgSetting s, String text) throws PgUnits.BadValue {
        double n = PgUnits.parse(s, text);
        double min = Double.parseDouble(s.minVal());
        double max = Double.parseDouble(s.maxVal());
        if (n < min || n > max) {
            throw new PgUnits.BadValue("'" + text + "' is " + (n < min ? "below the minimum" : "above the maximum")
                    + "; the server allows " + PgUnits.range(s));
        }
        return new ValidSetting(s, text, n);
    }

    private static String enumValue(PgSetting s, String text) throws PgUnits.BadValue {
        for (String v : s.enumVals()) if (v.equalsIgnoreCase(text.strip())) return v;
        throw new PgUnits.BadValue("'" + text + "' is not accepted" + DidYouMean.hint(text, s.enumVals())
                + "; the server allows " + String.join(", ", s.enumVals()));
    }

    /** on or off for anything PostgreSQL reads as a boolean (on, off, true, false, yes, no, 1, 0 and unique prefixes). */
    static String bool(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) return null;
        if (t.equals("1") || t.equals("on") || (t.length() >= 1 && ("true".startsWith(t) || "yes".startsWith(t)))) return "on";
        if (t.equals("0") || (t.length() >= 2 && "off".startsWith(t)) || "false".startsWith(t) || "no".startsWith(t)) return "off";
        return null;
    }

    /** The text for ALTER SYSTEM of a config value: numbers without exponent, booleans as on/off. */
    private static String text(PgSetting s, Object value) throws PgUnits.BadValue {
        if (value instanceof String str) {
            if (str.isBlank()) throw new PgUnits.BadValue(s.name() + ": the value is empty");
            return str.strip();
        }
        if (value instanceof Boolean b) return b ? "on" : "off";
        if (value instanceof Double || value instanceof Float) return BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros().toPlainString();
        if (value instanceof Number n) return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        throw new PgUnits.BadValue(s.name() + ": must be a text, number or boolean value, got " + ConfigReader.describe(value));
    }
}
