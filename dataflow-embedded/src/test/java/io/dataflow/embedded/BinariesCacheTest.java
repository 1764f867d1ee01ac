package io.dataflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(300)
class BinariesCacheTest {

    @TempDir
    Path base;

    @Test
    void unpacksOnceWithExecutableBitsAndSymlinks() throws Exception {
        ServerUser user = ServerUser.current();
        long started = System.nanoTime();
        // Two starters at once: the lock lets one unpack and the other reuse the result.
        CompletableFuture<Binaries> a = CompletableFuture.supplyAsync(() -> BinariesCache.ensure(base, user));
        CompletableFuture<Binaries> b = CompletableFuture.supplyAsync(() -> BinariesCache.ensure(base, user));
        Path home = a.get().home();
        assertThat(b.get().home()).isEqualTo(home);
        long firstMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(home).isEqualTo(base.resolve("pg-17.6.0"));
        for (String tool : new String[] {"initdb", "pg_ctl", "postgres"}) {
            assertThat(Files.getPosixFilePermissions(home.resolve("bin").resolve(tool)))
                    .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        }
        assertThat(Files.isSymbolicLink(home.resolve("lib/libpq.so"))).isTrue();
        assertThat(Files.readSymbolicLink(home.resolve("lib/libpq.so"))).isEqualTo(Path.of("libpq.so.5.17"));
        assertThat(home.resolve("lib/postgresql/pg_stat_statements.so")).exists();
        assertThat(Files.getPosixFilePermissions(home.resolve("share")))
                .contains(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);
        try (var leftovers = Files.list(base)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
        }

        started = System.nanoTime();
        Binaries cached = BinariesCache.ensure(base, user);
        long cachedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(cached.home()).isEqualTo(home);
        assertThat(cached.version()).isEqualTo("17.6");
        System.out.printf("unpack took %d ms, cached lookup %d ms%n", firstMs, cachedMs);
    }
}
