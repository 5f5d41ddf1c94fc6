package org.remotefs.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.ImageMetadata;
import org.remotefs.api.spi.ProgressListener;
import org.remotefs.core.json.Json;
import org.remotefs.testing.FakeGlance;

/** The Glance client against a Glance stand-in on loopback. */
final class GlanceImageServiceTest {
    @TempDir
    Path dir;

    private static GlanceImageService client(FakeGlance glance, String token) {
        return new GlanceImageService(HttpClient.newHttpClient(), glance.endpoint(), token, Json.mapper(),
                Duration.ofSeconds(30));
    }

    @Test
    void showsDownloadsCreatesAndUploads() throws Exception {
        try (FakeGlance glance = new FakeGlance().start()) {
            byte[] data = new byte[3 << 20];
            data[12345] = 7;
            glance.put("img-1", "cirros", "raw", data);
            GlanceImageService client = client(glance, FakeGlance.TOKEN);

            ImageMetadata shown = client.show("img-1");
            List<Long> progress = new ArrayList<>();
            client.download("img-1", dir.resolve("copy"), (done, total) -> progress.add(done));
            ImageMetadata created = client.create("backup", "raw");
            Files.write(dir.resolve("up"), new byte[] {1, 2, 3});
            client.upload(created.id(), dir.resolve("up"), ProgressListener.none());

            assertThat(shown).isEqualTo(new ImageMetadata("img-1", "cirros", "raw", "bare", data.length, "active"));
            assertThat(Files.readAllBytes(dir.resolve("copy"))).isEqualTo(data);
            assertThat(progress).isNotEmpty().last().isEqualTo((long) data.length);
            assertThat(created.status()).isEqualTo("queued");
            assertThat(glance.image(created.id()).data()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void anUnknownImageIsImageNotFound() throws Exception {
        try (FakeGlance glance = new FakeGlance().start()) {
            assertThatThrownBy(() -> client(glance, FakeGlance.TOKEN).show("nope"))
                    .isInstanceOf(RemoteFsException.class)
                    .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.IMAGE_NOT_FOUND));
            assertThatThrownBy(() -> client(glance, FakeGlance.TOKEN).download("nope", dir.resolve("x"),
                    ProgressListener.none()))
                    .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.IMAGE_NOT_FOUND));
            assertThat(dir.resolve("x")).doesNotExist();
        }
    }

    @Test
    void serviceFailuresAndBadTokensAreImageServiceErrors() throws Exception {
        try (FakeGlance glance = new FakeGlance().start()) {
            glance.put("img-1", "cirros", "raw", new byte[10]);

            assertThatThrownBy(() -> client(glance, "wrong").show("img-1"))
                    .satisfies(e -> {
                        assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.IMAGE_SERVICE_ERROR);
                        assertThat(((RemoteFsException) e).details()).containsEntry("status", "401");
                    });
            glance.failWith(500);
            assertThatThrownBy(() -> client(glance, FakeGlance.TOKEN).show("img-1"))
                    .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.IMAGE_SERVICE_ERROR));
        }
    }

    @Test
    void anUnreachableGlanceIsAnImageServiceError() throws Exception {
        FakeGlance glance = new FakeGlance().start();
        glance.close();

        assertThatThrownBy(() -> client(glance, FakeGlance.TOKEN).show("img-1"))
                .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.IMAGE_SERVICE_ERROR));
    }
}
