package io.dataflow.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one external command to completion and captures what it printed. */
final class ProcessRunner {

    /** The outcome of a finished command. */
    record Result(List<String> command, int exitCode, String output) {

        boolean ok() {
            return exitCode == 0;
        }

        /** The command line, its exit code and its output, for error messages. */
        String describe() {
            String text = output.strip();
            return "command `" + String.join(" ", command) + "` exited with code " + exitCode
                    + (text.isEmpty() ? "" : ", output:\n" + text);
        }
    }

    private ProcessRunner() {
    }

    static Result run(List<String> command, Duration timeout) {
        Path outputFile = null;
        try {
            // Output goes to a file, not a pipe: pg_ctl's server child could otherwise keep a pipe open.
            outputFile = Files.createTempFile("dataflow-embedded-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(new File("/")) // the server account may not be able to enter our working directory
                    .redirectErrorStream(true)
                    .redirectOutput(outputFile.toFile());
            cleanEnvironment(builder.environment());
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("Command `" + String.join(" ", command) + "` did not finish within "
                        + timeout.toSeconds() + " s. Output so far:\n" + read(outputFile));
            }
            return new Result(List.copyOf(command), process.exitValue(), read(outputFile));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run `" + String.join(" ", command) + "`", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running `" + String.join(" ", command) + "`", e);
        } finally {
            if (outputFile != null) {
                try {
                    Files.deleteIfExists(outputFile);
                } catch (IOException ignored) {
                    // A stray temp file is harmless.
                }
            }
        }
    }

    /** PG* variables (PGDATA, PGPORT, ...) from the caller's shell would override what we pass explicitly. */
    private static void cleanEnvironment(Map<String, String> env) {
        env.keySet().removeIf(name -> name.startsWith("PG"));
        env.put("LC_ALL", "C");
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
