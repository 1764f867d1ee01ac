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
        Interruption.install(System.err); // Ctrl-C / SIGTERM: cancel on the server, roll back, exit 130 / 143
        int exit = run(args);
        Interruption.finished();
        System.exit(exit);
    }

    /** The message and its causes' messages, without stack traces (--debug or DATAFLOW_DEBUG=1 shows them). */
    static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) sb.append("\n  caused by: ").append(c.getMessage());
        }
        return sb.toString();
    }

    /** The CLI's way to give a missing {@code :name} value, for the commands that take --param. */
    static String cliHint(Throwable e, CommandLine command) {
        if (e instanceof io.dataflow.config.ConfigException c && c.key() != null && c.key().startsWith("params.")
                && command.getCommandSpec().findOption("--param") != null) {
            return "\n  hint: pass it with --param " + c.key().substring("params.".length()) + "=VALUE";
        }
        return "";
    }

    /**
     * Runs a command line and returns its exit code (tests call this instead of main). No error
     * prints a Java stack trace unless {@code --debug} is given (or DATAFLOW_DEBUG is set).
     */
    public static int run(String... args) {
        boolean debug = System.getenv("DATAFLOW_DEBUG") != null || java.util.Arrays.asList(args).contains("--debug");
        String[] rest = java.util.Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (Interruption.interrupted()) return 1; // the statement was cancelled by Ctrl-C / SIGTERM: the hook says so
            commandLine.getErr().println("error: " + messages(e) + cliHint(e, commandLine));
            if (debug) e.printStackTrace(commandLine.getErr());
            return e instanceof DataFlowException ? 2 : 1;
        });
        try {
            return cli.execute(rest);
        } catch (Error e) { // picocli hands on Errors (a stack overflow, out of memory): still one line, no trace
            cli.getErr().println("error: " + describe(e));
            if (debug) e.printStackTrace(cli.getErr());
            return 1;
        } finally {
            cli.getOut().flush(); // System.exit follows: nothing buffered may be lost
            cli.getErr().flush();
        }
    }

    /** One line for a JVM error that reached the command. */
    static String describe(Error e) {
        if (e instanceof StackOverflowError) return "stack overflow: the input is nested or chained too deeply to process (StackOverflowError)";
        if (e instanceof OutOfMemoryError) return "out of memory (" + e.getMessage() + "); give the JVM more heap with DATAFLOW_JAVA_OPTS=-Xmx...";
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().split("\n")[0]);
    }
}
