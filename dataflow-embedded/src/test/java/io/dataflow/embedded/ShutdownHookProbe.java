package io.dataflow.embedded;

import io.dataflow.spi.EmbeddedDatabase;
import io.dataflow.spi.EmbeddedSettings;
import java.nio.file.Path;

/** Run by {@link ShutdownHookTest} in a child JVM: starts a server and exits without closing it. */
public final class ShutdownHookProbe {

    private ShutdownHookProbe() {
    }

    public static void main(String[] args) {
        EmbeddedDatabase db = new EmbeddedPostgresProvider().start(EmbeddedSettings.persistent(Path.of(args[0])));
        System.out.println("PORT=" + db.port());
        System.exit(0); // no close(): the shutdown hook has to stop the server
    }
}
