package org.remotefs.core.exec;

/**
 * A child for {@link ExecCommandRunnerStreamingTest}: prints each argument followed by a carriage
 * return, as {@code qemu-img -p} redraws its progress, waiting between them; no line feed until the end.
 */
public final class SlowPrinterMain {
    private SlowPrinterMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        long pauseMillis = Long.parseLong(args[0]);
        for (int i = 1; i < args.length; i++) {
            System.out.print(args[i] + "\r");
            System.out.flush();
            Thread.sleep(pauseMillis);
        }
        System.out.print("\n");
        System.out.flush();
    }
}
