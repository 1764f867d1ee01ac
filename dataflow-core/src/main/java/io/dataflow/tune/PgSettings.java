package io.dataflow.tune;

import io.dataflow.config.DidYouMean;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every setting the server shows in {@code pg_settings}, looked up case-insensitively like the server does. */
public final class PgSettings {

    private static final String QUERY = "SELECT name, setting, unit, vartype, context, min_val, max_val, enumvals, source,"
            + " pending_restart FROM pg_settings";

    private final Map<String, PgSetting> byLowerName = new TreeMap<>();

    public PgSettings(Collection<PgSetting> settings) {
        settings.forEach(s -> byLowerName.put(s.name().toLowerCase(Locale.ROOT), s));
    }

    public static PgSettings read(Connection c) throws SQLException {
        List<PgSetting> out = new java.util.ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(QUERY)) {
            while (rs.next()) {
                Array enums = rs.getArray(8);
                out.add(new PgSetting(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), enums == null ? List.of() : Arrays.asList((String[]) enums.getArray()),
                        rs.getString(9), rs.getBoolean(10)));
            }
        }
        return new PgSettings(out);
    }

    public Optional<PgSetting> find(String name) {
        return Optional.ofNullable(byLowerName.get(name.strip().toLowerCase(Locale.ROOT)));
    }

    public PgSetting get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("the server has no setting " + name));
    }

    /** " (did you mean 'x'?)" for a name the server does not know. */
    public String hint(String name) {
        return DidYouMean.hint(name, byLowerName.values().stream().map(PgSetting::name).toList());
    }

    public int versionNum() {
        return Integer.parseInt(get("server_version_num").setting());
    }

    public int maxConnections() {
        return Integer.parseInt(get("max_connections").setting());
    }
}
