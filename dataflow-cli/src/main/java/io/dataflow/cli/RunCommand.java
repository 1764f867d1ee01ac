package io.dataflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dataflow.DataFlow;
import io.dataflow.Json;
import io.dataflow.cache.CacheConfig;
import io.dataflow.config.ConfigException;
import io.dataflow.model.ModelFiles;
import io.dataflow.model.ModelSpec;
import io.dataflow.model.schema.SyncReport;
import io.dataflow.workflow.NodeRegistry;
import io.dataflow.workflow.Results;
import io.dataflow.workflow.RunOptions;
import io.dataflow.workflow.Workflow;
import io.dataflow.workflow.WorkflowFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a workflow file; exit code 0 only if every node succeeded.")
final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FLOW.yaml", description = "Workflow file (YAML or JSON): nodes, connections, params")
    Path flow;

    @Mixin
    ConnectionOptionsMixin connection;

    @Option(names = "--models", paramLabel = "MODELS.yaml", description = "Models whose CRUD nodes the workflow uses (their tables are synced first)")
    Path models;

    @Option(names = "--no-sync", description = "Do not create missing tables for --models before running")
    boolean noSync;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A workflow parameter (value read as YAML: 5, true, text)")
    List<String> params = List.of();

    @Option(names = "--json", description = "Print {run_id, nodes: {id: {status, output, ms}}}")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<ModelSpec> specs = models == null ? List.of() : ModelFiles.read(models);
        Map<String, Object> values = parseParams(params);
        Workflow workflow = WorkflowFiles.read(flow, NodeRegistry.load(specs)); // validated before connecting
        CacheConfig cache = WorkflowFiles.section(flow, "cache_config").map(CacheConfig::parse).orElse(CacheConfig.disabled());
        PrintWriter out = spec.commandLine().getOut();
        try (DataFlow db = connection.options.open(cache)) {
            db.registerAll(specs);
            if (!specs.isEmpty() && !noSync) {
                SyncReport report = db.sync();
                if (report.changed() && !json) out.println(report.summary());
            }
            RunOptions options = RunOptions.defaults().withProgress(json ? (id, d, t) -> { } : Progress.printer(spec.commandLine().getErr()));
            Results results = db.runtime().execute(workflow, values, options);
            out.print(json ? Json.write(results) + "\n" : Reports.run(results));
            return results.ok() ? 0 : 1;
        }
    }

    static Map<String, Object> parseParams(List<String> params) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Map<String, Object> out = new LinkedHashMap<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) throw new ConfigException("--param", p, "must be NAME=VALUE");
            String raw = p.substring(eq + 1);
            out.put(p.substring(0, eq), raw.isEmpty() ? "" : yaml.readValue(raw, Object.class));
        }
        return out;
    }
}
