package io.dataflow.it;

import io.dataflow.model.ModelFiles;
import io.dataflow.model.ModelSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The guide's models (examples/guide-models.yaml) and a pinned clock for partition layouts. */
final class Guide {

    static final Clock NOV_15_2026 = Clock.fixed(Instant.parse("2026-11-15T12:00:00Z"), ZoneOffset.UTC);

    private Guide() {
    }

    static List<ModelSpec> models() {
        return ModelFiles.read(Path.of("../examples/guide-models.yaml"));
    }

    static List<ModelSpec> models(String... names) {
        List<String> wanted = List.of(names);
        return models().stream().filter(m -> wanted.contains(m.name())).toList();
    }
}
