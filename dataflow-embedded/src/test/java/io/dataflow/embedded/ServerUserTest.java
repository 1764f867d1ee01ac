package io.dataflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerUserTest {

    @Test
    void commandsRunUnchangedWhenNotRoot() {
        assertThat(new ServerUser(false).command(List.of("/x/pg_ctl", "status"))).containsExactly("/x/pg_ctl", "status");
    }

    @Test
    void rootRunsCommandsAsNobody() {
        List<String> wrapped = new ServerUser(true).command(List.of("/x/pg_ctl", "-D", "/data dir", "status"));
        if (wrapped.get(0).endsWith("runuser")) {
            assertThat(wrapped).containsExactly(wrapped.get(0), "-u", "nobody", "--", "/x/pg_ctl", "-D", "/data dir", "status");
        } else {
            assertThat(wrapped).containsExactly(wrapped.get(0), "-s", "/bin/sh", "nobody", "-c", "'/x/pg_ctl' '-D' '/data dir' 'status'");
        }
    }

    @Test
    void shellQuotingSurvivesSingleQuotes() {
        assertThat(ServerUser.shellQuote("it's")).isEqualTo("'it'\"'\"'s'");
    }

    @Test
    void effectiveUidMatchesTheUserName() {
        assertThat(ServerUser.effectiveUid() == 0).isEqualTo("root".equals(System.getProperty("user.name")));
    }
}
