package io.dataflow.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dataflow.DataFlowException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A YAML file of named databases for the dashboard's switcher, an alternative to several {@code --url}:
 * <pre>
 * orders: postgresql://app@db1:5432/orders
 * billing: postgresql://app@db2:5432/billing
 * </pre>
 * Names keep the file's order; a bad file is refused whole with the entry and what is accepted.
 */
public final class DatabaseFile {

    private DatabaseFile() {
    }

    /** Name to connection URL, in the file's order. */
    public static Map<String, String> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new DataFlowException("cannot read the databases file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    static Map<String, String> parse(String yaml, String where) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new DataFlowException(where + " is not valid YAML: " + e.getMessage(), e);
        }
        String accepted = "a mapping of names to connection URLs, e.g. 'orders: postgresql://user@host:5432/orders'";
        if (root == null || !root.isObject() || root.isEmpty()) throw new DataFlowException(where + " must be " + accepted);
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey().trim();
            if (name.isEmpty()) throw new DataFlowException(where + ": a database has an empty name; accepted: " + accepted);
            JsonNode url = e.getValue();
            if (url == null || !url.isTextual() || url.asText().isBlank()) {
                throw new DataFlowException(where + ": database '" + name + "' has " + (url == null || url.isNull() ? "no URL" : "'" + url + "'")
                        + " where a connection URL string is accepted (postgresql://... or jdbc:postgresql://...)");
            }
            out.put(name, url.asText().trim());
        }
        return out;
    }
}
