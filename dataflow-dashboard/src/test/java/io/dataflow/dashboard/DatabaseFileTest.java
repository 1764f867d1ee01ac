package io.dataflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlowException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseFileTest {

    @Test
    void namesMapToUrlsInTheFilesOrder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dbs.yaml");
        Files.writeString(file, "# two databases\nzeta: postgresql://app@db1:5432/orders\nalpha: jdbc:postgresql://db2/billing?user=app\n");
        var dbs = DatabaseFile.read(file);
        assertThat(List.copyOf(dbs.keySet())).containsExactly("zeta", "alpha");
        assertThat(dbs.get("zeta")).isEqualTo("postgresql://app@db1:5432/orders");
        assertThat(dbs.get("alpha")).isEqualTo("jdbc:postgresql://db2/billing?user=app");
    }

    @Test
    void aBadFileIsRefusedNamingTheEntryAndWhatIsAccepted() {
        assertThatThrownBy(() -> DatabaseFile.parse("orders:\n", "dbs.yaml")).isInstanceOf(DataFlowException.class)
                .hasMessageContaining("dbs.yaml").hasMessageContaining("'orders'").hasMessageContaining("connection URL");
        assertThatThrownBy(() -> DatabaseFile.parse("orders: [a, b]\n", "dbs.yaml")).hasMessageContaining("'orders'");
        assertThatThrownBy(() -> DatabaseFile.parse("- postgresql://x/y\n", "dbs.yaml")).hasMessageContaining("mapping of names to connection URLs");
        assertThatThrownBy(() -> DatabaseFile.parse("", "dbs.yaml")).hasMessageContaining("mapping of names");
        assertThatThrownBy(() -> DatabaseFile.parse("orders: [\n", "dbs.yaml")).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> DatabaseFile.read(Path.of("/nonexistent/dbs.yaml"))).hasMessageContaining("cannot read the databases file");
    }
}
