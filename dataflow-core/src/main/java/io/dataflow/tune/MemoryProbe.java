package io.dataflow.tune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The RAM this process may use: the machine's (/proc/meminfo) unless a cgroup limits it, as in a
 * container (cgroup v2 {@code memory.max}, v1 {@code memory.limit_in_bytes}, the tightest on the
 * way up the hierarchy). The root is a parameter so tests can lay out a fake /proc and /sys.
 */
final class MemoryProbe {

    /** cgroup v1 reports "no limit" as a huge page-rounded number near Long.MAX_VALUE. */
    private static final long UNLIMITED = 1L << 60;

    record Ram(long bytes, String source) {
    }

    private final Path root;

    MemoryProbe(Path root) {
        this.root = root;
    }

    Ram detect() {
        Ram physical = physical();
        Optional<Ram> limit = cgroupV2().or(this::cgroupV1);
        return limit.filter(l -> l.bytes() < physical.bytes()).orElse(physical);
    }

    private Ram physical() {
        try {
            for (String line : Files.readAllLines(root.resolve("proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D+", ""));
                    return new Ram(kb * 1024, "/proc/meminfo MemTotal");
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or /proc hidden: ask the JVM below
        }
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return new Ram(os.getTotalMemorySize(), "the JVM's view of total memory");
    }

    private Optional<Ram> cgroupV2() {
        return cgroupPath("0::").flatMap(p -> tightest(root.resolve("sys/fs/cgroup"), p, "memory.max", "cgroup v2 memory.max"));
    }

    private Optional<Ram> cgroupV1() {
        for (String line : lines(root.resolve("proc/self/cgroup"))) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && List.of(parts[1].split(",")).contains("memory")) {
                return tightest(root.resolve("sys/fs/cgroup/memory"), parts[2], "memory.limit_in_bytes", "cgroup v1 memory.limit_in_bytes");
            }
        }
        return Optional.empty();
    }

    private Optional<String> cgroupPath(String prefix) {
        return lines(root.resolve("proc/self/cgroup")).stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst();
    }

    /**
     * The smallest limit from the process's cgroup up to the mount root. Inside a container the
     * path in /proc/self/cgroup may not exist under the mount (namespaces): then only the root counts.
     */
    private Optional<Ram> tightest(Path mount, String cgroup, String file, String what) {
        Ram best = null;
        Path dir = mount.resolve(cgroup.replaceFirst("^/+", ""));
        if (!dir.normalize().startsWith(mount.normalize())) dir = mount;
        for (Path d = dir; d != null && d.startsWith(mount); d = d.getParent()) {
            Optional<Long> limit = number(d.resolve(file));
            if (limit.isPresent() && limit.get() < UNLIMITED && (best == null || limit.get() < best.bytes())) {
                best = new Ram(limit.get(), what + " (/" + root.relativize(d.resolve(file)).toString().replace('\\', '/') + ")");
            }
        }
        return Optional.ofNullable(best);
    }

    private static Optional<Long> number(Path file) {
        try {
            String text = Files.readString(file).strip();
            return text.equals("max") ? Optional.empty() : Optional.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
