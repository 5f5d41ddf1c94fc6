package org.remotefs.core.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.ImageMetadata;
import org.remotefs.api.spi.ImageService;
import org.remotefs.api.spi.ProgressListener;
import org.remotefs.core.keystone.AuthenticatedHttp;
import org.remotefs.core.keystone.IoFailures;
import org.remotefs.core.keystone.StaticToken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Glance v2 client on the JDK's HTTP client: {@code GET /v2/images/{id}},
 * {@code GET /v2/images/{id}/file}, {@code POST /v2/images}, {@code PUT /v2/images/{id}/file},
 * authenticated by {@code X-Auth-Token} (a static token or Keystone's, see {@link AuthenticatedHttp}).
 * Glance stores what is uploaded on its own side: the source's file mode has no meaning there and
 * is not sent.
 */
public final class GlanceImageService implements ImageService {
    private static final int BUFFER = 1 << 20;

    private final AuthenticatedHttp http;
    private final ObjectMapper mapper;
    private final Duration timeout;

    /** With a static token. */
    public GlanceImageService(HttpClient client, URI endpoint, String token, ObjectMapper mapper, Duration timeout) {
        this(new AuthenticatedHttp(client, new StaticToken(endpoint, token)), mapper, timeout);
    }

    /** With the endpoint and tokens {@code http} has (a static token or Keystone's). */
    public GlanceImageService(AuthenticatedHttp http, ObjectMapper mapper, Duration timeout) {
        this.http = http;
        this.mapper = mapper;
        this.timeout = timeout;
    }

    @Override
    public ImageMetadata show(String imageId) {
        HttpResponse<byte[]> response = send("GET", "v2/images/" + encode(imageId), null, null,
                HttpResponse.BodyHandlers.ofByteArray(), imageId);
        return metadata(json(response.body()));
    }

    @Override
    public void download(String imageId, Path target, ProgressListener progress) {
        HttpResponse<InputStream> response = send("GET", "v2/images/" + encode(imageId) + "/file", null, null,
                HttpResponse.BodyHandlers.ofInputStream(), imageId);
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        byte[] buffer = new byte[BUFFER];
        long done = 0;
        try (InputStream in = response.body();
             OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
                done += read;
                progress.progress(done, total);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException ignored) {
                // best effort on a failure path
            }
            throw new RemoteFsException(ErrorCode.IMAGE_SERVICE_ERROR, "download of image " + imageId + " failed: " + e,
                    Map.of("image_id", imageId), e);
        }
        if (total >= 0 && done != total) {
            throw new RemoteFsException(ErrorCode.IMAGE_SERVICE_ERROR,
                    "download of image " + imageId + " ended after " + done + " of " + total + " bytes",
                    Map.of("image_id", imageId));
        }
    }

    @Override
    public ImageMetadata create(String name, String diskFormat) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("disk_format", diskFormat);
        body.put("container_format", "bare");
        try {
            byte[] bytes = mapper.writeValueAsBytes(body);
            return metadata(json(send("POST", "v2/images", "application/json",
                    () -> HttpRequest.BodyPublishers.ofByteArray(bytes), HttpResponse.BodyHandlers.ofByteArray(),
                    name).body()));
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.IMAGE_SERVICE_ERROR, "cannot create image " + name + ": " + e,
                    Map.of("image_name", String.valueOf(name)), e);
        }
    }

    @Override
    public void upload(String imageId, Path source, ProgressListener progress) {
        try {
            long total = Files.size(source);
            send("PUT", "v2/images/" + encode(imageId) + "/file", "application/octet-stream", () -> {
                try {
                    return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofFile(source), total);
                } catch (java.io.FileNotFoundException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, HttpResponse.BodyHandlers.discarding(), imageId);
            progress.progress(total, total);
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.IMAGE_SERVICE_ERROR, "upload of image " + imageId + " failed: " + e,
                    Map.of("image_id", imageId), e);
        }
    }

    @Override
    public void delete(String imageId) {
        try {
            send("DELETE", "v2/images/" + encode(imageId), null, null, HttpResponse.BodyHandlers.discarding(), imageId);
        } catch (RemoteFsException e) {
            if (e.code() != ErrorCode.IMAGE_NOT_FOUND) {
                throw e;
            }
        }
    }

    /** One call; a body (null: none) is published anew for a retry with a fresh token. */
    private <T> HttpResponse<T> send(String method, String path, String contentType,
                                     Supplier<HttpRequest.BodyPublisher> body, HttpResponse.BodyHandler<T> handler,
                                     String imageId) {
        HttpResponse<T> response;
        try {
            response = http.send(base -> {
                HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                        .header("Accept", "application/json")
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body.get());
                return contentType == null ? builder : builder.header("Content-Type", contentType);
            }, handler);
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.IMAGE_SERVICE_ERROR, method + " " + http.where(path)
                    + " failed: " + IoFailures.describe(e), Map.of("image_id", String.valueOf(imageId)), e);
        } catch (java.io.UncheckedIOException e) {
            throw new RemoteFsException(ErrorCode.IMAGE_SERVICE_ERROR, method + " " + path + " failed: "
                    + IoFailures.describe(e.getCause()), Map.of("image_id", String.valueOf(imageId)), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteFsException(ErrorCode.IMAGE_SERVICE_ERROR, "interrupted: " + method + " " + path,
                    Map.of("image_id", String.valueOf(imageId)), e);
        }
        HttpRequest request = response.request();
        if (response.statusCode() == 404) {
            throw new RemoteFsException(ErrorCode.IMAGE_NOT_FOUND, "Glance has no image " + imageId,
                    Map.of("image_id", String.valueOf(imageId)));
        }
        if (response.statusCode() / 100 != 2) {
            throw new RemoteFsException(ErrorCode.IMAGE_SERVICE_ERROR,
                    request.method() + " " + request.uri() + " answered HTTP " + response.statusCode(),
                    Map.of("image_id", String.valueOf(imageId), "status", Integer.toString(response.statusCode())));
        }
        return response;
    }

    private JsonNode json(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.IMAGE_SERVICE_ERROR, "Glance answered no JSON: " + e, Map.of(), e);
        }
    }

    private static ImageMetadata metadata(JsonNode image) {
        return new ImageMetadata(image.path("id").asText(), text(image, "name"), text(image, "disk_format"),
                text(image, "container_format"), image.path("size").isNumber() ? image.path("size").asLong() : -1,
                text(image, "status"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String encode(String id) {
        return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
