package io.dataflow.embedded;

import io.dataflow.DataFlow;
import io.dataflow.spi.EmbeddedSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Run by {@link ServerSharingTest} in a JVM of its own: an application that opens DataFlow on the embedded
 * server in the given directory, then obeys its standard input ({@code query}: one query through DataFlow's
 * pool, {@code close}: close DataFlow and exit).
 */
public final class LeaseHolderProbe {

    private LeaseHolderProbe() {
    }

    public static void main(String[] args) throws Exception {
        DataFlow db = DataFlow.configure().environment(name -> null).embedded(EmbeddedSettings.persistent(Path.of(args[0])))
                .embeddedDatabase("app").open();
        var server = db.embeddedServer().orElseThrow();
        System.out.println("READY port=" + server.port() + " owned=" + server.owned());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("query")) {
                try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT current_database()")) {
                    rs.next();
                    System.out.println("ROW " + rs.getString(1));
                } catch (Exception e) {
                    System.out.println("FAILED " + e.getMessage());
                }
            } else if (line.equals("close")) {
                db.close();
                System.out.println("CLOSED");
                return;
            }
        }
    }
}
