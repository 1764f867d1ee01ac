package io.dataflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CI JVM is root, so the other tests run the server through runuser. This one proves the plain
 * non-root path too: a JVM started as {@code nobody} unpacks the binaries and runs the server itself.
 */
class NonRootTest {

    @Test
    @Timeout(300)
    void nonRootUserStartsTheServerDirectly() throws Exception {
        assumeThat(ServerUser.effectiveUid()).as("only a root JVM can switch to nobody").isZero();
        Path probe = Files.createTempDirectory(Path.of("/tmp"), "dataflow-probe-");
        try {
            Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
            String classpath = copyClasspath(probe.resolve("lib"));
            // The probe's home: writable by nobody, holds its binaries cache and its data directory.
            Path home = Files.createDirectory(probe.resolve("home"));
            Files.createDirectory(home.resolve("tmp"));
            new ServerUser(true).handOver(home);
            new ServerUser(true).handOver(home.resolve("tmp"));
            Path output = probe.resolve("probe.out");

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ServerUser(true).command(List.of(java,
                    "-Duser.home=" + home, "-Djava.io.tmpdir=" + home.resolve("tmp"),
                    "-cp", classpath, NonRootProbe.class.getName()));
            Process process = new ProcessBuilder(command)
                    .directory(probe.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            boolean finished = process.waitFor(180, TimeUnit.SECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            System.out.println(printed);
            assertThat(finished).as("probe finished within 180 s; output:\n%s", printed).isTrue();
            assertThat(process.exitValue()).as("probe exit code; output:\n%s", printed).isZero();
            assertThat(printed).contains(NonRootProbe.MARKER);
            assertThat(home.resolve(".dataflow/embedded/pg-" + BinariesCache.version() + "/bin/postgres")).isExecutable();
            // No data directory given: the project's own, under the user's base (the probe's working directory is the project).
            Path projects = home.resolve(".dataflow/embedded/projects");
            assertThat(printed).contains("data=" + projects.resolve(io.dataflow.connect.EmbeddedProject.of(probe).directoryName()).resolve("data"));
            try (Stream<Path> leases = Files.list(projects.resolve(io.dataflow.connect.EmbeddedProject.of(probe).directoryName())
                    .resolve(".data.leases"))) {
                assertThat(leases).as("the probe's lease was dropped on close").isEmpty();
            }
        } finally {
            FileTree.delete(probe);
        }
    }

    /** Copies every classpath entry to a place nobody can read (~/.m2 under /root is closed to it). */
    private static String copyClasspath(Path lib) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", "");
        if (classpath.isBlank()) {
            classpath = System.getProperty("java.class.path");
        }
        Files.createDirectories(lib);
        List<String> copied = new ArrayList<>();
        int index = 0;
        for (String entry : classpath.split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path target = lib.resolve((index++) + "-" + source.getFileName());
            copyTree(source, target);
            copied.add(target.toString());
        }
        try (Stream<Path> all = Files.walk(lib)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        Files.setPosixFilePermissions(lib.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        return String.join(File.pathSeparator, copied);
    }

    private static void copyTree(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path dest = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
