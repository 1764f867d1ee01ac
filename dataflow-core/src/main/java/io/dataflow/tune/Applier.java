package io.dataflow.tune;

import io.dataflow.state.StateSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a plan with ALTER SYSTEM. Everything that can refuse (validation, privileges, the state
 * schema) is checked before the first ALTER SYSTEM; the previous values are committed before it; a
 * failing ALTER SYSTEM undoes the ones written before it, and since the configuration is reloaded
 * only after all of them, nothing half-applied ever takes effect.
 */
final class Applier {

    private Applier() {
    }

    /** Validation and privileges only: run before the state schema is created, so a missing privilege is reported as such. */
    static void preflight(StateSchema state, Connection c, TuningPlan plan, String source) throws SQLException {
        checked(state, c, plan, source);
    }

    static ApplyReport apply(StateSchema state, Connection c, TuningPlan plan, String source) throws SQLException {
        List<ValidSetting> valid = checked(state, c, plan, source); // again, under the lock: the server may have changed since
        Map<String, String> autoConf = AlterSystem.autoConf(c);
        List<ValidSetting> todo = valid.stream().filter(v -> !v.sameAs(autoConf.getOrDefault(v.name(), v.setting().setting()))).toList();
        if (todo.isEmpty()) return new ApplyReport(null, unchanged(plan, Set.of()), List.of("nothing to change: the server already has these values"));

        List<TuningStore.Change> changes = todo.stream().map(v -> new TuningStore.Change(v.name(), autoConf.get(v.name()),
                v.setting().display(), v.value())).toList();
        long id = TuningStore.begin(state, c, source, changes);
        write(state, c, id, todo, changes);
        boolean reloaded = AlterSystem.reload(c);
        TuningStore.finish(state, c, id, "applied");

        PgSettings after = PgSettings.read(c);
        List<AppliedSetting> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ValidSetting v : todo) out.add(outcome(v, after.get(v.name()), reloaded));
        out.addAll(unchanged(plan, todo.stream().map(ValidSetting::name).collect(java.util.stream.Collectors.toSet())));
        long restart = out.stream().filter(s -> s.status().equals("pending_restart")).count();
        if (restart > 0) notes.add(restart + " setting(s) take effect after a server restart (pg_settings.pending_restart)");
        notes.add("previous values are recorded in " + state.table("tuning_runs") + " #" + id + "; ./dataflow tune --revert restores them");
        return new ApplyReport(id, out, notes);
    }

    /** The plan's changes validated against the server as it is now, and the privileges to make them. */
    private static List<ValidSetting> checked(StateSchema state, Connection c, TuningPlan plan, String source) throws SQLException {
        PgSettings settings = PgSettings.read(c);
        ServerInfo server = ServerInfo.read(c, settings);
        Map<String, Object> wanted = new LinkedHashMap<>();
        for (PlannedSetting p : plan.changes()) wanted.put(p.name(), p.recommended());
        List<ValidSetting> valid = new SettingValidator(settings).validate(source, wanted);
        Privileges.check(c, server, valid.stream().map(ValidSetting::name).toList());
        return valid;
    }

    /** ALTER SYSTEM each; on a failure put back the ones already written (nothing was reloaded yet, so nothing took effect). */
    private static void write(StateSchema state, Connection c, long id, List<ValidSetting> todo, List<TuningStore.Change> changes) throws SQLException {
        for (int i = 0; i < todo.size(); i++) {
            ValidSetting v = todo.get(i);
            try {
                AlterSystem.set(c, v.name(), v.value());
            } catch (SQLException e) {
                List<String> undoFailures = new ArrayList<>();
                for (int j = i - 1; j >= 0; j--) {
                    try {
                        Reverter.restore(state, c, changes.get(j));
                    } catch (SQLException u) {
                        undoFailures.add(changes.get(j).name() + ": " + u.getMessage());
                    }
                }
                if (undoFailures.isEmpty()) TuningStore.finish(state, c, id, "failed"); // else stays 'applying': --revert picks it up
                throw new TuneException("ALTER SYSTEM SET " + v.name() + " = '" + v.value() + "' failed: " + e.getMessage() + "; "
                        + (undoFailures.isEmpty() ? "the " + i + " setting(s) written before it were restored and the configuration"
                        + " was not reloaded: nothing was applied" : "restoring the settings written before it failed too (" + undoFailures
                        + "): run ./dataflow tune --revert"), e);
            }
        }
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
}
