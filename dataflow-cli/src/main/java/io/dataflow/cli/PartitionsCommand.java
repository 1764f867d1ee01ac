package io.dataflow.cli;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.Json;
import io.dataflow.model.ModelFiles;
import io.dataflow.model.ModelSpec;
import io.dataflow.partition.ArchiveDestination;
import io.dataflow.partition.MaintenanceReport;
import io.dataflow.partition.Operation;
import io.dataflow.partition.PartitionStatus;
import io.dataflow.partition.Partitions;
import io.dataflow.partition.RestoreResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "partitions", mixinStandardHelpOptions = true,
        description = "Partition lifecycle of a partitioned model: status (bounds, rows, size, state, next run), maintain, restore.")
final class PartitionsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ACTION", description = "status, maintain or restore")
    String action;

    @Option(names = "--model", required = true, description = "The partitioned model, e.g. Event")
    String model;

    @Option(names = "--models", description = "Models file (YAML or JSON); default: the guide's models")
    Path models;

    @Option(names = "--operations", description = "maintain: a YAML/JSON file with the node's operations list; default: from the model's retention and automatic settings")
    Path operations;

    @Option(names = "--destination", description = "Archive destination (file:///dir/ or s3://bucket/prefix/; S3 settings from AWS_* variables): where maintain archives, where restore reads")
    String destination;

    @Option(names = "--partition", description = "restore: the archived partition")
    String partition;

    @Option(names = "--attach", description = "restore: attach it to the parent as a partition again (default: a standalone table)")
    boolean attach;

    @Option(names = "--table", description = "restore: the standalone table's name (default: PARTITION_restored)")
    String table;

    @Option(names = "--dry-run", description = "Say what would be done; change nothing")
    boolean dryRun;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Mixin
    ConnectionOptionsMixin connection;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!List.of("status", "maintain", "restore").contains(action)) {
            throw new DataFlowException("unknown action '" + action + "': use status, maintain or restore");
        }
        if (action.equals("restore") && partition == null) throw new DataFlowException("restore needs --partition NAME");
        List<ModelSpec> specs = models == null ? guideModels() : ModelFiles.read(models);
        ArchiveDestination dest = destination == null ? null : ArchiveDestination.of(destination);
        List<Operation> ops = operations == null ? null : Partitions.operations(readList(operations));
        PrintWriter out = spec.commandLine().getOut();
        try (DataFlow db = connection.options.open()) {
            db.registerAll(specs);
            Partitions partitions = db.partitions();
            partitions.partitionedModel(model);
            List<Operation> plan = ops != null ? ops : partitions.defaultOperations(model, dest);
            switch (action) {
                case "status" -> {
                    PartitionStatus s = partitions.status(model, plan);
                    out.print(json ? Json.write(s) + "\n" : s.toText());
                }
                case "maintain" -> {
                    MaintenanceReport r = partitions.maintain(model, plan, dryRun);
                    out.print(json ? Json.write(r) + "\n" : r.summary());
                }
                default -> {
                    RestoreResult r = partitions.restore(model, partition, attach, table, dest, dryRun);
                    out.println(json ? Json.write(r) : r.action() + ": " + r.rows() + " rows of " + r.partition() + " into " + r.table()
                            + (r.attached() ? " (attached)" : " (standalone)") + ", " + r.checksum());
                }
            }
        }
        return 0;
    }

    private static List<ModelSpec> guideModels() throws IOException {
        try (InputStream in = PartitionsCommand.class.getResourceAsStream("/io/dataflow/demo/guide-models.yaml")) {
            if (in == null) throw new DataFlowException("no --models file given and the guide's models are not bundled");
            return ModelFiles.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "the guide's models");
        }
    }

    private static List<?> readList(Path file) throws IOException {
        Object v = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readValue(Files.readString(file), Object.class);
        if (v instanceof Map<?, ?> m && m.get("operations") instanceof List<?> l) return l;
        if (v instanceof List<?> l) return l;
        throw new DataFlowException(file + ": expected a list of operations (or operations: [...])");
    }
}
