package io.dataflow.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlow;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DataFlow.calculateMemoryConfig is the guide's Python, value for value (expected values printed by the Python itself). */
class TuneGuideMemoryConfigTest {

    @ParameterizedTest(name = "{0} GB")
    @CsvSource({
            "16,   4GB,  12GB,  163MB,  819MB",
            "7.5,  1GB,  5GB,   76MB,   384MB",
            "1,    0GB,  0GB,   10MB,   51MB",
            "1.1,  0GB,  0GB,   11MB,   56MB",
            "3,    0GB,  2GB,   30MB,   153MB",
            "12.3, 3GB,  9GB,   125MB,  629MB",
            "64,   16GB, 48GB,  655MB,  3276MB",
            "100,  25GB, 75GB,  1024MB, 5120MB",
            "250,  62GB, 187GB, 2560MB, 12800MB",
            "0,    0GB,  0GB,   0MB,    0MB"})
    void matchesThePython(double ram, String shared, String cache, String work, String maintenance) {
        assertThat(DataFlow.calculateMemoryConfig(ram)).containsExactly(
                Map.entry("shared_buffers", shared), Map.entry("effective_cache_size", cache),
                Map.entry("work_mem", work), Map.entry("maintenance_work_mem", maintenance));
    }

    @Test
    void refusesWhatPythonsIntCannotTake() {
        assertThatThrownBy(() -> DataFlow.calculateMemoryConfig(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataFlow.calculateMemoryConfig(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataFlow.calculateMemoryConfig(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
