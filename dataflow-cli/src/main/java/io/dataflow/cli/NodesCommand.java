package io.dataflow.cli;

import io.dataflow.model.ModelFiles;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.NodeRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = "List node types, or one type's config keys with types, defaults and descriptions.")
final class NodesCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "TYPE", description = "A node type to describe")
    String type;

    @Option(names = "--models", paramLabel = "MODELS.yaml", description = "Also list the CRUD nodes generated for these models")
    Path models;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        NodeRegistry registry = NodeRegistry.load(models == null ? List.of() : ModelFiles.read(models));
        PrintWriter out = spec.commandLine().getOut();
        if (type == null) {
            for (NodeDefinition d : registry.all()) out.printf("%-32s %s%n", d.type(), d.description());
            return 0;
        }
        NodeDefinition d = registry.require(type, "nodes");
        out.println(d.type() + ": " + d.description());
        out.println();
        out.println("Config keys:");
        for (KeySpec k : d.schema().keys()) describe(out, k, "  ");
        if (d.schema().isOpen()) out.println("  (other keys are accepted too)");
        if (!d.outputs().isEmpty()) out.println("\nOutputs: " + String.join(", ", d.outputs()));
        return 0;
    }

    private static void describe(PrintWriter out, KeySpec k, String indent) {
        out.printf("%s%-24s %-13s %-9s %s%s%s%n", indent, k.name(), k.type().description(), k.required() ? "required" : "optional",
                k.description(), k.defaultValue() == null ? "" : " (default: " + k.defaultValue() + ")",
                k.allowed().isEmpty() ? "" : " [" + String.join(", ", k.allowed()) + "]");
        if (k.nested() != null) for (KeySpec n : k.nested().keys()) describe(out, n, indent + "  ");
    }
}
