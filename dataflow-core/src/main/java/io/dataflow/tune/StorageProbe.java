package io.dataflow.tune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The kind of disk a path lives on, from Linux's rotational flag: the path's mount
 * (/proc/self/mountinfo) gives the block device, /sys/dev/block gives its queue/rotational.
 * Without a block device (overlay, tmpfs, not Linux) it looks at the machine's disks; when that
 * says nothing either, it assumes ssd, PgTune's default. The root is a parameter for tests.
 */
final class StorageProbe {

    record Storage(StorageType type, String source) {
    }

    private static final List<String> VIRTUAL = List.of("loop", "ram", "zram", "sr", "fd", "dm-", "md", "nbd");

    private final Path root;

    StorageProbe(Path root) {
        this.root = root;
    }

    Storage detect(Path path) {
        return deviceOf(path).flatMap(this::classify).or(this::fromDisks)
                .orElse(new Storage(StorageType.SSD, "not detected; assumed ssd (PgTune's default)"));
    }

    /** The block device directory in /sys of the filesystem holding the path (the whole disk, not the partition). */
    private Optional<Path> deviceOf(Path path) {
        String target = path.toAbsolutePath().normalize().toString();
        String best = null;
        String device = null;
        for (String line : lines(root.resolve("proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length < 5) continue;
            String mount = unescape(f[4]);
            boolean covers = target.equals(mount) || mount.equals("/") || target.startsWith(mount + "/");
            if (covers && (best == null || mount.length() >= best.length())) {
                best = mount;
                device = f[2];
            }
        }
        if (device == null || device.startsWith("0:")) return Optional.empty(); // major 0: no block device
        try {
            Path dev = root.resolve("sys/dev/block").resolve(device).toRealPath();
            return Optional.of(Files.exists(dev.resolve("partition")) ? dev.getParent() : dev);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<Storage> classify(Path disk) {
        String name = disk.getFileName().toString();
        Optional<String> rotational = read(disk.resolve("queue/rotational"));
        if (rotational.isEmpty()) return Optional.empty();
        String source = "/sys/block/" + name + "/queue/rotational = " + rotational.get();
        if (rotational.get().equals("1")) {
            boolean virtual = name.startsWith("vd") || name.startsWith("xvd");
            return Optional.of(new Storage(StorageType.HDD, source + (virtual ? " (a virtual disk: it may be backed by SSD;"
                    + " pass the storage type when you know it)" : "")));
        }
        return Optional.of(new Storage(name.startsWith("nvme") ? StorageType.NVME : StorageType.SSD, source));
    }

    /** No device for the path: any spinning physical disk makes it hdd, all-NVMe makes it nvme. */
    private Optional<Storage> fromDisks() {
        List<Path> disks = new ArrayList<>();
        try (Stream<Path> all = Files.list(root.resolve("sys/block"))) {
            all.filter(d -> VIRTUAL.stream().noneMatch(v -> d.getFileName().toString().startsWith(v))).sorted().forEach(disks::add);
        } catch (IOException e) {
            return Optional.empty();
        }
        List<Storage> kinds = disks.stream().map(this::classify).flatMap(Optional::stream).toList();
        if (kinds.isEmpty()) return Optional.empty();
        return kinds.stream().filter(k -> k.type() == StorageType.HDD).findFirst()
                .or(() -> kinds.stream().filter(k -> k.type() == StorageType.SSD).findFirst())
                .or(() -> Optional.of(kinds.get(0)))
                .map(k -> new Storage(k.type(), k.source() + " (the path's filesystem has no block device: judged from the machine's disks)"));
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(s.charAt(i));
            }
        }
        return sb.toString();
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file).strip());
        } catch (IOException e) {
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
