package io.dataflow.connect;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * The project an embedded server belongs to, so that two applications on one machine never share a
 * data directory or a database by accident: the top of the git work tree the process runs in (the
 * IDE's run and {@code mvn test} of any module then share one server), else the working directory.
 *
 * @param root the project's directory (absolute, normalized)
 * @param name its last path element, as given
 */
public record EmbeddedProject(Path root, String name) {

    /** Names a project's database must not take: PostgreSQL's own databases. */
    private static final Set<String> RESERVED = Set.of("postgres", "template0", "template1");
    private static final int MAX_IDENTIFIER = 63;

    /** The project of this process's working directory. */
    public static EmbeddedProject current() {
        return of(Path.of("").toAbsolutePath());
    }

    /** The nearest directory at or above {@code workingDirectory} holding {@code .git}, else {@code workingDirectory}. */
    public static EmbeddedProject of(Path workingDirectory) {
        Path start = workingDirectory.toAbsolutePath().normalize();
        Path root = start;
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"))) {
                root = dir;
                break;
            }
        }
        Path leaf = root.getFileName();
        return new EmbeddedProject(root, leaf == null ? "root" : leaf.toString());
    }

    /**
     * The directory name of this project's server under the embedded base: its name plus a hash of its
     * path, since two checkouts named alike (two {@code app} directories) are still two projects.
     */
    public String directoryName() {
        String readable = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "_");
        if (readable.isEmpty() || readable.startsWith(".")) readable = "project" + readable;
        if (readable.length() > 40) readable = readable.substring(0, 40);
        return readable + "-" + hash(root.toString()).substring(0, 10);
    }

    /**
     * The database on the embedded server: the project's name as a plain lower-case identifier
     * ({@code my-shop} becomes {@code my_shop}), {@code dataflow} when nothing usable remains.
     */
    public String databaseName() {
        String id = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+|_+$", "");
        if (id.isEmpty()) return EmbeddedServers.DATABASE;
        if (Character.isDigit(id.charAt(0))) id = "p_" + id;
        if (id.length() > MAX_IDENTIFIER) id = id.substring(0, MAX_IDENTIFIER);
        if (RESERVED.contains(id)) id = id + "_app";
        return id;
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
