package io.dataflow.cli;

import io.dataflow.DataFlow;
import io.dataflow.model.ModelFiles;
import io.dataflow.model.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the embedded PostgreSQL (or use --url), sync the guide's models and print the schema report.")
final class DemoCommand implements Callable<Integer> {

    static final String GUIDE_MODELS = "/io/dataflow/cli/examples/guide-models.yaml";

    @Mixin
    ConnectionOptionsMixin connection;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<ModelSpec> models = guideModels();
        out.println("DataFlow demo: starting the database...");
        out.flush();
        try (DataFlow db = connection.options.open()) {
            out.println(db.status().toText());
            db.registerAll(models);
            out.println("== Schema plan for the guide's " + models.size() + " models ==");
            out.println(db.schemaPlan().toText());
            out.println("== Sync ==");
            out.print(Reports.sync(db.sync()));
            out.println("== Sync again (must change nothing) ==");
            out.print(Reports.sync(db.sync()));
        }
        return 0;
    }

    static List<ModelSpec> guideModels() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(GUIDE_MODELS)) {
            if (in == null) throw new IOException(GUIDE_MODELS + " is missing from the jar");
            return ModelFiles.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "the guide's models");
        }
    }
}
