package org.remotefs.cli;

import java.io.PrintStream;
import java.util.Locale;

import org.remotefs.api.spi.ProgressEvent;

/**
 * Draws progress as one line on a terminal, redrawn in place with a carriage return:
 * {@code create_cloned_volume 3f2a9c1e [#########...........]  45%  120.3 MiB/s}. The line must
 * fit in 80 columns — a wrapped line cannot be redrawn with a carriage return — so the volume is
 * shown by the first 8 characters of its id, as git shows a commit (JSON lines carry it whole).
 * A new operation, or 100 %, ends the line, so each finished operation stays on screen as one line.
 */
final class ProgressBar implements ProgressDisplay.ProgressRenderer {
    private static final int WIDTH = 20;
    private static final int SHOWN_ID = 8;
    private static final double MIB = 1024 * 1024;

    private final PrintStream stderr;
    private String drawing;
    private int drawnLength;

    ProgressBar(PrintStream stderr) {
        this.stderr = stderr;
    }

    @Override
    public void show(ProgressEvent event, double bytesPerSecond) {
        String id = event.volumeId();
        String owner = event.operation() + " " + (id.length() > SHOWN_ID ? id.substring(0, SHOWN_ID) : id);
        if (drawing != null && !drawing.equals(owner)) {
            end();
        }
        int filled = event.percent() * WIDTH / 100;
        String line = owner + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", event.percent())
                + (bytesPerSecond >= 0 ? "  " + rate(bytesPerSecond) : "");
        // spaces wipe what a longer line before left behind
        stderr.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        stderr.flush();
        drawing = owner;
        drawnLength = line.length();
        if (event.percent() == 100) {
            end();
        }
    }

    /** MiB/s below a GiB/s, GiB/s above: at most {@code 1023.9 MiB/s} wide, so the line stays within 80 columns. */
    private static String rate(double bytesPerSecond) {
        double mib = bytesPerSecond / MIB;
        return mib < 1023.95 ? String.format(Locale.ROOT, "%.1f MiB/s", mib)
                : String.format(Locale.ROOT, "%.1f GiB/s", mib / 1024);
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
