package io.dataflow.tune;

/**
 * A setting value the server will accept, checked against {@code pg_settings}.
 *
 * @param setting the server's description of the setting
 * @param value   the text ALTER SYSTEM is given ({@code 64MB}, {@code 1.1}, {@code on})
 * @param number  for integer and real settings, the value in the setting's own units; else null
 */
public record ValidSetting(PgSetting setting, String value, Double number) {

    public String name() {
        return setting.name();
    }

    /** Whether another value of this setting (as pg_settings or postgresql.auto.conf hold it) means the same. */
    public boolean sameAs(String other) {
        if (other == null) return false;
        if (number != null) {
            try {
                double o = PgUnits.parse(setting, other);
                return Math.abs(o - number) <= 1e-9 * Math.max(1, Math.abs(number));
            } catch (PgUnits.BadValue e) {
                return false;
            }
        }
        if ("bool".equals(setting.vartype())) return value.equals(SettingValidator.bool(other));
        if ("enum".equals(setting.vartype())) return value.equalsIgnoreCase(other.strip());
        return value.equals(other);
    }

    /** The value as SHOW would print it once in effect. */
    public String display() {
        return number == null ? value : PgUnits.display(setting, PgUnits.plain(number));
    }
}
