package io.dataflow.cli;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowBuilder;
import io.dataflow.spi.EmbeddedSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where to connect: --url, else DATABASE_URL, else the embedded PostgreSQL. */
final class ConnectionOptions {

    @Option(names = "--url", description = "postgresql://user:pass@host:port/db (default: DATABASE_URL, else embedded PostgreSQL)")
    String url;

    @Option(names = "--data-dir", description = "Data directory of the embedded PostgreSQL (default: the project's own, under ~/.dataflow/embedded/projects)")
    Path dataDir;

    @Option(names = "--state-schema", description = "Schema where features that keep state (jobs, views, partitions,"
            + " tuning, monitor history) create their tables when first used (default: dataflow)")
    String stateSchema;

    DataFlow open() {
        return open(io.dataflow.cache.CacheConfig.disabled());
    }

    DataFlow open(io.dataflow.cache.CacheConfig cache) {
        DataFlowBuilder builder = DataFlow.configure().embedded(dataDir == null ? EmbeddedSettings.persistent() : EmbeddedSettings.persistent(dataDir));
        if (url != null) builder.url(url);
        if (stateSchema != null) builder.stateSchema(stateSchema);
        return Interruption.opened(builder.cache(cache).open()); // a signal cancels what it runs
    }
}
