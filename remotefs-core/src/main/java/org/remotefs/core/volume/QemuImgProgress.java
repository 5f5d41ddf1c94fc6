package org.remotefs.core.volume;

import java.util.function.DoubleConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.remotefs.core.exec.OutputConsumer;

/**
 * Reads the progress {@code qemu-img convert|commit|rebase -p} prints on stdout as it comes:
 * {@code "    (12.34/100%)"} redrawn with carriage returns, a line feed at the end. Chunks may
 * split a report anywhere; a report is read when the carriage return or line feed after it
 * arrives, so a half-written number is never taken. Not thread-safe: one command, one instance.
 */
public final class QemuImgProgress implements OutputConsumer {
    private static final Pattern REPORT = Pattern.compile("\\((\\d{1,3}(?:\\.\\d+)?)/100%\\)");
    // a line is never longer than this in qemu-img's output; anything longer is not progress
    private static final int LONGEST = 256;

    private final DoubleConsumer percent;
    private final StringBuilder pending = new StringBuilder();

    /** @param percent told each report, 0 to 100, in the order printed */
    public QemuImgProgress(DoubleConsumer percent) {
        this.percent = percent;
    }

    @Override
    public void accept(String chunk) {
        for (int i = 0; i < chunk.length(); i++) {
            char c = chunk.charAt(i);
            if (c == '\r' || c == '\n') {
                line(pending);
                pending.setLength(0);
            } else {
                if (pending.length() == LONGEST) {
                    // no progress line is this long: keep only its end, where a report may still come
                    pending.delete(0, LONGEST / 2);
                }
                pending.append(c);
            }
        }
    }

    private void line(CharSequence text) {
        Matcher matcher = REPORT.matcher(text);
        if (matcher.find()) {
            double value = Double.parseDouble(matcher.group(1));
            if (value <= 100) {
                percent.accept(value);
            }
        }
    }
}
