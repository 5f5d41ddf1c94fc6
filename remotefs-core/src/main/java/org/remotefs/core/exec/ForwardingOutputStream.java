package org.remotefs.core.exec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps what a child writes (for its {@link CommandResult}) and tells each chunk to a consumer as
 * the pump delivers it. A consumer that fails loses the rest of the chunks, never the command.
 */
final class ForwardingOutputStream extends OutputStream {
    private final ByteArrayOutputStream kept;
    private final OutputConsumer consumer;
    private boolean consumerFailed;

    ForwardingOutputStream(ByteArrayOutputStream kept, OutputConsumer consumer) {
        this.kept = kept;
        this.consumer = consumer;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        kept.write(bytes, offset, length);
        if (consumerFailed || length == 0) {
            return;
        }
        try {
            consumer.accept(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
        } catch (RuntimeException e) {
            consumerFailed = true;
        }
    }
}
