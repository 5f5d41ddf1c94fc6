package org.remotefs.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.remotefs.api.spi.ProgressEvent;

final class OperationProgressTest {
    private final List<ProgressEvent> events = new ArrayList<>();
    private final OperationProgress progress = new OperationProgress(events::add);

    private List<Integer> percents() {
        return events.stream().map(ProgressEvent::percent).toList();
    }

    @Test
    void eachWholePercentIsToldOnceRisingAndSuccessEndsAtAHundred() {
        try (OperationProgress.Operation operation = progress.start("create_cloned_volume", "v1")) {
            progress.fraction(0, -1, -1);
            progress.fraction(0.004, -1, -1);
            progress.fraction(0.256, -1, -1);
            progress.fraction(0.2, -1, -1);
            progress.fraction(0.999, -1, -1);
            operation.succeeded();
        }

        assertThat(percents()).containsExactly(0, 25, 99, 100);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.operation()).isEqualTo("create_cloned_volume");
            assertThat(event.volumeId()).isEqualTo("v1");
        });
    }

    @Test
    void partsShareTheWholeInOrder() {
        try (OperationProgress.Operation operation = progress.start("copy_image_to_volume", "v1")) {
            try (OperationProgress.Part download = progress.part(0, 50)) {
                progress.bytes().progress(50, 100);
                progress.bytes().progress(100, 100);
            }
            try (OperationProgress.Part conversion = progress.part(50, 100)) {
                // a conversion through raw: two halves of the second half
                try (OperationProgress.Part first = progress.part(0, 50)) {
                    progress.fraction(1, -1, -1);
                }
                try (OperationProgress.Part second = progress.part(50, 100)) {
                    progress.fraction(0.5, -1, -1);
                }
            }
            operation.succeeded();
        }

        assertThat(percents()).containsExactly(25, 50, 75, 87, 100);
        assertThat(events.get(0).bytesDone()).isEqualTo(50);
        assertThat(events.get(0).bytesTotal()).isEqualTo(100);
    }

    @Test
    void anOperationThatReportedNothingEndsSilentlyAndAFailedOneEndsWithoutAHundred() {
        try (OperationProgress.Operation operation = progress.start("create_volume", "sparse")) {
            operation.succeeded();
        }
        try (OperationProgress.Operation operation = progress.start("extend_volume", "failed")) {
            progress.fraction(0.3, -1, -1);
        }

        assertThat(events).extracting(ProgressEvent::volumeId, ProgressEvent::percent)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("failed", 30));
        assertThat(progress.active()).isFalse();
    }

    @Test
    void aStepTakenOnTheOperationsThreadReportsFromAnother() throws InterruptedException {
        try (OperationProgress.Operation operation = progress.start("delete_snapshot", "v1")) {
            OperationProgress.Step step;
            try (OperationProgress.Part second = progress.part(50, 100)) {
                step = progress.step();
            }
            // a process's output reader: no operation of its own
            Thread reader = new Thread(() -> {
                step.fraction(0.5, -1, -1);
                progress.fraction(0.9, -1, -1);
            });
            reader.start();
            reader.join();
            operation.succeeded();
        }

        assertThat(percents()).containsExactly(75, 100);
    }

    @Test
    void anOperationInsideAnotherLeavesTheOuterOneReporting() {
        try (OperationProgress.Operation outer = progress.start("create_volume_from_snapshot", "outer")) {
            try (OperationProgress.Operation inner = progress.start("create_volume", "inner")) {
                progress.fraction(0.5, -1, -1);
                inner.succeeded();
            }
            assertThat(progress.active()).isTrue();
            progress.fraction(0.6, -1, -1);
            outer.succeeded();
        }

        assertThat(events).extracting(ProgressEvent::volumeId).containsOnly("outer");
        assertThat(percents()).containsExactly(50, 60, 100);
    }

    @Test
    void outsideAnOperationNothingIsToldAndADisplayThatFailsFailsNothing() {
        progress.fraction(0.5, -1, -1);
        assertThat(events).isEmpty();

        OperationProgress failing = new OperationProgress(event -> {
            throw new IllegalStateException("terminal gone");
        });
        try (OperationProgress.Operation operation = failing.start("delete_snapshot", "v1")) {
            failing.fraction(0.5, -1, -1);
            operation.succeeded();
        }
        assertThat(failing.active()).isFalse();
    }

    @Test
    void withNobodyListeningNoToolIsAskedForItsProgress() {
        OperationProgress unheard = OperationProgress.none();
        try (OperationProgress.Operation operation = unheard.start("create_cloned_volume", "v1")) {
            assertThat(unheard.active()).isFalse();
        }
        try (OperationProgress.Operation operation = progress.start("create_cloned_volume", "v1")) {
            assertThat(progress.active()).isTrue();
        }
    }
}
