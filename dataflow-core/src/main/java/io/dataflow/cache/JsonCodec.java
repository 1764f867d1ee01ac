package io.dataflow.cache;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The guide's {@code serialization: json}: {@code {"c":[[name,kind],...],"r":[[v,...],...]}}, each
 * value in the JSON form of its column's kind (ISO text for times, text for numerics and UUIDs,
 * base64 for bytes). Inside JSON values and arrays, a value JSON has no type for is written as
 * {@code {"$t": kind, "v": text}} (and a map that has a {@code $t} key of its own is wrapped too).
 */
final class JsonCodec implements ResultCodec {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final String TAG = "$t";

    @Override
    public byte[] encode(QueryResult result) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + result.rows().size() * 64);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            List<String> columns = result.columns();
            ValueKind[] kinds = new ValueKind[columns.size()];
            g.writeStartObject();
            g.writeArrayFieldStart("c");
            for (int i = 0; i < kinds.length; i++) {
                kinds[i] = ValueKind.column(result.rows(), columns.get(i));
                g.writeStartArray();
                g.writeString(columns.get(i));
                g.writeString(kinds[i].name());
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("r");
            for (Map<String, Object> row : result.rows()) {
                g.writeStartArray();
                for (int i = 0; i < kinds.length; i++) write(g, kinds[i], row.get(columns.get(i)));
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("JSON encoding failed: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    @Override
    public QueryResult decode(byte[] bytes) {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            expectField(p, "c");
            expect(p.nextToken(), JsonToken.START_ARRAY);
            List<String> columns = new ArrayList<>();
            List<ValueKind> kinds = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_ARRAY) {
                expect(p.nextToken(), JsonToken.VALUE_STRING);
                columns.add(p.getText());
                expect(p.nextToken(), JsonToken.VALUE_STRING);
                kinds.add(ValueKind.valueOf(p.getText()));
                expect(p.nextToken(), JsonToken.END_ARRAY);
            }
            expectField(p, "r");
            expect(p.nextToken(), JsonToken.START_ARRAY);
            List<Map<String, Object>> rows = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_ARRAY) {
                Map<String, Object> row = new LinkedHashMap<>(Math.max(4, columns.size() * 2));
                for (int i = 0; i < columns.size(); i++) {
                    p.nextToken();
                    row.put(columns.get(i), read(p, kinds.get(i)));
                }
                expect(p.nextToken(), JsonToken.END_ARRAY);
                rows.add(row);
            }
            expect(p.nextToken(), JsonToken.END_OBJECT);
            return new QueryResult(columns, rows, false);
        } catch (IOException | RuntimeException e) {
            if (e instanceof CorruptEntryException c) throw c;
            throw new CorruptEntryException("not a JSON result: " + e, e);
        }
    }

    private static void expect(JsonToken got, JsonToken wanted) {
        if (got != wanted) throw new CorruptEntryException("expected " + wanted + ", got " + got, null);
    }

    private static void expectField(JsonParser p, String name) throws IOException {
        expect(p.nextToken(), JsonToken.FIELD_NAME);
        if (!name.equals(p.currentName())) throw new CorruptEntryException("expected field " + name, null);
    }

    private static void write(JsonGenerator g, ValueKind kind, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
            return;
        }
        switch (kind) {
            case BOOL -> g.writeBoolean((Boolean) v);
            case INT -> g.writeNumber((Integer) v);
            case LONG -> g.writeNumber((Long) v);
            case SHORT -> g.writeNumber((Short) v);
            case FLOAT -> {
                float f = (Float) v;
                if (Float.isFinite(f)) g.writeNumber(f);
                else g.writeString(Float.toString(f));
            }
            case DOUBLE -> {
                double d = (Double) v;
                if (Double.isFinite(d)) g.writeNumber(d);
                else g.writeString(Double.toString(d));
            }
            case BYTES -> g.writeString(Base64.getEncoder().encodeToString((byte[]) v));
            case DECIMAL -> g.writeString(((BigDecimal) v).toString());
            case BIGINT, TEXT, UUID, OFFSET_DT, LOCAL_DT, DATE, TIME, INSTANT -> g.writeString(v.toString());
            case LIST, MAP, DYNAMIC, NULL -> writeDynamic(g, v);
        }
    }

    private static void writeDynamic(JsonGenerator g, Object v) throws IOException {
        ValueKind kind = ValueKind.of(v);
        switch (kind) {
            case NULL -> g.writeNull();
            case BOOL, TEXT -> write(g, kind, v);
            case INT -> g.writeNumber((Integer) v);
            case DOUBLE -> {
                if (Double.isFinite((Double) v)) g.writeNumber((Double) v);
                else tagged(g, kind, v);
            }
            case LONG -> {
                long l = (Long) v;
                if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) g.writeNumber(l);
                else tagged(g, kind, v); // would come back as an Integer
            }
            case LIST -> {
                g.writeStartArray();
                for (Object o : (List<?>) v) writeDynamic(g, o);
                g.writeEndArray();
            }
            case MAP -> {
                Map<?, ?> map = (Map<?, ?>) v;
                boolean wrap = map.containsKey(TAG);
                if (wrap) {
                    g.writeStartObject();
                    g.writeStringField(TAG, "MAP");
                    g.writeFieldName("v");
                }
                g.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    writeDynamic(g, e.getValue());
                }
                g.writeEndObject();
                if (wrap) g.writeEndObject();
            }
            default -> tagged(g, kind, v);
        }
    }

    private static void tagged(JsonGenerator g, ValueKind kind, Object v) throws IOException {
        g.writeStartObject();
        g.writeStringField(TAG, kind.name());
        g.writeFieldName("v");
        write(g, kind, v);
        g.writeEndObject();
    }

    /** Reads the value at the parser's current token. */
    private static Object read(JsonParser p, ValueKind kind) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) return null;
        return switch (kind) {
            case BOOL -> p.getBooleanValue();
            case INT -> p.getIntValue();
            case LONG -> p.getLongValue();
            case SHORT -> p.getShortValue();
            case FLOAT -> p.currentToken() == JsonToken.VALUE_STRING ? Float.parseFloat(p.getText()) : p.getFloatValue();
            case DOUBLE -> p.currentToken() == JsonToken.VALUE_STRING ? Double.parseDouble(p.getText()) : p.getDoubleValue();
            case DECIMAL -> new BigDecimal(p.getText());
            case BIGINT -> new BigInteger(p.getText());
            case TEXT -> p.getText();
            case BYTES -> Base64.getDecoder().decode(p.getText());
            case UUID -> java.util.UUID.fromString(p.getText());
            case OFFSET_DT -> OffsetDateTime.parse(p.getText());
            case LOCAL_DT -> LocalDateTime.parse(p.getText());
            case DATE -> LocalDate.parse(p.getText());
            case TIME -> LocalTime.parse(p.getText());
            case INSTANT -> Instant.parse(p.getText());
            case LIST, MAP, DYNAMIC, NULL -> readDynamic(p);
        };
    }

    private static Object readDynamic(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case VALUE_NULL:
                return null;
            case VALUE_TRUE:
                return true;
            case VALUE_FALSE:
                return false;
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> p.getIntValue();
                    case LONG -> p.getLongValue();
                    default -> p.getBigIntegerValue();
                };
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case START_ARRAY: {
                List<Object> out = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) out.add(readDynamic(p));
                return out;
            }
            case START_OBJECT: {
                Map<String, Object> out = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    out.put(name, readDynamic(p));
                }
                if (out.size() == 2 && out.get(TAG) instanceof String tag && out.containsKey("v")) return untag(tag, out.get("v"));
                return out;
            }
            default:
                throw new CorruptEntryException("unexpected JSON token " + p.currentToken(), null);
        }
    }

    /** A tagged value was read as plain JSON; turn it back into its kind. */
    private static Object untag(String tag, Object v) {
        ValueKind kind = ValueKind.valueOf(tag);
        if (v instanceof Number n) {
            return switch (kind) {
                case LONG -> n.longValue();
                case SHORT -> n.shortValue();
                case FLOAT -> n.floatValue();
                case DOUBLE -> n.doubleValue();
                default -> throw new CorruptEntryException("a number tagged " + tag, null);
            };
        }
        if (!(v instanceof String text)) return v; // MAP: the wrapped map itself
        return switch (kind) {
            case FLOAT -> Float.parseFloat(text);
            case DOUBLE -> Double.parseDouble(text);
            case DECIMAL -> new BigDecimal(text);
            case BIGINT -> new BigInteger(text);
            case BYTES -> Base64.getDecoder().decode(text);
            case UUID -> java.util.UUID.fromString(text);
            case OFFSET_DT -> OffsetDateTime.parse(text);
            case LOCAL_DT -> LocalDateTime.parse(text);
            case DATE -> LocalDate.parse(text);
            case TIME -> LocalTime.parse(text);
            case INSTANT -> Instant.parse(text);
            default -> text;
        };
    }
}
