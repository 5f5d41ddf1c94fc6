package org.remotefs.core.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional reads of image metadata: the one loop every in-process reader of image files shares. */
final class ChannelReads {
    private ChannelReads() {
    }

    /**
     * Up to {@code size} bytes at {@code position} (fewer at the end of the file), as a buffer from
     * index 0; the channel's own position is not moved.
     */
    static ByteBuffer readAt(FileChannel channel, long position, int size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.flip();
    }
}
