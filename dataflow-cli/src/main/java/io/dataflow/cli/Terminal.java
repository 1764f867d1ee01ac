package io.dataflow.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard error is a terminal. Java 17 cannot ask that of one stream ({@code System.console()} looks at
 * stdin and stdout), so: what the launcher measured ({@code -Ddataflow.stderr.terminal}, from {@code [ -t 2 ]}),
 * else where Linux says fd 2 points, else the console.
 */
final class Terminal {

    static final String PROPERTY = "dataflow.stderr.terminal";

    private Terminal() {
    }

    static boolean stderr() {
        String told = System.getProperty(PROPERTY);
        if (told != null) return Boolean.parseBoolean(told);
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.isSymbolicLink(fd)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (java.io.IOException | SecurityException e) {
                // fall through to the console
            }
        }
        return System.console() != null;
    }
}
