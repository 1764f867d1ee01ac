package io.dataflow.embedded;

import io.dataflow.spi.EmbeddedDatabase;
import io.dataflow.spi.EmbeddedSettings;
import java.nio.file.Path;

/**
 * Run by {@link NonRootTest} in a separate JVM as {@code nobody}: starts a server in its project's default
 * directory the way a non-root user would, runs {@code select 1}, prints {@link #MARKER} and stops it.
 */
public final class NonRootProbe {

    static final String MARKER = "NON-ROOT-PROBE-OK";

    private NonRootProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("probe uid=" + ServerUser.effectiveUid());
        if (ServerUser.effectiveUid() == 0) {
            System.out.println("probe must not run as root");
            System.exit(2);
        }
        EmbeddedSettings settings = args.length > 0 ? EmbeddedSettings.persistent(Path.of(args[0])) : EmbeddedSettings.persistent();
        try (EmbeddedDatabase db = new EmbeddedPostgresProvider().start(settings)) {
            System.out.println("data=" + ((EmbeddedPostgres) db).dataDirectory());
            String one = Sql.queryString(db, "select 1");
            System.out.println("select 1 -> " + one + ", owned=" + db.owned() + ", version=" + db.serverVersion());
            if ("1".equals(one) && db.owned()) {
                System.out.println(MARKER);
            }
        }
    }
}
