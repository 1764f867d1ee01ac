package io.dataflow.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

/**
 * The bytes of one cache entry: a header (magic, format, serialization, compression), the generation
 * of every counter the entry depends on when its query started, and the encoded result (LZ4 block
 * with its raw length when compressed). Anything else is a {@link CorruptEntryException}.
 */
final class EntryFormat {

    private static final short MAGIC = (short) 0xDFC1;
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final LZ4Compressor COMPRESSOR = LZ4.fastCompressor();
    private static final LZ4FastDecompressor DECOMPRESSOR = LZ4.fastDecompressor();
    /** Results smaller than this are stored uncompressed: LZ4 would only add its header. */
    private static final int COMPRESS_FROM = 64;

    /** A decoded entry: the generations it was stamped with, and the result. */
    record Entry(Map<String, Long> stamps, QueryResult result) {
    }

    private final ResultCodec codec;
    private final CacheConfig.Serialization serialization;
    private final boolean lz4;

    EntryFormat(CacheConfig.Serialization serialization, CacheConfig.Compression compression) {
        this.serialization = serialization;
        this.codec = ResultCodec.of(serialization);
        this.lz4 = compression == CacheConfig.Compression.LZ4;
    }

    byte[] encode(Map<String, Long> stamps, QueryResult result) {
        byte[] payload = codec.encode(result);
        boolean compress = lz4 && payload.length >= COMPRESS_FROM;
        byte[] body = compress ? COMPRESSOR.compress(payload) : payload;
        int size = 2 + 1 + 1 + 1 + 2 + (compress ? 4 : 0) + body.length;
        byte[][] names = new byte[stamps.size()][];
        int i = 0;
        for (String name : stamps.keySet()) {
            names[i] = name.getBytes(StandardCharsets.UTF_8);
            size += 2 + names[i].length + 8;
            i++;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putShort(MAGIC).put((byte) 1).put((byte) serialization.ordinal()).put((byte) (compress ? 1 : 0));
        b.putShort((short) stamps.size());
        i = 0;
        for (Long gen : stamps.values()) {
            b.putShort((short) names[i].length).put(names[i]).putLong(gen);
            i++;
        }
        if (compress) b.putInt(payload.length);
        b.put(body);
        return b.array();
    }

    Entry decode(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.getShort() != MAGIC || b.get() != 1) throw new CorruptEntryException("not a DataFlow cache entry", null);
            int ser = b.get();
            if (ser != serialization.ordinal()) throw new CorruptEntryException("written with another serialization", null);
            boolean compressed = b.get() == 1;
            int n = b.getShort();
            Map<String, Long> stamps = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                byte[] name = new byte[b.getShort()];
                b.get(name);
                stamps.put(new String(name, StandardCharsets.UTF_8), b.getLong());
            }
            byte[] payload;
            if (compressed) {
                int raw = b.getInt();
                if (raw < 0 || raw > 1 << 30) throw new CorruptEntryException("bad raw length " + raw, null);
                payload = new byte[raw];
                int read = DECOMPRESSOR.decompress(bytes, b.position(), payload, 0, raw);
                if (b.position() + read != bytes.length) throw new CorruptEntryException("LZ4 block does not fill the entry", null);
            } else {
                payload = new byte[b.remaining()];
                b.get(payload);
            }
            return new Entry(stamps, codec.decode(payload));
        } catch (CorruptEntryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CorruptEntryException("undecodable entry: " + e, e);
        }
    }
}
