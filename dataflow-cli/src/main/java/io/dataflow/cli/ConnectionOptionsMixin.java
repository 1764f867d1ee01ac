package io.dataflow.cli;

import picocli.CommandLine.ArgGroup;

/** Shares the connection options between commands. */
final class ConnectionOptionsMixin {

    @ArgGroup(exclusive = false)
    ConnectionOptions options = new ConnectionOptions();
}
