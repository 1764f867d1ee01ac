package io.dataflow.cli;

import io.dataflow.DataFlowException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./dataflow}: the command-line face of DataFlow. */
@Command(name = "dataflow", mixinStandardHelpOptions = true, version = "DataFlow for Java 0.1.0",
        description = "Database optimization toolkit for PostgreSQL.",
        subcommands = {DemoCommand.class, DashboardCommand.class, RunCommand.class, AnalyzeCommand.class, RewriteCommand.class, AdviseCommand.class, NodesCommand.class, SchemaCommand.class, StatusCommand.class, JobsCommand.class, SchedulerCommand.class, TuneCommand.class, MviewsCommand.class, PartitionsCommand.class, MonitorCommand.class, CacheCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The message and its causes' messages, without stack traces (DATAFLOW_DEBUG=1 shows them). */
    static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) sb.append("\n  caused by: ").append(c.getMessage());
        }
        return sb.toString();
    }

    /** Runs a command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + messages(e));
            if (System.getenv("DATAFLOW_DEBUG") != null) e.printStackTrace(commandLine.getErr());
            return e instanceof DataFlowException ? 2 : 1;
        });
        try {
            return cli.execute(args);
        } finally {
            cli.getOut().flush(); // System.exit follows: nothing buffered may be lost
            cli.getErr().flush();
        }
    }
}
