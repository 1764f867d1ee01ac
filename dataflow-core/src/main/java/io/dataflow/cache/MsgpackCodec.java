package io.dataflow.cache;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.ArrayBufferInput;
import org.msgpack.value.ValueType;

/**
 * The guide's {@code serialization: msgpack}: columns with their kind, then the values row by row in
 * MessagePack's compact forms (timestamps as epoch seconds and nanos, UUIDs as 16 bytes, numerics as
 * text to keep their scale). Inside JSON values and arrays each non-MessagePack type travels as an
 * extension value tagged with its kind.
 */
final class MsgpackCodec implements ResultCodec {

    @Override
    public byte[] encode(QueryResult result) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            List<String> columns = result.columns();
            ValueKind[] kinds = new ValueKind[columns.size()];
            p.packArrayHeader(columns.size());
            for (int i = 0; i < kinds.length; i++) {
                kinds[i] = ValueKind.column(result.rows(), columns.get(i));
                p.packString(columns.get(i));
                p.packInt(kinds[i].ordinal());
            }
            p.packArrayHeader(result.rows().size());
            for (Map<String, Object> row : result.rows()) {
                for (int i = 0; i < kinds.length; i++) write(p, kinds[i], row.get(columns.get(i)));
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("msgpack encoding failed: " + e.getMessage(), e);
        }
    }

    @Override
    public QueryResult decode(byte[] bytes) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
            int n = u.unpackArrayHeader();
            List<String> columns = new ArrayList<>(n);
            ValueKind[] kinds = new ValueKind[n];
            for (int i = 0; i < n; i++) {
                columns.add(u.unpackString());
                kinds[i] = ValueKind.byOrdinal(u.unpackInt());
            }
            int rowCount = u.unpackArrayHeader();
            List<Map<String, Object>> rows = new ArrayList<>(rowCount);
            for (int r = 0; r < rowCount; r++) {
                Map<String, Object> row = new LinkedHashMap<>(Math.max(4, n * 2));
                for (int i = 0; i < n; i++) row.put(columns.get(i), read(u, kinds[i]));
                rows.add(row);
            }
            if (u.hasNext()) throw new CorruptEntryException("trailing bytes after the rows", null);
            return new QueryResult(columns, rows, false);
        } catch (IOException | RuntimeException e) {
            if (e instanceof CorruptEntryException c) throw c;
            throw new CorruptEntryException("not a msgpack result: " + e, e);
        }
    }

    static void write(MessagePacker p, ValueKind kind, Object v) throws IOException {
        if (v == null) {
            p.packNil();
            return;
        }
        switch (kind) {
            case BOOL -> p.packBoolean((Boolean) v);
            case INT -> p.packInt((Integer) v);
            case LONG -> p.packLong((Long) v);
            case SHORT -> p.packShort((Short) v);
            case FLOAT -> p.packFloat((Float) v);
            case DOUBLE -> p.packDouble((Double) v);
            case DECIMAL -> p.packString(((BigDecimal) v).toString());
            case BIGINT -> p.packString(v.toString());
            case TEXT -> p.packString((String) v);
            case BYTES -> {
                byte[] b = (byte[]) v;
                p.packBinaryHeader(b.length);
                p.writePayload(b);
            }
            case UUID -> {
                UUID id = (UUID) v;
                p.packBinaryHeader(16);
                p.writePayload(ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array());
            }
            case OFFSET_DT -> {
                OffsetDateTime t = (OffsetDateTime) v;
                p.packLong(t.toEpochSecond());
                p.packInt(t.getNano());
                p.packInt(t.getOffset().getTotalSeconds());
            }
            case LOCAL_DT -> {
                LocalDateTime t = (LocalDateTime) v;
                p.packLong(t.toEpochSecond(ZoneOffset.UTC));
                p.packInt(t.getNano());
            }
            case DATE -> p.packLong(((LocalDate) v).toEpochDay());
            case TIME -> p.packLong(((LocalTime) v).toNanoOfDay());
            case INSTANT -> {
                Instant t = (Instant) v;
                p.packLong(t.getEpochSecond());
                p.packInt(t.getNano());
            }
            case LIST, MAP, DYNAMIC, NULL -> writeDynamic(p, v);
        }
    }

    private static void writeDynamic(MessagePacker p, Object v) throws IOException {
        ValueKind kind = ValueKind.of(v);
        switch (kind) {
            case NULL -> p.packNil();
            case BOOL, INT, DOUBLE, FLOAT, TEXT, BYTES -> write(p, kind, v);
            case LIST -> {
                List<?> list = (List<?>) v;
                p.packArrayHeader(list.size());
                for (Object o : list) writeDynamic(p, o);
            }
            case MAP -> {
                Map<?, ?> map = (Map<?, ?>) v;
                p.packMapHeader(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    p.packString(String.valueOf(e.getKey()));
                    writeDynamic(p, e.getValue());
                }
            }
            default -> {
                // Types MessagePack has no form of: an extension value tagged with the kind.
                try (MessageBufferPacker inner = MessagePack.newDefaultBufferPacker()) {
                    write(inner, kind, v);
                    byte[] payload = inner.toByteArray();
                    p.packExtensionTypeHeader((byte) kind.ordinal(), payload.length);
                    p.writePayload(payload);
                }
            }
        }
    }

    static Object read(MessageUnpacker u, ValueKind kind) throws IOException {
        if (u.tryUnpackNil()) return null;
        return switch (kind) {
            case BOOL -> u.unpackBoolean();
            case INT -> u.unpackInt();
            case LONG -> u.unpackLong();
            case SHORT -> u.unpackShort();
            case FLOAT -> u.unpackFloat();
            case DOUBLE -> u.unpackDouble();
            case DECIMAL -> new BigDecimal(u.unpackString());
            case BIGINT -> new BigInteger(u.unpackString());
            case TEXT -> u.unpackString();
            case BYTES -> u.readPayload(u.unpackBinaryHeader());
            case UUID -> {
                int len = u.unpackBinaryHeader();
                if (len != 16) throw new CorruptEntryException("a UUID of " + len + " bytes", null);
                ByteBuffer b = ByteBuffer.wrap(u.readPayload(16));
                yield new UUID(b.getLong(), b.getLong());
            }
            case OFFSET_DT -> {
                long s = u.unpackLong();
                int nano = u.unpackInt();
                ZoneOffset offset = ZoneOffset.ofTotalSeconds(u.unpackInt());
                yield OffsetDateTime.ofInstant(Instant.ofEpochSecond(s, nano), offset);
            }
            case LOCAL_DT -> LocalDateTime.ofEpochSecond(u.unpackLong(), u.unpackInt(), ZoneOffset.UTC);
            case DATE -> LocalDate.ofEpochDay(u.unpackLong());
            case TIME -> LocalTime.ofNanoOfDay(u.unpackLong());
            case INSTANT -> Instant.ofEpochSecond(u.unpackLong(), u.unpackInt());
            case LIST, MAP, DYNAMIC, NULL -> readDynamic(u);
        };
    }

    private static Object readDynamic(MessageUnpacker u) throws IOException {
        ValueType type = u.getNextFormat().getValueType();
        switch (type) {
            case NIL -> {
                u.unpackNil();
                return null;
            }
            case BOOLEAN -> {
                return u.unpackBoolean();
            }
            case INTEGER -> {
                long l = u.unpackLong();
                return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Object) (int) l : (Object) l;
            }
            case FLOAT -> {
                return u.getNextFormat() == org.msgpack.core.MessageFormat.FLOAT32 ? (Object) u.unpackFloat() : (Object) u.unpackDouble();
            }
            case STRING -> {
                return u.unpackString();
            }
            case BINARY -> {
                return u.readPayload(u.unpackBinaryHeader());
            }
            case ARRAY -> {
                int n = u.unpackArrayHeader();
                List<Object> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) out.add(readDynamic(u));
                return out;
            }
            case MAP -> {
                int n = u.unpackMapHeader();
                Map<String, Object> out = new LinkedHashMap<>(Math.max(4, n * 2));
                for (int i = 0; i < n; i++) out.put(u.unpackString(), readDynamic(u));
                return out;
            }
            case EXTENSION -> {
                var header = u.unpackExtensionTypeHeader();
                byte[] payload = u.readPayload(header.getLength());
                try (MessageUnpacker inner = MessagePack.newDefaultUnpacker(new ArrayBufferInput(payload))) {
                    return read(inner, ValueKind.byOrdinal(header.getType()));
                }
            }
            default -> throw new CorruptEntryException("unexpected msgpack " + type, null);
        }
    }
}
