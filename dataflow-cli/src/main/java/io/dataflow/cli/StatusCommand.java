package io.dataflow.cli;

import io.dataflow.DataFlow;
import io.dataflow.Json;
import io.dataflow.StatusReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Server version, dialect, capabilities and pool statistics.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptionsMixin connection;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (DataFlow db = connection.options.open()) {
            StatusReport report = db.status();
            spec.commandLine().getOut().print(json ? Json.write(report) + "\n" : report.toText());
        }
        return 0;
    }
}
