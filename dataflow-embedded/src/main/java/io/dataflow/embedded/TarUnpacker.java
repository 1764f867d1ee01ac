package io.dataflow.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/** Unpacks an xz-compressed tar into a directory, keeping executable bits and symbolic links. */
final class TarUnpacker {

    private TarUnpacker() {
    }

    static void unpackTxz(InputStream txz, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        List<Path> directories = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new BufferedInputStream(txz, 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = inside(root, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    directories.add(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Path linkTarget = Path.of(entry.getLinkName());
                    inside(root, path.getParent().resolve(linkTarget).toString()); // refuse links out of the tree
                    Files.createSymbolicLink(path, linkTarget);
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createLink(path, inside(root, entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, filePermissions(entry.getMode()));
                }
            }
        }
        // Directories are opened to everyone last: the server may run as another user (nobody) than the unpacker.
        directories.add(root);
        try (var walk = Files.walk(root)) {
            walk.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).forEach(directories::add);
        }
        for (Path dir : directories) {
            Files.setPosixFilePermissions(dir, permissions(0755));
        }
    }

    /** The tar's mode, readable by all; executable by all if executable by anyone. */
    static Set<PosixFilePermission> filePermissions(int tarMode) {
        int mode = (tarMode & 0777) | 0644;
        if ((tarMode & 0111) != 0) {
            mode |= 0111;
        }
        return permissions(mode);
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, high bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                result.add(bits[i]);
            }
        }
        return result;
    }

    /** Resolves an entry name, refusing names that would land outside the target directory. */
    private static Path inside(Path root, String name) throws IOException {
        Path path = root.resolve(name).normalize();
        if (!path.startsWith(root)) {
            throw new IOException("Archive entry escapes the target directory: " + name);
        }
        return path;
    }
}
