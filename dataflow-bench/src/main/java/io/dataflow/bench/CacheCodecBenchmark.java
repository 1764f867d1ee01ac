package io.dataflow.bench;

import io.dataflow.cache.CacheConfig;
import io.dataflow.cache.QueryResult;
import io.dataflow.cache.ResultEncoding;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The guide's "msgpack: faster than JSON" and "lz4: fast compression" on a 1,000-row result of the
 * guide's orders (ids, status text, numeric total, timestamptz, a small jsonb): encode and decode
 * time per result, and the entry size printed at setup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CacheCodecBenchmark {

    final ResultEncoding msgpackLz4 = ResultEncoding.of(CacheConfig.Serialization.MSGPACK, CacheConfig.Compression.LZ4);
    final ResultEncoding msgpack = ResultEncoding.of(CacheConfig.Serialization.MSGPACK, CacheConfig.Compression.NONE);
    final ResultEncoding json = ResultEncoding.of(CacheConfig.Serialization.JSON, CacheConfig.Compression.NONE);
    QueryResult rows;
    byte[] msgpackLz4Bytes;
    byte[] msgpackBytes;
    byte[] jsonBytes;

    static QueryResult orders(int n) {
        List<Map<String, Object>> rows = new ArrayList<>(n);
        OffsetDateTime base = OffsetDateTime.of(2026, 11, 27, 0, 0, 0, 0, ZoneOffset.UTC);
        String[] statuses = {"pending", "completed", "shipped", "cancelled"};
        for (int i = 0; i < n; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", 1_000_000L + i);
            r.put("user_id", (long) (i * 7919 % 50_000));
            r.put("product_id", i * 31 % 700);
            r.put("status", statuses[i % 4]);
            r.put("total", BigDecimal.valueOf(i * 137 % 100_000, 2));
            r.put("created_at", base.minusSeconds(i * 613L));
            r.put("updated_at", base.minusSeconds(i * 17L));
            r.put("shipping", Map.of("method", i % 2 == 0 ? "standard" : "express", "items", i % 5 + 1));
            rows.add(r);
        }
        return new QueryResult(List.copyOf(rows.get(0).keySet()), rows, false);
    }

    @Setup(Level.Trial)
    public void setUp() {
        rows = orders(1000);
        msgpackLz4Bytes = msgpackLz4.encode(rows);
        msgpackBytes = msgpack.encode(rows);
        jsonBytes = json.encode(rows);
        System.out.printf("%n[setup] 1000 rows: msgpack+lz4 %d bytes, msgpack %d bytes, json %d bytes (msgpack+lz4 = %.1f%% of json)%n",
                msgpackLz4Bytes.length, msgpackBytes.length, jsonBytes.length, 100.0 * msgpackLz4Bytes.length / jsonBytes.length);
    }

    @Benchmark
    public byte[] encodeMsgpackLz4() {
        return msgpackLz4.encode(rows);
    }

    @Benchmark
    public byte[] encodeJson() {
        return json.encode(rows);
    }

    @Benchmark
    public byte[] encodeMsgpack() {
        return msgpack.encode(rows);
    }

    @Benchmark
    public QueryResult decodeMsgpackLz4() {
        return msgpackLz4.decode(msgpackLz4Bytes);
    }

    @Benchmark
    public QueryResult decodeJson() {
        return json.decode(jsonBytes);
    }

    @Benchmark
    public QueryResult decodeMsgpack() {
        return msgpack.decode(msgpackBytes);
    }
}
