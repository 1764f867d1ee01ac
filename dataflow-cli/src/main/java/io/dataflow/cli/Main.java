package io.dataflow.cli;

import io.dataflow.DataFlowException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./dataflow}: the command-line face of DataFlow. */
@Command(name = "dataflow", mixinStandardHelpOptions = true, version = "DataFlow for Java 0.1.0",
        description = "Database optimization toolkit for PostgreSQL.",
        subcommands = {DemoCommand.class, SchemaCommand.class, StatusCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof DataFlowException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
