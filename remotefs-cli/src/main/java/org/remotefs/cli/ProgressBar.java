package org.remotefs.cli;

import java.io.PrintStream;
import java.util.Locale;

import org.remotefs.api.spi.ProgressEvent;

/**
 * Draws progress as one line on a terminal, redrawn in place with a carriage return:
 * {@code create_cloned_volume <volume> [#######.......]  45%  120.3 MiB/s}. A new operation, or
 * 100 %, ends the line, so each finished operation stays on screen as one line.
 */
final class ProgressBar implements ProgressDisplay.ProgressRenderer {
    private static final int WIDTH = 30;
    private static final double MIB = 1024 * 1024;

    private final PrintStream stderr;
    private String drawing;
    private int drawnLength;

    ProgressBar(PrintStream stderr) {
        this.stderr = stderr;
    }

    @Override
    public void show(ProgressEvent event, double bytesPerSecond) {
        String owner = event.operation() + " " + event.volumeId();
        if (drawing != null && !drawing.equals(owner)) {
            end();
        }
        int filled = event.percent() * WIDTH / 100;
        String line = owner + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", event.percent())
                + (bytesPerSecond >= 0 ? String.format(Locale.ROOT, "  %.1f MiB/s", bytesPerSecond / MIB) : "");
        // spaces wipe what a longer line before left behind
        stderr.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        stderr.flush();
        drawing = owner;
        drawnLength = line.length();
        if (event.percent() == 100) {
            end();
        }
    }

    @Override
    public void end() {
        if (drawing != null) {
            stderr.println();
            drawing = null;
            drawnLength = 0;
        }
    }
}
