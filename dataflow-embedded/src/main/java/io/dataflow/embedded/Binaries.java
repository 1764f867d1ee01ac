package io.dataflow.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An unpacked PostgreSQL installation (bin/, lib/, share/). */
final class Binaries {

    private static final Pattern VERSION = Pattern.compile("(\\d+(?:\\.\\d+)*)");

    private final Path home;
    private volatile String version;

    Binaries(Path home) {
        this.home = home;
    }

    Path home() {
        return home;
    }

    Path tool(String name) {
        return home.resolve("bin").resolve(name);
    }

    /** e.g. {@code 17.6}, from {@code postgres --version} (allowed as root, unlike running the server). */
    String version() {
        String known = version;
        if (known == null) {
            ProcessRunner.Result result = ProcessRunner.run(List.of(tool("postgres").toString(), "--version"), Duration.ofSeconds(30));
            Matcher m = VERSION.matcher(result.output());
            if (!result.ok() || !m.find()) {
                throw new IllegalStateException("Could not read the PostgreSQL version: " + result.describe());
            }
            known = m.group(1);
            version = known;
        }
        return known;
    }

    /** The major version as PG_VERSION in a data directory spells it, e.g. {@code 17}. */
    String majorVersion() {
        return version().split("\\.")[0];
    }
}
