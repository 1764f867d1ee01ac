package io.dataflow.embedded;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The settings file {@code dataflow.conf}, included from postgresql.conf and rewritten before each start.
 * A file rather than {@code pg_ctl -o} options, so values never pass through a shell.
 */
final class ServerConfig {

    static final String FILE_NAME = "dataflow.conf";
    static final String INCLUDE_LINE = "include_if_exists = '" + FILE_NAME + "'";
    static final String ALWAYS_PRELOADED = "pg_stat_statements";

    /** We choose these ourselves: the handle reports the port and clients connect to 127.0.0.1. */
    private static final Set<String> RESERVED = Set.of("port", "listen_addresses");
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_.]*");

    private ServerConfig() {
    }

    static String render(int port, boolean ephemeral, Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listen_addresses", "127.0.0.1");
        settings.put("port", Integer.toString(port));
        settings.put("unix_socket_directories", ""); // TCP only: no socket file in /tmp or /var/run
        settings.put("shared_preload_libraries", ALWAYS_PRELOADED);
        if (ephemeral) {
            // Throw-away data: durability buys nothing and costs start and test time.
            settings.put("fsync", "off");
            settings.put("synchronous_commit", "off");
            settings.put("full_page_writes", "off");
        }
        new TreeMap<>(extra).forEach((rawName, value) -> {
            String name = rawName.trim().toLowerCase(Locale.ROOT);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("Not a PostgreSQL setting name: '" + rawName + "'");
            }
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("The embedded server sets '" + name + "' itself; it cannot be overridden");
            }
            if (value == null || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("Invalid value for setting '" + name + "': " + value);
            }
            settings.put(name, name.equals("shared_preload_libraries") ? withStatStatements(value) : value);
        });
        StringBuilder text = new StringBuilder("# Written by dataflow-embedded before each start; edits here are overwritten.\n");
        settings.forEach((name, value) -> text.append(name).append(" = ").append(quote(value)).append('\n'));
        return text.toString();
    }

    /** DataFlow relies on pg_stat_statements, so a user's library list is extended, not replaced. */
    private static String withStatStatements(String libraries) {
        Set<String> names = new LinkedHashSet<>();
        names.add(ALWAYS_PRELOADED);
        for (String lib : libraries.split(",")) {
            if (!lib.isBlank()) {
                names.add(lib.trim());
            }
        }
        return String.join(",", names);
    }

    /** Single-quoted postgresql.conf string: quotes doubled, backslashes escaped. */
    static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
