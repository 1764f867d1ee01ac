package io.dataflow.connect;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The libpq-style connection arguments (host, port, database, user; password through PGPASSWORD)
 * of a JDBC URL, for PostgreSQL client programs DataFlow runs (pg_repack).
 *
 * @param host     the first host of the URL
 * @param port     its port
 * @param database the database
 * @param user     the user, or null
 * @param password the password, or null
 */
public record ClientArguments(String host, int port, String database, String user, String password) {

    public static ClientArguments of(ConnectionUrl url) {
        URI uri = URI.create(url.jdbcUrl().substring("jdbc:".length()).replaceFirst(",[^/]*", ""));
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String path = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        return new ClientArguments(uri.getHost() == null ? "localhost" : uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                path, url.user() != null ? url.user() : query.get("user"), url.password() != null ? url.password() : query.get("password"));
    }

    /** {@code -h host -p port -d database [-U user]}. */
    public List<String> arguments() {
        List<String> out = new java.util.ArrayList<>(List.of("-h", host, "-p", String.valueOf(port), "-d", database));
        if (user != null) {
            out.add("-U");
            out.add(user);
        }
        return out;
    }
}
