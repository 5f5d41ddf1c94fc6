package org.remotefs.core.share;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.config.CoreOptions;

/**
 * Where a backend's shares come from: {@code nas_host} with {@code nas_share_path}, or else the
 * shares file named by {@code <prefix>_shares_config}. Read anew on every call, as Cinder re-reads
 * it on every create and stats refresh, so an edited file takes effect without a restart.
 */
public final class ShareSource {
    private final CoreOptions options;
    private final ShareProtocol protocol;
    private final SharesConfigParser parser;
    private final String optionOrigin;

    public ShareSource(CoreOptions options, ShareProtocol protocol) {
        this(options, protocol, "");
    }

    /**
     * @param optionOrigin where the shares-file option was set, named in errors about the file
     *                     ({@code backend 'gold', remotefs.conf:5}); empty when unknown
     */
    public ShareSource(CoreOptions options, ShareProtocol protocol, String optionOrigin) {
        this.options = options;
        this.protocol = protocol;
        this.parser = new SharesConfigParser(protocol.shareFormat(), protocol.shareFormatHint());
        this.optionOrigin = optionOrigin;
    }

    /**
     * The configured shares.
     *
     * @throws RemoteFsException {@link ErrorCode#INVALID_CONFIGURATION_VALUE} when no shares file is
     *         configured, when it is missing or unreadable, or when {@code nas_host} and
     *         {@code nas_share_path} name a share of the wrong form
     */
    public ParsedShares load() {
        Optional<Share> nas = protocol.nasShare(options.nasHost(), options.nasSharePath(), options.nasMountOptions());
        if (nas.isPresent()) {
            Share share = nas.get();
            if (!SharesConfigParser.pythonRegex(protocol.shareFormat()).matcher(share.address()).lookingAt()) {
                throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                        "nas_host and nas_share_path name the share '" + share.address() + "', which is not of the form "
                                + protocol.shareFormatHint(),
                        Map.of("option", "nas_share_path", "share", share.address()));
            }
            return new ParsedShares(List.of(share), List.of());
        }
        String key = options.sharesConfigKey();
        Path file = options.sharesConfig().orElseThrow(() -> new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                "no shares are configured: set " + key + " to a shares file, or nas_host and nas_share_path",
                Map.of("option", key)));
        if (!Files.exists(file)) {
            throw fileError(key, file, "does not exist", null);
        }
        if (!Files.isRegularFile(file)) {
            throw fileError(key, file, "is not a regular file", null);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw fileError(key, file, "cannot be read: " + e, e);
        }
        return parser.parse(file.toString(), text);
    }

    private RemoteFsException fileError(String key, Path file, String problem, Exception cause) {
        Map<String, String> details = new java.util.TreeMap<>(Map.of("option", key, "file", file.toString()));
        String where = "";
        if (!optionOrigin.isEmpty()) {
            details.put("origin", optionOrigin);
            where = " (" + key + " set in " + optionOrigin + ")";
        }
        return new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                key + ": shares file " + file + " " + problem + where, details, cause);
    }
}
