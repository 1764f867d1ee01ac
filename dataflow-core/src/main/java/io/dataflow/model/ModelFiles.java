package io.dataflow.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads models from a YAML or JSON file shaped {@code models: [ {name, fields, dataflow}, ... ]}. */
public final class ModelFiles {

    private ModelFiles() {
    }

    public static List<ModelSpec> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("models file " + file, null, "cannot be read: " + e.getMessage());
        }
        return parse(text, "models file " + file);
    }

    @SuppressWarnings("unchecked")
    public static List<ModelSpec> parse(String text, String where) {
        Object doc;
        try {
            doc = new ObjectMapper(new YAMLFactory()).readValue(text, Object.class);
        } catch (IOException e) {
            throw new ConfigException(where, null, "is not valid YAML/JSON: " + e.getMessage());
        }
        if (!(doc instanceof Map<?, ?> map)) throw new ConfigException(where, null, "must be a mapping with a 'models' list");
        ConfigReader root = ConfigReader.of(where, (Map<String, ?>) map).allowOnly(java.util.Set.of("models"));
        List<?> models = root.list("models");
        if (models.isEmpty()) throw root.error("models", "must list at least one model");
        List<ModelSpec> out = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            if (!(models.get(i) instanceof Map<?, ?> m)) throw root.error("models[" + i + "]", "must be a mapping (name, fields, dataflow)");
            out.add(ModelSpecReader.read((Map<String, ?>) m));
        }
        return out;
    }
}
