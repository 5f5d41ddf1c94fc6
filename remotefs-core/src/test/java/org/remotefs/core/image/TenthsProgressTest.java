package org.remotefs.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

final class TenthsProgressTest {
    private final List<Integer> reported = new ArrayList<>();
    private final TenthsProgress progress = new TenthsProgress(reported::add);

    @Test
    void aCopyInManySmallStepsReportsEachTenthOnce() {
        long total = 1000;
        for (long done = 0; done <= total; done += 7) {
            progress.progress(done, total);
        }
        progress.progress(total, total);

        assertThat(reported).containsExactly(0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
    }

    @Test
    void largeStepsSkipTenthsAndNeverGoBack() {
        progress.progress(250, 1000);
        progress.progress(240, 1000);
        progress.progress(900, 1000);
        progress.progress(1000, 1000);
        progress.progress(1000, 1000);

        assertThat(reported).containsExactly(20, 90, 100);
    }

    @Test
    void anUnknownTotalOrAnOvershootReportsNothingOrAHundred() {
        progress.progress(500, -1);
        progress.progress(500, 0);
        assertThat(reported).isEmpty();

        progress.progress(5000, 1000);
        assertThat(reported).containsExactly(100);
    }
}
