package io.dataflow.dialect;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the connected server offers.
 *
 * @param serverVersion        e.g. {@code 17.6}
 * @param serverVersionNumber  e.g. {@code 170006}
 * @param installedExtensions  extension name to installed version
 * @param availableExtensions  extensions that {@code CREATE EXTENSION} could install
 * @param preloadedLibraries   {@code shared_preload_libraries}
 * @param maxConnections       {@code max_connections}
 * @param reservedConnections  superuser_reserved_connections (+ reserved_connections on 16+)
 */
public record Capabilities(String serverVersion, int serverVersionNumber, Map<String, String> installedExtensions,
                           Set<String> availableExtensions, Set<String> preloadedLibraries,
                           int maxConnections, int reservedConnections) {

    /** The extensions DataFlow's capabilities build on, in the order reports list them. */
    public static final List<String> KNOWN_EXTENSIONS =
            List.of("pg_stat_statements", "pgstattuple", "hypopg", "pg_partman", "pg_cron", "pg_repack");

    public Capabilities {
        installedExtensions = Map.copyOf(installedExtensions);
        availableExtensions = Set.copyOf(availableExtensions);
        preloadedLibraries = Set.copyOf(preloadedLibraries);
    }

    public boolean installed(String extension) {
        return installedExtensions.containsKey(extension);
    }

    public boolean available(String extension) {
        return availableExtensions.contains(extension);
    }

    /** installed, available or missing; pg_stat_statements also needs preloading to collect anything. */
    public String status(String extension) {
        if (installed(extension)) {
            if (extension.equals("pg_stat_statements") && !preloadedLibraries.contains(extension)) return "installed (not preloaded)";
            return "installed " + installedExtensions.get(extension);
        }
        return available(extension) ? "available" : "missing";
    }

    /** The most connections a pool may open: max_connections less those reserved for superusers. */
    public int connectionLimit() {
        return maxConnections - reservedConnections;
    }

    public int majorVersion() {
        return serverVersionNumber / 10000;
    }
}
