package io.dataflow.tune;

import io.dataflow.config.ConfigException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds tuning plans: PgTune's recommendations for the resolved facts, or explicit settings, each checked against the server. */
final class Planner {

    private final MachineProbe probe;

    Planner(MachineProbe probe) {
        this.probe = probe;
    }

    TuningPlan recommend(Connection c, TuneOptions o, String where) throws SQLException {
        PgSettings settings = PgSettings.read(c);
        ServerInfo server = ServerInfo.read(c, settings);
        TuneFacts facts = TuneFacts.resolve(o, server, needsProbe(o) ? probe.detect(localDataDirectory(server)) : null, where);
        PgTuneFormulas.Result result = PgTuneFormulas.recommend(facts.profile());
        SettingValidator validator = new SettingValidator(settings);
        Map<String, String> autoConf = readableAutoConf(c, server);
        List<PlannedSetting> planned = new ArrayList<>();
        List<String> notes = new ArrayList<>(facts.notes());
        for (Recommendation r : result.recommendations()) {
            if (!o.categories().isEmpty() && !o.categories().contains(r.category())) continue;
            try {
                planned.add(planned(validator.validate(r.name(), r.value()), r.reason(), autoConf));
            } catch (PgUnits.BadValue e) {
                notes.add("left out " + r.name() + " = " + r.value() + ": this server refuses it (" + e.getMessage() + ")");
            }
        }
        for (PgTuneFormulas.Note n : result.notes()) {
            if (o.categories().isEmpty() || o.categories().contains(n.category())) notes.add(n.text());
        }
        return new TuningPlan("PostgreSQL " + server.version(), facts.inputs(), planned, notes);
    }

    TuningPlan explicit(Connection c, Map<String, ?> values, String where, String reason) throws SQLException {
        PgSettings settings = PgSettings.read(c);
        ServerInfo server = ServerInfo.read(c, settings);
        List<ValidSetting> valid = new SettingValidator(settings).validate(where, values);
        Map<String, String> autoConf = readableAutoConf(c, server);
        List<PlannedSetting> planned = new ArrayList<>();
        for (ValidSetting v : valid) planned.add(planned(v, reason, autoConf));
        return new TuningPlan("PostgreSQL " + server.version(), null, planned, List.of());
    }

    /** Current, pending and recommended side by side; unchanged when the server has (or will have after restart) the value. */
    static PlannedSetting planned(ValidSetting v, String reason, Map<String, String> autoConf) {
        PgSetting s = v.setting();
        String inAutoConf = autoConf == null ? null : autoConf.get(s.name());
        String pending = s.pendingRestart() ? (inAutoConf != null ? inAutoConf : "a postgresql.conf change") : null;
        boolean change = !(inAutoConf != null ? v.sameAs(inAutoConf) : v.sameAs(s.setting()));
        return new PlannedSetting(s.name(), s.display(), pending, v.value(), reason, s.needsRestart(), s.takesEffect(), change);
    }

    private static boolean needsProbe(TuneOptions o) {
        return o.detect() && (o.ramBytes() == null || o.cpus() == null || o.storage() == null);
    }

    /** The data directory's storage is what matters, when the server is here and this role may see where it is. */
    private static Path localDataDirectory(ServerInfo server) {
        return server.onThisMachine() && server.dataDirectory() != null ? Path.of(server.dataDirectory()) : null;
    }

    /** postgresql.auto.conf, when this role may read it; a plan only uses it to show pending values. */
    private static Map<String, String> readableAutoConf(Connection c, ServerInfo server) throws SQLException {
        return server.superuser() || AlterSystem.canReadAutoConf(c) ? AlterSystem.autoConf(c) : null;
    }

    static ConfigException noRam(String where) {
        return new ConfigException(where, "total_ram", "is required when auto_detect is off (e.g. 16GB)");
    }
}
