package io.dataflow;

import io.dataflow.config.ConfigException;
import io.dataflow.model.IndexSpec;
import io.dataflow.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The models registered on a DataFlow; refuses two models that would collide in the database. */
final class ModelRegistry {

    private final List<ModelSpec> models = new ArrayList<>();

    synchronized void add(ModelSpec spec) {
        for (ModelSpec m : models) {
            if (m.name().equals(spec.name())) {
                if (m.equals(spec)) return; // registering the same model twice is harmless
                throw new ConfigException("model " + spec.name(), "name", "a different model with this name is already registered");
            }
            if (m.table().equals(spec.table())) {
                throw new ConfigException("model " + spec.name(), "table", "table '" + spec.table() + "' is already used by model " + m.name());
            }
            for (IndexSpec i : spec.indexes()) {
                if (m.indexes().stream().anyMatch(o -> o.name().equals(i.name()))) {
                    throw new ConfigException("model " + spec.name() + ", index " + i.name(), "name",
                            "model " + m.name() + " already has an index of this name; index names are unique per schema");
                }
            }
        }
        models.add(spec);
    }

    synchronized List<ModelSpec> all() {
        return List.copyOf(models);
    }

    synchronized Optional<ModelSpec> byName(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
