package io.dataflow.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How to run the embedded server.
 *
 * @param dataDirectory   where the cluster lives; {@code null} means the project's default
 *                        ({@code ~/.dataflow/embedded/projects/<project>-<hash>/data}, under
 *                        {@code /var/lib/dataflow/embedded} as root; see {@link io.dataflow.connect.EmbeddedProject})
 * @param ephemeral       a throw-away cluster: deleted on close, durability settings relaxed for speed
 * @param serverSettings  extra {@code postgresql.conf} settings (name to value)
 */
public record EmbeddedSettings(Path dataDirectory, boolean ephemeral, Map<String, String> serverSettings) {

    public EmbeddedSettings {
        serverSettings = Map.copyOf(Objects.requireNonNull(serverSettings, "serverSettings"));
    }

    public static EmbeddedSettings persistent() {
        return new EmbeddedSettings(null, false, Map.of());
    }

    public static EmbeddedSettings persistent(Path dataDirectory) {
        return new EmbeddedSettings(dataDirectory, false, Map.of());
    }

    public static EmbeddedSettings throwAway() {
        return new EmbeddedSettings(null, true, Map.of());
    }

    /** The same settings on another data directory. */
    public EmbeddedSettings withDataDirectory(Path directory) {
        return new EmbeddedSettings(directory, ephemeral, serverSettings);
    }

    public EmbeddedSettings withSetting(String name, String value) {
        var copy = new java.util.HashMap<>(serverSettings);
        copy.put(name, value);
        return new EmbeddedSettings(dataDirectory, ephemeral, copy);
    }
}
