package org.remotefs.core.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Reads qemu-img's -p output as qemu-img 7.2 prints it (captured from convert and commit). */
final class QemuImgProgressTest {
    /** {@code qemu-img convert -p} of a 256 MiB raw file with data in six places, byte for byte. */
    private static final String CONVERT = "    (0.00/100%)\r    (16.67/100%)\r    (33.33/100%)\r    (50.00/100%)\r"
            + "    (66.67/100%)\r    (83.33/100%)\r    (100.00/100%)\r    (100.00/100%)\r\n";

    private final List<Double> reported = new ArrayList<>();
    private final QemuImgProgress progress = new QemuImgProgress(reported::add);

    @Test
    void everyReportOfAWholeOutputIsRead() {
        progress.accept(CONVERT);

        assertThat(reported).containsExactly(0.0, 16.67, 33.33, 50.0, 66.67, 83.33, 100.0, 100.0);
    }

    @Test
    void chunksSplitAnywhereGiveTheSameReportsAndNoHalfNumber() {
        // every split of the output in three chunks
        for (int first = 0; first < CONVERT.length(); first += 3) {
            for (int second = first; second < CONVERT.length(); second += 7) {
                List<Double> split = new ArrayList<>();
                QemuImgProgress reader = new QemuImgProgress(split::add);
                reader.accept(CONVERT.substring(0, first));
                reader.accept(CONVERT.substring(first, second));
                reader.accept(CONVERT.substring(second));
                assertThat(split).as("split at %d and %d", first, second)
                        .containsExactly(0.0, 16.67, 33.33, 50.0, 66.67, 83.33, 100.0, 100.0);
            }
        }
    }

    @Test
    void aReportIsReadOnlyWhenItsCarriageReturnArrives() {
        progress.accept("    (12.5");
        assertThat(reported).isEmpty();
        progress.accept("0/100%)");
        assertThat(reported).isEmpty();
        progress.accept("\r    (25.00/100%)");

        assertThat(reported).containsExactly(12.5);
    }

    @Test
    void otherLinesAndImpossibleNumbersAreNotProgress() {
        progress.accept("Image resized.\nqemu-img: warning: (50/200%)\n    (250.00/100%)\r    (7/100%)\n");

        assertThat(reported).containsExactly(7.0);
    }

    @Test
    void anEndlessLineDoesNotGrowWithoutBound() {
        progress.accept("x".repeat(1_000_000));
        progress.accept("    (40.00/100%)\r");

        // the long line is cut, not kept whole; the report after its end is read as usual
        assertThat(reported).containsExactly(40.0);
    }
}
