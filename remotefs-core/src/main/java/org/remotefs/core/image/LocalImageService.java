package org.remotefs.core.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.function.Supplier;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.ImageMetadata;
import org.remotefs.api.spi.ImageService;
import org.remotefs.api.spi.ProgressListener;
import org.remotefs.core.volume.ImageHeaderReader;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Images as files in one directory, the embedded default: the image id is the file name, so
 * dropping {@code cirros.qcow2} into the directory makes an image {@code cirros.qcow2}. An optional
 * sidecar {@code <id>.meta.json} holds the name and disk format of uploaded images; without it the
 * disk format is what the file's header says. An uploaded image gets its source's permission bits.
 */
public final class LocalImageService implements ImageService {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");
    private static final String SIDECAR = ".meta.json";
    private static final int BUFFER = 1 << 20;
    private static final byte[] ZEROS = new byte[BUFFER];

    private final Path directory;
    /** Made when a sidecar is first written or read: a command that copies no image never sets Jackson up. */
    private final Supplier<ObjectMapper> mapper;
    private final ImageHeaderReader headers;

    public LocalImageService(Path directory, ObjectMapper mapper, ImageHeaderReader headers) {
        this(directory, () -> mapper, headers);
    }

    /** @param mapper asked for when a sidecar is first written or read */
    public LocalImageService(Path directory, Supplier<ObjectMapper> mapper, ImageHeaderReader headers) {
        this.directory = directory.toAbsolutePath().normalize();
        this.mapper = mapper;
        this.headers = headers;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public ImageMetadata show(String imageId) {
        Path file = file(imageId);
        Map<String, String> meta = sidecar(imageId);
        try {
            String format = meta.getOrDefault("disk_format", headers.read(file).format().qemuName());
            return new ImageMetadata(imageId, meta.getOrDefault("name", imageId), format, "bare", Files.size(file), "active");
        } catch (IOException e) {
            throw error("cannot read image " + imageId, e);
        }
    }

    @Override
    public void download(String imageId, Path target, ProgressListener progress) {
        Path file = file(imageId);
        try {
            copy(file, target, progress);
        } catch (IOException e) {
            deleteQuietly(target);
            throw error("cannot copy image " + imageId + " to " + target, e);
        }
    }

    @Override
    public ImageMetadata create(String name, String diskFormat) {
        String id = name != null && ID.matcher(name).matches() && !name.endsWith(SIDECAR)
                && !Files.exists(directory.resolve(name)) ? name : UUID.randomUUID().toString();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("name", name == null ? id : name);
        meta.put("disk_format", diskFormat);
        try {
            Files.createDirectories(directory);
            Files.write(directory.resolve(id + SIDECAR), mapper.get().writeValueAsBytes(meta), StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw error("cannot register image " + name + " in " + directory, e);
        }
        return new ImageMetadata(id, meta.get("name"), diskFormat, "bare", 0, "queued");
    }

    @Override
    public void upload(String imageId, Path source, ProgressListener progress) {
        checkId(imageId);
        Path target = directory.resolve(imageId);
        Path partial = directory.resolve("." + imageId + ".partial-" + UUID.randomUUID());
        try {
            Files.createDirectories(directory);
            // the image is no more readable than its source (a volume of mode 660 gives an image
            // of mode 660): the partial file is born with the source's bits, which the umask can
            // only narrow, then gets them exactly
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(source);
            copy(source, partial, progress, PosixFilePermissions.asFileAttribute(mode));
            Files.setPosixFilePermissions(partial, mode);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw error("cannot store image " + imageId + " in " + directory, e);
        }
    }

    @Override
    public void delete(String imageId) {
        checkId(imageId);
        try {
            Files.deleteIfExists(directory.resolve(imageId));
            Files.deleteIfExists(directory.resolve(imageId + SIDECAR));
        } catch (IOException e) {
            throw error("cannot remove image " + imageId + " from " + directory, e);
        }
    }

    /** Copies a file, leaving holes where the source reads zeros (images are mostly sparse). */
    private static void copy(Path source, Path target, ProgressListener progress, FileAttribute<?>... attributes)
            throws IOException {
        long total = Files.size(source);
        long done = 0;
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(source);
             FileChannel out = FileChannel.open(target, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                     attributes)) {
            for (int read = in.readNBytes(buffer, 0, BUFFER); read > 0; read = in.readNBytes(buffer, 0, BUFFER)) {
                if (!zeros(buffer, read)) {
                    out.write(ByteBuffer.wrap(buffer, 0, read), done);
                }
                done += read;
                progress.progress(done, total);
            }
            if (out.size() < done) {
                // a zero tail: one zero byte at the end gives the file its length and keeps the hole
                out.write(ByteBuffer.wrap(new byte[1]), done - 1);
            }
        }
    }

    private static boolean zeros(byte[] buffer, int length) {
        // Arrays.mismatch is vectorised: a GiB of holes is compared in a fraction of the byte loop's time
        return Arrays.mismatch(buffer, 0, length, ZEROS, 0, length) < 0;
    }

    private Path file(String imageId) {
        checkId(imageId);
        Path file = directory.resolve(imageId);
        // an image's metadata file sits beside it, and is no image
        if (imageId.endsWith(SIDECAR) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new RemoteFsException(ErrorCode.IMAGE_NOT_FOUND, "no image " + imageId + " in " + directory,
                    Map.of("image_id", imageId));
        }
        return file;
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> sidecar(String imageId) {
        Path sidecar = directory.resolve(imageId + SIDECAR);
        if (!Files.isRegularFile(sidecar)) {
            return Map.of();
        }
        try {
            return mapper.get().readValue(sidecar.toFile(), Map.class);
        } catch (IOException e) {
            throw error("image metadata " + sidecar + " is corrupt", e);
        }
    }

    private static void checkId(String imageId) {
        if (imageId == null || !ID.matcher(imageId).matches() || imageId.contains("..")) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT, "image id '" + imageId + "' is not a plain file name",
                    Map.of("image_id", String.valueOf(imageId)));
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort on a failure path
        }
    }

    private static RemoteFsException error(String message, IOException e) {
        return new RemoteFsException(ErrorCode.IMAGE_SERVICE_ERROR, message + ": " + e, Map.of(), e);
    }
}
