package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.remotefs.api.spi.ProgressEvent;
import org.remotefs.core.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

/** What --progress bar and --progress json write on stderr, from the reports a driver makes. */
final class ProgressDisplayTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MIB = 1L << 20;
    private static final String VOLUME = "3f2a9c1e-5b7d-4e0f-9a1b-2c3d4e5f6a7b";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stderr = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private ProgressDisplay json() {
        return new ProgressDisplay(new ProgressJsonLines(stderr, Json.mapper()), clock::get);
    }

    private ProgressDisplay bar() {
        return new ProgressDisplay(new ProgressBar(stderr), clock::get);
    }

    @Test
    void jsonIsOneObjectPerLineWithTheThreeKeysAndRisingPercents() throws Exception {
        ProgressDisplay display = json();
        display.report(new ProgressEvent("create_cloned_volume", VOLUME, 0, -1, -1));
        display.report(new ProgressEvent("create_cloned_volume", VOLUME, 40, -1, -1));
        display.report(new ProgressEvent("create_cloned_volume", VOLUME, 40, -1, -1));
        display.report(new ProgressEvent("create_cloned_volume", VOLUME, 30, -1, -1));
        display.report(new ProgressEvent("create_cloned_volume", VOLUME, 100, -1, -1));
        display.end(true);

        List<String> lines = written().lines().toList();
        assertThat(lines).hasSize(3);
        List<JsonNode> objects = lines.stream().map(ProgressDisplayTest::parse).toList();
        assertThat(objects).allSatisfy(object -> {
            assertThat(object.fieldNames()).toIterable().containsExactly("progress");
            assertThat(object.path("progress").fieldNames()).toIterable().containsExactly("operation", "volume", "percent");
            assertThat(object.path("progress").path("operation").asText()).isEqualTo("create_cloned_volume");
            assertThat(object.path("progress").path("volume").asText()).isEqualTo(VOLUME);
        });
        assertThat(objects).extracting(object -> object.path("progress").path("percent").asInt()).containsExactly(0, 40, 100);
    }

    @Test
    void jsonAddsBytesAndTheStepsRateWhenKnown() {
        ProgressDisplay display = json();
        display.report(new ProgressEvent("copy_image_to_volume", VOLUME, 0, 0, 100 * MIB));
        clock.set(2 * SECOND);
        display.report(new ProgressEvent("copy_image_to_volume", VOLUME, 10, 20 * MIB, 100 * MIB));

        JsonNode second = parse(written().lines().toList().get(1)).path("progress");
        assertThat(second.path("bytes").asLong()).isEqualTo(20 * MIB);
        assertThat(second.path("rate").asLong()).isEqualTo(10 * MIB);
    }

    @Test
    void aSuccessfulCommandEndsEveryOperationShownAtAHundredAndAFailedOneDoesNot() {
        ProgressDisplay succeeded = json();
        succeeded.report(new ProgressEvent("delete_snapshot", VOLUME, 70, -1, -1));
        succeeded.end(true);
        succeeded.end(true);
        assertThat(written().lines().map(ProgressDisplayTest::parse)
                .map(object -> object.path("progress").path("percent").asInt())).containsExactly(70, 100);

        bytes.reset();
        ProgressDisplay failed = json();
        failed.report(new ProgressEvent("delete_snapshot", VOLUME, 70, -1, -1));
        failed.end(false);
        assertThat(written().lines()).hasSize(1);
    }

    @Test
    void theBarRedrawsOneLineWithPercentAndRateAndEndsItAtAHundred() {
        ProgressDisplay display = bar();
        display.report(new ProgressEvent("create_volume", VOLUME, 0, 0, 1024 * MIB));
        clock.set(SECOND);
        display.report(new ProgressEvent("create_volume", VOLUME, 50, 512 * MIB, 1024 * MIB));
        clock.set(2 * SECOND);
        display.report(new ProgressEvent("create_volume", VOLUME, 100, 1024 * MIB, 1024 * MIB));
        display.end(true);

        String text = written();
        assertThat(text).startsWith("\rcreate_volume 3f2a9c1e [....................]   0%")
                .contains("\rcreate_volume 3f2a9c1e [##########..........]  50%  512.0 MiB/s")
                .endsWith("\rcreate_volume 3f2a9c1e [####################] 100%  512.0 MiB/s\n");
        assertThat(text.chars().filter(c -> c == '\n').count()).isEqualTo(1);
        // the longest operation's line, with a rate, fits an 80-column terminal: a wrapped line cannot be redrawn
        bytes.reset();
        ProgressDisplay longest = bar();
        clock.set(0);
        longest.report(new ProgressEvent("create_volume_from_snapshot", VOLUME, 10, 0, 1L << 40));
        clock.set(3 * SECOND);
        longest.report(new ProgressEvent("create_volume_from_snapshot", VOLUME, 11, 3071L * MIB, 1L << 40));
        clock.set(4 * SECOND);
        longest.report(new ProgressEvent("create_volume_from_snapshot", VOLUME, 15, 60L << 30, 1L << 40));
        assertThat(written()).contains(" 1023.7 MiB/s", " 15.0 GiB/s");
        assertThat(written().split("\r")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(79));
    }

    @Test
    void theBarStartsANewLineForAnotherOperationAndWipesALongerLine() {
        ProgressDisplay display = bar();
        display.report(new ProgressEvent("create_volume", VOLUME, 10, 0, 10 * MIB));
        clock.set(SECOND);
        display.report(new ProgressEvent("create_volume", VOLUME, 20, 5 * MIB, 10 * MIB));
        display.report(new ProgressEvent("create_volume", VOLUME, 30, -1, -1));
        display.report(new ProgressEvent("copy_image_to_volume", VOLUME, 5, -1, -1));
        display.end(false);

        // split at line feeds only: the carriage returns are what the bar redraws with
        List<String> lines = List.of(written().split("\n"));
        assertThat(lines).hasSize(2);
        // the rate of the earlier draw is wiped with spaces when a shorter line replaces it
        assertThat(lines.get(0)).endsWith("\rcreate_volume 3f2a9c1e [######..............]  30%" + " ".repeat("  5.0 MiB/s".length()));
        assertThat(lines.get(1)).isEqualTo("\rcopy_image_to_volume 3f2a9c1e [#...................]   5%");
    }

    @Test
    void aLineBreakLetsAWarningStandOnItsOwnLineAndTheBarGoesOnBelow() {
        ProgressDisplay display = bar();
        display.report(new ProgressEvent("delete_snapshot", VOLUME, 10, -1, -1));
        display.breakLine();
        stderr.println("warn: something");
        display.breakLine();
        display.report(new ProgressEvent("delete_snapshot", VOLUME, 20, -1, -1));
        display.end(true);

        assertThat(written().split("\n")).containsExactly(
                "\rdelete_snapshot 3f2a9c1e [##..................]  10%",
                "warn: something",
                "\rdelete_snapshot 3f2a9c1e [####................]  20%\rdelete_snapshot 3f2a9c1e [####################] 100%");
    }

    @Test
    void autoIsABarOnATerminalAndNothingElsewhere() {
        assertThat(ProgressMode.AUTO.resolve(true)).isEqualTo(ProgressMode.BAR);
        assertThat(ProgressMode.AUTO.resolve(false)).isEqualTo(ProgressMode.NONE);
        assertThat(ProgressMode.JSON.resolve(false)).isEqualTo(ProgressMode.JSON);
        assertThat(ProgressMode.BAR.resolve(false)).isEqualTo(ProgressMode.BAR);
        assertThat(ProgressMode.NONE.resolve(true)).isEqualTo(ProgressMode.NONE);
    }

    private static JsonNode parse(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError(line, e);
        }
    }
}
