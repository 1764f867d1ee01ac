package io.dataflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlowException;
import org.junit.jupiter.api.Test;

class DashboardOptionsTest {

    @Test
    void defaultsBindLoopbackReadOnly() {
        DashboardOptions o = DashboardOptions.defaults();
        assertThat(o.host()).isEqualTo("127.0.0.1");
        assertThat(o.allowActions()).isFalse();
        assertThatCode(o::checkSafe).doesNotThrowAnyException();
    }

    @Test
    void bindTakesHostPortOrAPort() {
        assertThat(DashboardOptions.defaults().bind("0.0.0.0:9000").host()).isEqualTo("0.0.0.0");
        assertThat(DashboardOptions.defaults().bind("9000").port()).isEqualTo(9000);
        assertThat(DashboardOptions.defaults().bind("9000").host()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> DashboardOptions.defaults().bind("host:http")).isInstanceOf(DataFlowException.class).hasMessageContaining("HOST:PORT");
    }

    @Test
    void anyOtherAddressNeedsCredentials() {
        DashboardOptions open = DashboardOptions.defaults().bind("0.0.0.0:9000");
        assertThatThrownBy(open::checkSafe).isInstanceOf(DataFlowException.class).hasMessageContaining("without credentials");
        assertThatCode(open.token("t")::checkSafe).doesNotThrowAnyException();
        assertThatCode(open.basicAuth("u", "p")::checkSafe).doesNotThrowAnyException();
    }

    @Test
    void basicAuthNeedsBothParts() {
        assertThatThrownBy(() -> DashboardOptions.defaults().basicAuth("u", null)).isInstanceOf(DataFlowException.class)
                .hasMessageContaining("both a user and a password");
    }
}
