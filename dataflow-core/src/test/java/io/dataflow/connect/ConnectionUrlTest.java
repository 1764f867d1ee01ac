package io.dataflow.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectionUrlTest {

    @Test
    void libpqStyleUrlsBecomeJdbcWithSeparateCredentials() {
        ConnectionUrl url = ConnectionUrl.parse("postgresql://app:s%40cret@db.local:6432/shop?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:6432/shop?sslmode=require");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("s@cret");
    }

    @Test
    void postgresSchemeAndDefaults() {
        assertThat(ConnectionUrl.parse("postgres://localhost/test").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/test");
        assertThat(ConnectionUrl.parse("postgresql://bob@host").jdbcUrl()).isEqualTo("jdbc:postgresql://host/bob");
        assertThat(ConnectionUrl.parse("postgresql://h1:5432,h2:5433/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5433/db");
    }

    @Test
    void jdbcUrlsPassThrough() {
        assertThat(ConnectionUrl.parse("jdbc:postgresql://x:1/y?user=u").jdbcUrl()).isEqualTo("jdbc:postgresql://x:1/y?user=u");
    }

    @Test
    void otherSchemesAreRefusedWithoutLeakingThePassword() {
        assertThatThrownBy(() -> ConnectionUrl.parse("mysql://u:topsecret@h/db"))
                .hasMessageContaining("postgresql://").hasMessageNotContaining("topsecret");
    }
}
