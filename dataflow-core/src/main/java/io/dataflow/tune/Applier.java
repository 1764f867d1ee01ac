package io.dataflow.tune;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies a plan with ALTER SYSTEM and reverts what DataFlow applied. Everything that can refuse
 * (validation, privileges, the state schema) is checked before the first ALTER SYSTEM; the
 * previous values are committed before it; a failing ALTER SYSTEM undoes the ones written before
 * it, and since the configuration is reloaded only after all of them, nothing half-applied ever
 * takes effect. One session-level advisory lock keeps two DataFlows from interleaving.
 */
final class Applier {

    private static final long LOCK_KEY = 0x444674756e696e67L; // "DFtuning"

    private Applier() {
    }

    /** Validation and privileges only: run before the state schema is created, so a missing privilege is reported as such. */
    static void preflight(Connection c, TuningPlan plan, String source) throws SQLException {
        checked(c, plan, source);
    }

    static ApplyReport apply(Connection c, TuningPlan plan, String source) throws SQLException {
        List<ValidSetting> valid = checked(c, plan, source); // again, under the lock: the server may have changed since
        Map<String, String> autoConf = AlterSystem.autoConf(c);
        List<ValidSetting> todo = valid.stream().filter(v -> !v.sameAs(autoConf.getOrDefault(v.name(), v.setting().setting()))).toList();
        if (todo.isEmpty()) return new ApplyReport(null, unchanged(plan, Set.of()), List.of("nothing to change: the server already has these values"));

        List<TuningStore.Change> changes = todo.stream().map(v -> new TuningStore.Change(v.name(), autoConf.get(v.name()),
                v.setting().display(), v.value())).toList();
        long id = TuningStore.begin(c, source, changes);
        write(c, id, todo, changes);
        boolean reloaded = AlterSystem.reload(c);
        TuningStore.finish(c, id, "applied");

        PgSettings after = PgSettings.read(c);
        List<AppliedSetting> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ValidSetting v : todo) out.add(outcome(v, after.get(v.name()), reloaded));
        out.addAll(unchanged(plan, todo.stream().map(ValidSetting::name).collect(java.util.stream.Collectors.toSet())));
        long restart = out.stream().filter(s -> s.status().equals("pending_restart")).count();
        if (restart > 0) notes.add(restart + " setting(s) take effect after a server restart (pg_settings.pending_restart)");
        notes.add("previous values are recorded in dataflow.tuning_runs #" + id + "; ./dataflow tune --revert restores them");
        return new ApplyReport(id, out, notes);
    }

    /** The plan's changes validated against the server as it is now, and the privileges to make them. */
    private static List<ValidSetting> checked(Connection c, TuningPlan plan, String source) throws SQLException {
        PgSettings settings = PgSettings.read(c);
        ServerInfo server = ServerInfo.read(c, settings);
        Map<String, Object> wanted = new LinkedHashMap<>();
        for (PlannedSetting p : plan.changes()) wanted.put(p.name(), p.recommended());
        List<ValidSetting> valid = new SettingValidator(settings).validate(source, wanted);
        Privileges.check(c, server, valid.stream().map(ValidSetting::name).toList());
        return valid;
    }

    /** ALTER SYSTEM each; on a failure put back the ones already written (nothing was reloaded yet, so nothing took effect). */
    private static void write(Connection c, long id, List<ValidSetting> todo, List<TuningStore.Change> changes) throws SQLException {
        for (int i = 0; i < todo.size(); i++) {
            ValidSetting v = todo.get(i);
            try {
                AlterSystem.set(c, v.name(), v.value());
            } catch (SQLException e) {
                List<String> undoFailures = new ArrayList<>();
                for (int j = i - 1; j >= 0; j--) {
                    try {
                        restore(c, changes.get(j));
                    } catch (SQLException u) {
                        undoFailures.add(changes.get(j).name() + ": " + u.getMessage());
                    }
                }
                if (undoFailures.isEmpty()) TuningStore.finish(c, id, "failed"); // else stays 'applying': --revert picks it up
                throw new TuneException("ALTER SYSTEM SET " + v.name() + " = '" + v.value() + "' failed: " + e.getMessage() + "; "
                        + (undoFailures.isEmpty() ? "the " + i + " setting(s) written before it were restored and the configuration"
                        + " was not reloaded: nothing was applied" : "restoring the settings written before it failed too (" + undoFailures
                        + "): run ./dataflow tune --revert"), e);
            }
        }
    }

    static RevertReport revert(Connection c) throws SQLException {
        List<TuningStore.Run> runs = TuningStore.exists(c) ? TuningStore.unreverted(c) : List.of();
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
                restore(c, ch);
                done.add(ch.name());
            } catch (SQLException e) {
                throw new TuneException("restoring " + ch.name() + " failed: " + e.getMessage() + "; restored before it: " + done
                        + " (not reloaded yet); fix the cause and run ./dataflow tune --revert again", e);
            }
        }
        boolean reloaded = AlterSystem.reload(c);
        clearStalePendingRestart(c, toRestore);
        for (TuningStore.Run run : runs) TuningStore.finish(c, run.id(), "reverted");

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
    private static void clearStalePendingRestart(Connection c, List<TuningStore.Change> restored) throws SQLException {
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
    private static void restore(Connection c, TuningStore.Change ch) throws SQLException {
        if (ch.previousAutoConf() == null) AlterSystem.reset(c, ch.name()); else AlterSystem.set(c, ch.name(), ch.previousAutoConf());
    }

    private static AppliedSetting outcome(ValidSetting v, PgSetting now, boolean reloaded) {
        String before = v.setting().display();
        if (v.sameAs(now.setting())) return new AppliedSetting(v.name(), before, now.display(), "applied", null);
        if (now.needsRestart()) {
            return new AppliedSetting(v.name(), before, now.display(), "pending_restart", v.display() + " after a restart");
        }
        if (!reloaded) return new AppliedSetting(v.name(), before, now.display(), "reloading", "the reload had not reached this session yet");
        return new AppliedSetting(v.name(), before, now.display(), "overridden", "written, but this session sees " + now.display()
                + " from source '" + now.source() + "' (a per-role or per-database setting wins over ALTER SYSTEM)");
    }

    private static List<AppliedSetting> unchanged(TuningPlan plan, Set<String> changed) {
        return plan.settings().stream().filter(p -> !changed.contains(p.name()))
                .map(p -> new AppliedSetting(p.name(), p.current(), p.current(), "unchanged", null)).toList();
    }

    static void lock(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
        }
    }

    static void unlock(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
        }
    }
}
