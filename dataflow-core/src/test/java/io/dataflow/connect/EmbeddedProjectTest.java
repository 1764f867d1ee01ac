package io.dataflow.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedProjectTest {

    @TempDir
    Path tmp;

    @Test
    void theProjectIsTheTopOfTheGitWorkTreeElseTheWorkingDirectory() throws Exception {
        Path shop = Files.createDirectories(tmp.resolve("My-Shop"));
        Files.createDirectory(shop.resolve(".git"));
        Path module = Files.createDirectories(shop.resolve("shop-web/src"));
        assertThat(EmbeddedProject.of(module).root()).isEqualTo(shop); // mvn test in a module and the IDE share it
        assertThat(EmbeddedProject.of(module).name()).isEqualTo("My-Shop");

        Path loose = Files.createDirectories(tmp.resolve("loose"));
        Files.writeString(tmp.resolve("loose").resolve("x"), "");
        assertThat(EmbeddedProject.of(loose).root()).isEqualTo(loose.toAbsolutePath());
    }

    @Test
    void theDatabaseNameIsAPlainIdentifierOfTheProjectsName() {
        assertThat(project("My-Shop").databaseName()).isEqualTo("my_shop");
        assertThat(project("2024 billing").databaseName()).isEqualTo("p_2024_billing");
        assertThat(project("postgres").databaseName()).isEqualTo("postgres_app");
        assertThat(project("template1").databaseName()).isEqualTo("template1_app");
        assertThat(project("---").databaseName()).isEqualTo("dataflow");
        assertThat(project("x".repeat(100)).databaseName()).hasSize(63);
    }

    @Test
    void twoProjectsNamedAlikeGetTwoDirectories() {
        EmbeddedProject one = new EmbeddedProject(Path.of("/work/a/app"), "app");
        EmbeddedProject two = new EmbeddedProject(Path.of("/work/b/app"), "app");
        assertThat(one.databaseName()).isEqualTo(two.databaseName()); // on different servers, so no clash
        assertThat(one.directoryName()).startsWith("app-").isNotEqualTo(two.directoryName());
        assertThat(one.directoryName()).isEqualTo(new EmbeddedProject(Path.of("/work/a/app"), "app").directoryName());
        assertThat(new EmbeddedProject(Path.of("/x/.hidden dir"), ".hidden dir").directoryName()).matches("project\\.hidden_dir-[0-9a-f]{10}");
    }

    private static EmbeddedProject project(String name) {
        return new EmbeddedProject(Path.of("/work").resolve(name), name);
    }
}
