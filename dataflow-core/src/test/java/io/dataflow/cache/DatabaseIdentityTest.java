package io.dataflow.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseIdentityTest {

    @Test
    void theAddressFallbackIsHostAndPortOfTheUrl() {
        assertThat(DatabaseIdentity.address("jdbc:postgresql://db.example:6432/app?sslmode=require")).isEqualTo("db.example:6432");
        assertThat(DatabaseIdentity.address("jdbc:postgresql://db.example/app")).isEqualTo("db.example:5432");
        assertThat(DatabaseIdentity.address("jdbc:postgresql:app")).isEqualTo("localhost:5432");
        assertThat(DatabaseIdentity.address("jdbc:postgresql:///app")).isEqualTo("localhost:5432");
    }

    @Test
    void theScopeSeparatesEveryPartOfTheIdentityAndIsSafeInAClusterKey() {
        DatabaseIdentity app = new DatabaseIdentity("system_identifier:1", "app", "web", "public");
        assertThat(app.scope()).matches("app-[0-9a-f]{12}");
        assertThat(app.scope()).isEqualTo(new DatabaseIdentity("system_identifier:1", "app", "web", "public").scope());
        assertThat(new DatabaseIdentity("system_identifier:2", "app", "web", "public").scope()).isNotEqualTo(app.scope());
        assertThat(new DatabaseIdentity("system_identifier:1", "app2", "web", "public").scope()).isNotEqualTo(app.scope());
        assertThat(new DatabaseIdentity("system_identifier:1", "app", "admin", "public").scope()).isNotEqualTo(app.scope());
        assertThat(new DatabaseIdentity("system_identifier:1", "app", "web", "tenant_a,public").scope()).isNotEqualTo(app.scope());
        assertThat(new DatabaseIdentity("s", "odd {name} here", "r", "").scope()).doesNotContain("{", "}", " ");
    }

    @Test
    void aSharedCacheWithoutADatabaseIsRefusedRatherThanAddressingNoDatabasesKeys() {
        assertThatThrownBy(() -> QueryCache.detached(CacheConfig.parse(java.util.Map.of("redis_url", "redis://127.0.0.1:1"))))
                .isInstanceOf(io.dataflow.DataFlowException.class)
                .hasMessageContaining("holds the entries of many databases")
                .hasMessageContaining("DatabaseIdentity.read(dataSource)");
    }
}
