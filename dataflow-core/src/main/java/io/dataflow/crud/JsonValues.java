package io.dataflow.crud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import org.postgresql.util.PGobject;

/** dict and list columns: Java maps and lists (or JSON text) in, jsonb bound as PGobject, parsed maps and lists out. */
final class JsonValues {

    // Not Json.mapper(): that one renames keys to snake_case for result records; a user's map keeps its keys.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private JsonValues() {
    }

    /** A jsonb parameter; {@code object} says whether the column is a dict (JSON object) or a list (JSON array). */
    static PGobject jsonb(Object v, boolean object) {
        String kind = object ? "a dict (JSON object)" : "a list (JSON array)";
        JsonNode node;
        if (v instanceof CharSequence s) {
            try {
                node = MAPPER.readTree(s.toString());
            } catch (JsonProcessingException e) {
                throw new BadValue(BadValue.describe(v) + " is not valid JSON: " + e.getOriginalMessage());
            }
            if (node == null) throw new BadValue("empty text is not " + kind);
        } else if (v instanceof JsonNode n) {
            node = n;
        } else if (v instanceof Map<?, ?> || v instanceof Collection<?> || v.getClass().isArray()) {
            try {
                node = MAPPER.valueToTree(v);
            } catch (IllegalArgumentException e) {
                throw new BadValue(BadValue.describe(v) + " cannot be written as JSON: " + e.getMessage());
            }
        } else {
            throw new BadValue(BadValue.describe(v) + " is not " + kind);
        }
        if (object ? !node.isObject() : !node.isArray()) throw new BadValue(BadValue.describe(v) + " is not " + kind);
        String text = node.toString();
        // jsonb cannot hold the NUL character; say so instead of letting the server fail mid-batch.
        if (text.contains("\\u0000")) throw new BadValue(BadValue.describe(v) + " contains a NUL character (\\u0000), which jsonb cannot store");
        return pgObject(text);
    }

    static PGobject pgObject(String json) {
        PGobject o = new PGobject();
        o.setType("jsonb");
        try {
            o.setValue(json);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return o;
    }
}
