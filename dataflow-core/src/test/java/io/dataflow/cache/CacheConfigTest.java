package io.dataflow.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheConfigTest {

    @Test
    void readsTheGuidesKeys() {
        CacheConfig c = CacheConfig.parse(Map.of("enabled", true, "backend", "redis", "serialization", "msgpack",
                "compression", "lz4", "key_strategy", "query_hash", "namespace", "dataflow:queries", "redis_url", "redis://127.0.0.1:6379"));
        assertThat(c.backend()).isEqualTo(CacheConfig.Backend.REDIS);
        assertThat(c.serialization()).isEqualTo(CacheConfig.Serialization.MSGPACK);
        assertThat(c.compression()).isEqualTo(CacheConfig.Compression.LZ4);
        assertThat(c.namespace()).isEqualTo("dataflow:queries");
        assertThat(c.cluster()).isFalse();
    }

    @Test
    void memoryIsTheDefaultWithoutARedisUrl() {
        assertThat(CacheConfig.parse(Map.of("enabled", true)).backend()).isEqualTo(CacheConfig.Backend.MEMORY);
        assertThat(CacheConfig.parse(Map.of("redis_url", List.of("redis://a:1", "redis://b:2"))).cluster()).isTrue();
    }

    @Test
    void unknownBackendIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> CacheConfig.parse(Map.of("backend", "memcached")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cache_config, key 'backend'").hasMessageContaining("accepted: redis, memory");
        assertThatThrownBy(() -> CacheConfig.parse(Map.of("backend", "redis")))
                .hasMessageContaining("key 'redis_url'").hasMessageContaining("required when backend is redis");
        assertThatThrownBy(() -> CacheConfig.parse(Map.of("serialization", "xml"))).hasMessageContaining("key 'serialization'");
        assertThatThrownBy(() -> CacheConfig.parse(Map.of("compresion", "lz4"))).hasMessageContaining("key 'compresion'")
                .hasMessageContaining("compression");
        assertThatThrownBy(() -> CacheConfig.parse(Map.of("timeout_ms", -5))).hasMessageContaining("key 'timeout_ms'");
        assertThatThrownBy(() -> CacheConfig.parse(Map.of("redis_url", "localhost:6379"))).hasMessageContaining("not a Redis URL");
    }

    @Test
    void rulesAreCheckedWithTheKeyNamed() {
        List<CacheRule> rules = CacheRule.parseAll(List.of(
                Map.of("pattern", "SELECT.*FROM products.*", "ttl", 3600, "invalidate_on", List.of("products.update", "orders.*")),
                Map.of("pattern", ".*user_id = :current_user.*", "ttl", 300, "key_includes", List.of("user_id"))), "SmartCacheNode s");
        assertThat(rules.get(0).ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(rules.get(0).invalidateOn()).extracting(Dependency::counter).containsExactly("products.update", "orders.*");
        assertThat(rules.get(0).matches("select id from products where id = 1")).isTrue();
        assertThat(rules.get(1).keyIncludes()).containsExactly("user_id");

        assertThatThrownBy(() -> CacheRule.parseAll(List.of(Map.of("pattern", "SELECT (", "ttl", 1)), "SmartCacheNode s"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("key 'rules[0].pattern'").hasMessageContaining("not a valid regular expression");
        assertThatThrownBy(() -> CacheRule.parseAll(List.of(Map.of("pattern", "x", "ttl", -1)), "SmartCacheNode s"))
                .hasMessageContaining("key 'rules[0].ttl'").hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> CacheRule.parseAll(List.of(Map.of("pattern", "x", "ttl", 1, "invalidate_on", List.of("products"))), "n"))
                .hasMessageContaining("rules[0].invalidate_on[0]").hasMessageContaining("table.operation");
        assertThatThrownBy(() -> CacheRule.parseAll(List.of(Map.of("pattern", "x", "ttl", 1, "invalidate_on", List.of("products.upsert"))), "n"))
                .hasMessageContaining("accepted: insert, update, delete");
        assertThatThrownBy(() -> CacheRule.parseAll(List.of(Map.of("pattern", "x", "ttl", 1, "cache_warmr", true)), "n"))
                .hasMessageContaining("cache_warmer");
    }
}
