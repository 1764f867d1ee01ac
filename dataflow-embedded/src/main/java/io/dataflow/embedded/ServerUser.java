package io.dataflow.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who the PostgreSQL processes run as. PostgreSQL refuses to run as root, so when this JVM is root
 * initdb and pg_ctl run as {@code nobody}, and the directories the server writes are handed to it.
 */
final class ServerUser {

    static final String SERVER_ACCOUNT = "nobody";

    private static final Logger log = LoggerFactory.getLogger(ServerUser.class);
    private static final List<String> RUNUSER = List.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser");
    private static final List<String> SU = List.of("/bin/su", "/usr/bin/su");

    private final boolean root;

    ServerUser(boolean root) {
        this.root = root;
    }

    static ServerUser current() {
        return new ServerUser(effectiveUid() == 0);
    }

    boolean isRoot() {
        return root;
    }

    /** The command as the server account runs it: unchanged unless we are root. */
    List<String> command(List<String> command) {
        if (!root) {
            return command;
        }
        Optional<String> runuser = firstExecutable(RUNUSER);
        if (runuser.isPresent()) {
            List<String> wrapped = new ArrayList<>(List.of(runuser.get(), "-u", SERVER_ACCOUNT, "--"));
            wrapped.addAll(command);
            return wrapped;
        }
        // su takes a single shell string, so every argument is quoted.
        String su = firstExecutable(SU).orElseThrow(() -> new IllegalStateException(
                "Running as root, but neither runuser nor su was found to run PostgreSQL as '" + SERVER_ACCOUNT
                        + "'. Run as a non-root user or give a database URL (--url or DATABASE_URL) instead."));
        String joined = command.stream().map(ServerUser::shellQuote).collect(Collectors.joining(" "));
        return List.of(su, "-s", "/bin/sh", SERVER_ACCOUNT, "-c", joined);
    }

    /** Gives a directory the server writes into to the server account, private to it (0700). */
    void handOver(Path directory) throws IOException {
        if (!root) {
            return;
        }
        Files.setOwner(directory, serverAccount(directory));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    }

    boolean ownsAsServer(Path path) throws IOException {
        return Files.getOwner(path).equals(serverAccount(path));
    }

    /** Lets the server account walk down to {@code path}: adds o+x to each ancestor that lacks it. */
    void makeReachable(Path path) throws IOException {
        if (!root) {
            return;
        }
        UserPrincipal server = serverAccount(path);
        for (Path dir = path.toAbsolutePath().normalize().getParent(); dir != null; dir = dir.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
            boolean serverOwnsIt = Files.getOwner(dir).equals(server) && perms.contains(PosixFilePermission.OWNER_EXECUTE);
            if (!serverOwnsIt && !perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                perms.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(dir, perms);
                log.warn("Added o+x to {} so that PostgreSQL, running as '{}', can reach {}", dir, SERVER_ACCOUNT, path);
            }
        }
    }

    static String shellQuote(String argument) {
        return "'" + argument.replace("'", "'\"'\"'") + "'";
    }

    /** From /proc (no process needed); {@code id -u} where /proc is missing. */
    static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Could not read /proc/self/status, asking id -u", e);
        }
        ProcessRunner.Result id = ProcessRunner.run(List.of("id", "-u"), Duration.ofSeconds(10));
        if (!id.ok()) {
            throw new IllegalStateException("Could not determine the user id: " + id.describe());
        }
        return Long.parseLong(id.output().strip());
    }

    private static UserPrincipal serverAccount(Path onFileSystemOf) throws IOException {
        return onFileSystemOf.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVER_ACCOUNT);
    }

    private static Optional<String> firstExecutable(List<String> candidates) {
        return candidates.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }
}
