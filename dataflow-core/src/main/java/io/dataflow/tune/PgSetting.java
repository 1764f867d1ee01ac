package io.dataflow.tune;

import java.util.List;

/**
 * One row of {@code pg_settings}: the current value and what the server accepts.
 *
 * @param name           the setting's canonical name
 * @param setting        the current value, in {@code unit}s
 * @param unit           {@code 8kB}, {@code kB}, {@code ms}, ... or null
 * @param vartype        bool, integer, real, string or enum
 * @param context        when a change takes effect: postmaster (restart), sighup (reload), user, ...
 * @param minVal         the smallest accepted value in {@code unit}s, or null
 * @param maxVal         the largest accepted value in {@code unit}s, or null
 * @param enumVals       the accepted values of an enum, else empty
 * @param source         where the current value comes from (default, configuration file, ...)
 * @param pendingRestart changed in a configuration file, waiting for a restart
 */
public record PgSetting(String name, String setting, String unit, String vartype, String context, String minVal,
                        String maxVal, List<String> enumVals, String source, boolean pendingRestart) {

    public PgSetting {
        enumVals = enumVals == null ? List.of() : List.copyOf(enumVals);
    }

    /** Only a server restart applies a new value. */
    public boolean needsRestart() {
        return "postmaster".equals(context);
    }

    /** Fixed when the server was built or initialised. */
    public boolean readOnly() {
        return "internal".equals(context);
    }

    /** When an ALTER SYSTEM value takes effect, in words. */
    public String takesEffect() {
        return switch (context) {
            case "postmaster" -> "after a restart";
            case "backend", "superuser-backend" -> "for new connections after a reload";
            case "internal" -> "never (read-only)";
            default -> "on reload";
        };
    }

    /** The current value as SHOW prints it ({@code 128MB}, {@code 4}, {@code on}). */
    public String display() {
        return PgUnits.display(this, setting);
    }
}
