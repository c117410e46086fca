package dev.tributary.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JvmHeapTest {

    @Test
    void sumsSurvivorEdenAndOldInUseFromJstat() {
        String out = """
                    S0C         S1C         S0U         S1U          EC           EU           OC           OU          MC         MU       CCSC      CCSU     YGC     YGCT     FGC    FGCT     CGC    CGCT       GCT  \s
                        0.0         0.0         0.0       512.0      28672.0       1024.0      57344.0      40960.5    65536.0    64000.0   8192.0   7800.0      12     0.100     2     0.300     4     0.010     0.410
                """;
        assertThat(JvmHeap.usedBytes(out)).isEqualTo(Math.round((512.0 + 1024.0 + 40960.5) * 1024));
    }

    @Test
    void saysWhatItGotWhenJstatPrintsNoFigures() {
        assertThatThrownBy(() -> JvmHeap.usedBytes("12345 not found\n"))
                .hasMessageContaining("unexpected jstat -gc output").hasMessageContaining("12345 not found");
    }
}
