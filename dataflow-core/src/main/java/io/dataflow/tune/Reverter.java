package io.dataflow.tune;

import io.dataflow.state.StateSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reverts what DataFlow applied: every run not yet reverted, newest first, each setting back to its
 * previous ALTER SYSTEM value (or RESET when there was none), unless someone changed it since.
 */
final class Reverter {

    private Reverter() {
    }

    static RevertReport revert(StateSchema state, Connection c) throws SQLException {
        List<TuningStore.Run> runs = TuningStore.exists(state, c) ? TuningStore.unreverted(state, c) : List.of();
        if (runs.isEmpty()) {
            return new RevertReport(List.of(), List.of(), List.of("nothing to revert: this database records no settings applied by DataFlow"));
        }
        PgSettings settings = PgSettings.read(c);
        ServerInfo server = ServerInfo.read(c, settings);
        Set<String> names = new java.util.LinkedHashSet<>();
        runs.forEach(r -> r.changes().forEach(ch -> names.add(settings.find(ch.name()).map(PgSetting::name).orElse(ch.name()))));
        Privileges.check(c, server, names);

        // Walk the runs newest first on a copy of postgresql.auto.conf: a setting is restored only while it still holds what DataFlow wrote.
        Map<String, String> file = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        file.putAll(AlterSystem.autoConf(c));
        Map<String, String> notes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<TuningStore.Change> toRestore = new ArrayList<>();
        for (TuningStore.Run run : runs) {
            for (TuningStore.Change ch : run.changes()) {
                if (ch.newValue().equals(file.get(ch.name()))) {
                    toRestore.add(ch);
                    if (ch.previousAutoConf() == null) file.remove(ch.name()); else file.put(ch.name(), ch.previousAutoConf());
                    notes.remove(ch.name());
                } else {
                    notes.put(ch.name(), "left alone: postgresql.auto.conf holds " + (file.get(ch.name()) == null ? "no value"
                            : "'" + file.get(ch.name()) + "'") + ", not the '" + ch.newValue() + "' DataFlow set (run #" + run.id() + ")");
                }
            }
        }
        Map<String, String> before = new LinkedHashMap<>();
        for (String name : names) settings.find(name).ifPresent(s -> before.put(s.name(), s.display()));
        List<String> done = new ArrayList<>();
        for (TuningStore.Change ch : toRestore) {
            try {
                restore(state, c, ch);
                done.add(ch.name());
            } catch (SQLException e) {
                throw new TuneException("restoring " + ch.name() + " failed: " + e.getMessage() + "; restored before it: " + done
                        + " (not reloaded yet); fix the cause and run ./dataflow tune --revert again", e);
            }
        }
        boolean reloaded = AlterSystem.reload(c);
        clearStalePendingRestart(state, c, toRestore);
        for (TuningStore.Run run : runs) TuningStore.finish(state, c, run.id(), "reverted");

        PgSettings after = PgSettings.read(c);
        List<AppliedSetting> out = new ArrayList<>();
        for (Map.Entry<String, String> e : before.entrySet()) {
            PgSetting now = after.get(e.getKey());
            String note = notes.get(e.getKey());
            String status = note != null ? "not_reverted" : now.pendingRestart() ? "pending_restart" : reloaded ? "restored" : "reloading";
            out.add(new AppliedSetting(e.getKey(), e.getValue(), now.display(), status, note));
        }
        List<String> summary = new ArrayList<>();
        if (out.stream().anyMatch(s -> s.status().equals("pending_restart"))) {
            summary.add("some restored values take effect after a server restart (pg_settings.pending_restart)");
        }
        return new RevertReport(runs.stream().map(TuningStore.Run::id).toList(), out, summary);
    }

    /**
     * PostgreSQL keeps pending_restart set on a restart-only setting whose ALTER SYSTEM value was
     * RESET back to a built-in default, although a restart would change nothing: the flag is only
     * cleared when a configuration file sets the running value again. So write the running value,
     * reload (clears the flag), then RESET once more and reload: the file ends as it was before.
     */
    private static void clearStalePendingRestart(StateSchema state, Connection c, List<TuningStore.Change> restored) throws SQLException {
        PgSettings now = PgSettings.read(c);
        List<PgSetting> stale = restored.stream().filter(ch -> ch.previousAutoConf() == null).map(ch -> now.find(ch.name()))
                .flatMap(java.util.Optional::stream).filter(s -> s.needsRestart() && s.pendingRestart() && !"configuration file".equals(s.source()))
                .distinct().toList();
        if (stale.isEmpty()) return;
        for (PgSetting s : stale) AlterSystem.set(c, s.name(), s.setting());
        AlterSystem.reload(c);
        for (PgSetting s : stale) AlterSystem.reset(c, s.name());
        AlterSystem.reload(c);
    }

    /** ALTER SYSTEM RESET when there was no ALTER SYSTEM value before, else ALTER SYSTEM SET it back. */
    static void restore(StateSchema state, Connection c, TuningStore.Change ch) throws SQLException {
        if (ch.previousAutoConf() == null) AlterSystem.reset(c, ch.name()); else AlterSystem.set(c, ch.name(), ch.previousAutoConf());
    }

}
