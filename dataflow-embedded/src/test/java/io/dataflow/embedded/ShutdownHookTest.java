package io.dataflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ShutdownHookTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(300)
    void serverStopsWhenTheJvmExitsWithoutClose() throws Exception {
        Path data = tmp.resolve("data");
        Path output = tmp.resolve("probe.out");
        String classpath = System.getProperty("surefire.test.class.path", "");
        if (classpath.isBlank()) {
            classpath = System.getProperty("java.class.path");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", classpath, ShutdownHookProbe.class.getName(), data.toString()))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean finished = process.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(finished).as("probe finished; output:\n%s", printed).isTrue();
        assertThat(process.exitValue()).as("exit code; output:\n%s", printed).isZero();
        Matcher port = Pattern.compile("PORT=(\\d+)").matcher(printed);
        assertThat(port.find()).as("printed its port:\n%s", printed).isTrue();

        assertThat(data.resolve("postmaster.pid")).doesNotExist();
        assertThatThrownBy(() -> Sql.connect("jdbc:postgresql://127.0.0.1:" + port.group(1) + "/postgres", "postgres"))
                .isInstanceOf(SQLException.class);
    }
}
