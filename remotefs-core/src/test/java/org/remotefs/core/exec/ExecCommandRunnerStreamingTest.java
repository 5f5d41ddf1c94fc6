package org.remotefs.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A command's stdout reaches its consumer while the command runs, and its result keeps all of it. */
final class ExecCommandRunnerStreamingTest {
    private final ExecCommandRunner runner = new ExecCommandRunner(new RootHelper(List.of()), Duration.ofSeconds(30));

    private record Chunk(long atNanos, String text) {
    }

    @Test
    void stdoutIsToldChunkByChunkBeforeTheCommandEnds() {
        List<Chunk> chunks = new ArrayList<>();

        CommandResult result = runner.run(slowPrinter(400, "(0.00/100%)", "(50.00/100%)", "(100.00/100%)"), text -> chunks.add(new Chunk(System.nanoTime(), text)));
        long ended = System.nanoTime();

        String told = String.join("", chunks.stream().map(Chunk::text).toList());
        assertThat(told).isEqualTo(result.stdout()).isEqualTo("(0.00/100%)\r(50.00/100%)\r(100.00/100%)\r\n");
        // the first report came while the child was still sleeping between the next two
        assertThat(chunks.get(0).text()).startsWith("(0.00/100%)");
        assertThat(Duration.ofNanos(ended - chunks.get(0).atNanos())).isGreaterThan(Duration.ofMillis(600));
    }

    @Test
    void aConsumerThatFailsLosesTheRestButNotTheCommand() {
        List<String> told = new ArrayList<>();
        CommandResult result = runner.run(slowPrinter(300, "one", "two"), text -> {
            told.add(text);
            throw new IllegalStateException("display gone");
        });

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("one\rtwo\r\n");
        assertThat(told).containsExactly("one\r");
    }

    /** A java child printing each text and a carriage return, pausing after each. */
    private static Command slowPrinter(int pauseMillis, String... texts) {
        List<String> arguments = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SlowPrinterMain.class.getName(),
                Integer.toString(pauseMillis)));
        arguments.addAll(List.of(texts));
        return new Command(arguments, false, null, null);
    }
}
