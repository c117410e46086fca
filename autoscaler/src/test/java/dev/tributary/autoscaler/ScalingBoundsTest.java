package dev.tributary.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScalingBoundsTest {

    @Test
    void partitionsCapTheCountEvenAboveMax() {
        ScalingBounds bounds = new ScalingBounds(1, 64, 12, 1);
        assertThat(bounds.maxTaskManagers()).isEqualTo(12);
        assertThat(bounds.clamp(40)).isEqualTo(12);
    }

    @Test
    void slotsDivideTheParallelismIntoTaskManagers() {
        ScalingBounds bounds = new ScalingBounds(3, 8, 24, 2);
        assertThat(bounds.minTaskManagers()).isEqualTo(2);
        assertThat(bounds.maxTaskManagers()).isEqualTo(4);
    }

    @Test
    void minAbovePartitionsYieldsToThePartitionsAndSaysSo() {
        ScalingBounds bounds = new ScalingBounds(8, 8, 6, 1);
        assertThat(bounds.minAbovePartitions()).isTrue();
        assertThat(bounds.minTaskManagers()).isEqualTo(6);
        assertThat(bounds.maxTaskManagers()).isEqualTo(6);
    }

    @Test
    void neverZeroEvenWithMoreSlotsThanPartitions() {
        ScalingBounds bounds = new ScalingBounds(1, 4, 2, 4);
        assertThat(bounds.clamp(0)).isEqualTo(1);
        assertThat(bounds.maxTaskManagers()).isEqualTo(1);
    }

    @Test
    void spreadEfficiencyIsOneOnlyWhenPartitionsDivideEvenly() {
        ScalingBounds bounds = new ScalingBounds(1, 24, 24, 1);
        assertThat(bounds.spreadEfficiency(6)).isEqualTo(1.0);
        assertThat(bounds.spreadEfficiency(8)).isEqualTo(1.0);
        // 7 readers over 24 partitions: the busiest has 4, so the seventh adds nothing over 6
        assertThat(7 * bounds.spreadEfficiency(7)).isEqualTo(6 * bounds.spreadEfficiency(6));
    }

    @Test
    void rejectsNonPositiveFiguresNamingThem() {
        assertThatThrownBy(() -> new ScalingBounds(1, 4, 0, 1)).hasMessageContaining("partitions");
    }
}
