package io.dataflow.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The memory backend's read path with a loader instead of a database. */
class QueryCacheTest {

    private static QueryResult rows(int v) {
        return new QueryResult(List.of("v"), List.of(Map.of("v", v)), false);
    }

    @Test
    void aCorruptEntryIsAMissAndIsDeleted() {
        try (QueryCache cache = new QueryCache(null, CacheConfig.memory())) {
            cache.rules(CacheRule.parseAll(List.of(Map.of("pattern", ".*", "ttl", 60)), "test"));
            AtomicInteger loads = new AtomicInteger();
            String sql = "SELECT v FROM t";
            cache.read(sql, List.of(), Map.of(), () -> rows(loads.incrementAndGet()));
            String key = cache.keyOf(sql, Map.of()).orElseThrow();
            cache.store().put(key, new byte[] {1, 2, 3}, Duration.ofMinutes(1));
            QueryResult r = cache.read(sql, List.of(), Map.of(), () -> rows(loads.incrementAndGet()));
            assertThat(r.cached()).isFalse();
            assertThat(r.rows().get(0).get("v")).isEqualTo(2);
            assertThat(cache.stats().total().errors()).isEqualTo(1);
            assertThat(cache.read(sql, List.of(), Map.of(), () -> rows(loads.incrementAndGet())).cached()).isTrue();
        }
    }

    @Test
    void aReadThatStartedBeforeAWriteIsNeverServedAfterIt() {
        try (QueryCache cache = new QueryCache(null, CacheConfig.memory())) {
            cache.rules(CacheRule.parseAll(List.of(Map.of("pattern", ".*", "ttl", 60)), "test"));
            String sql = "SELECT v FROM t";
            // The load runs "before the write committed" and stores after the write ended.
            QueryResult stale = cache.read(sql, List.of(), Map.of(), () -> {
                cache.writing(List.of(new Dependency("t", "update"))).close();
                return rows(1);
            });
            assertThat(stale.rows().get(0).get("v")).isEqualTo(1);
            QueryResult next = cache.read(sql, List.of(), Map.of(), () -> rows(2));
            assertThat(next.cached()).isFalse();
            assertThat(next.rows().get(0).get("v")).isEqualTo(2);
        }
    }

    @Test
    void nothingIsStoredWhileAWriteIsUnderWay() {
        try (QueryCache cache = new QueryCache(null, CacheConfig.memory())) {
            cache.rules(CacheRule.parseAll(List.of(Map.of("pattern", ".*", "ttl", 60)), "test"));
            String sql = "SELECT v FROM t";
            try (WriteTicket t = cache.writing(List.of(new Dependency("t", "insert")))) {
                cache.read(sql, List.of(), Map.of(), () -> rows(1));
                assertThat(cache.read(sql, List.of(), Map.of(), () -> rows(1)).cached()).isFalse();
            }
            cache.read(sql, List.of(), Map.of(), () -> rows(2));
            assertThat(cache.read(sql, List.of(), Map.of(), () -> rows(3)).rows().get(0).get("v")).isEqualTo(2);
        }
    }

    @Test
    void invalidatingATableBumpsEveryOperationsCounter_soOperationSpecificEntriesGoToo() {
        try (QueryCache cache = QueryCache.detached(CacheConfig.memory())) {
            cache.rules(CacheRule.parseAll(List.of(Map.of("pattern", ".*", "ttl", 60, "invalidate_on", List.of("t.update"))), "test"));
            String sql = "SELECT v FROM t";
            cache.read(sql, List.of(), Map.of(), () -> rows(1));
            assertThat(cache.read(sql, List.of(), Map.of(), () -> rows(2)).cached()).isTrue();
            cache.invalidate("t");
            QueryResult after = cache.read(sql, List.of(), Map.of(), () -> rows(3));
            assertThat(after.cached()).isFalse();
            assertThat(after.rows().get(0).get("v")).isEqualTo(3);
            cache.invalidateNow(List.of("t"));
            assertThat(cache.overview().counters()).containsEntry("t.update", 2L).containsEntry("t.insert", 2L)
                    .containsEntry("t.delete", 2L).containsEntry("t.*", 2L);
        }
    }

    @Test
    void aDetachedCacheRefusesQueriesClearly() {
        try (QueryCache cache = QueryCache.detached(CacheConfig.memory())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> cache.query("SELECT 1", Map.of()))
                    .hasMessageContaining("opened without a database");
        }
    }
}
