package io.dataflow.cli;

import io.dataflow.DataFlow;
import io.dataflow.Json;
import io.dataflow.model.ModelFiles;
import io.dataflow.model.schema.SchemaPlan;
import io.dataflow.model.schema.SyncReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Print the schema plan for a models file; --apply creates what is missing.")
final class SchemaCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODELS.yaml", description = "Models file (YAML or JSON): models: [{name, fields, dataflow}]")
    Path models;

    @Mixin
    ConnectionOptionsMixin connection;

    @Option(names = "--apply", description = "Apply the plan (one transaction)")
    boolean apply;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var specs = ModelFiles.read(models); // validated before connecting
        PrintWriter out = spec.commandLine().getOut();
        try (DataFlow db = connection.options.open()) {
            db.registerAll(specs);
            if (apply) {
                SyncReport report = db.sync();
                out.print(json ? Json.write(report) + "\n" : Reports.sync(report));
            } else {
                SchemaPlan plan = db.schemaPlan();
                out.print(json ? Json.write(plan) + "\n" : plan.toText());
            }
        }
        return 0;
    }
}
