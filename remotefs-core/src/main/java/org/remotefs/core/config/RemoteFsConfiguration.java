package org.remotefs.core.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueType;

/**
 * The whole configuration: a HOCON file (or text) over every module's {@code reference.conf}.
 * Backends are declared Cinder multi-backend style as {@code remotefs.backends.<name> { driver =
 * <id>, ... }}; each driver's defaults live in {@code remotefs.defaults.<id>} of its module's
 * {@code reference.conf}.
 */
public final class RemoteFsConfiguration {
    public static final String BACKENDS = "remotefs.backends";
    public static final String DEFAULTS = "remotefs.defaults";

    private final Config config;
    private final String source;

    private RemoteFsConfiguration(Config config, String source) {
        this.config = config;
        this.source = source;
    }

    /** Loads a configuration file. */
    public static RemoteFsConfiguration load(Path file, ClassLoader classLoader) {
        if (!Files.isRegularFile(file)) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                    "configuration file " + file + " does not exist or is not a file", Map.of("file", file.toString()));
        }
        if (!Files.isReadable(file)) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                    "configuration file " + file + " is not readable", Map.of("file", file.toString()));
        }
        try {
            Config parsed = ConfigFactory.parseFile(file.toFile(),
                    ConfigParseOptions.defaults().setAllowMissing(false).setClassLoader(classLoader));
            return resolve(parsed, classLoader, file.toString());
        } catch (ConfigException.Parse e) {
            String text;
            try {
                text = Files.readString(file);
            } catch (java.io.IOException | RuntimeException unreadable) {
                throw configError(file.toString(), e);
            }
            throw unclosed(file.toString(), text).orElseGet(() -> configError(file.toString(), e));
        } catch (ConfigException e) {
            throw configError(file.toString(), e);
        }
    }

    /** Parses configuration text (the command line's embedded default, tests). */
    public static RemoteFsConfiguration parse(String text, String description, ClassLoader classLoader) {
        try {
            Config parsed = ConfigFactory.parseString(text,
                    ConfigParseOptions.defaults().setOriginDescription(description).setClassLoader(classLoader));
            return resolve(parsed, classLoader, description);
        } catch (ConfigException.Parse e) {
            throw unclosed(description, text).orElseGet(() -> configError(description, e));
        } catch (ConfigException e) {
            throw configError(description, e);
        }
    }

    /**
     * A parse error that is a bracket never closed, said as such with the line of the opening one:
     * Typesafe Config notices it only at the end of the file and names the wrong bracket.
     */
    private static java.util.Optional<RemoteFsException> unclosed(String source, String text) {
        return UnclosedBrackets.find(text).map(open -> new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                "configuration " + source + " cannot be read: the '" + open.bracket() + "' on line " + open.line()
                        + " is never closed (a '" + open.closing() + "' is missing)",
                Map.of("file", source, "line", Integer.toString(open.line()))));
    }

    private static RemoteFsConfiguration resolve(Config parsed, ClassLoader classLoader, String source) {
        Config all = parsed.withFallback(ConfigFactory.defaultReference(classLoader)).resolve();
        if (all.hasPath(BACKENDS) && all.getValue(BACKENDS).valueType() != ConfigValueType.OBJECT) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                    BACKENDS + " (" + Origins.describe(all.getValue(BACKENDS).origin()) + ") must be an object of backends",
                    Map.of("option", BACKENDS));
        }
        return new RemoteFsConfiguration(all, source);
    }

    private static RemoteFsException configError(String source, ConfigException e) {
        String where = e.origin() == null ? source : Origins.describe(e.origin());
        return new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                "configuration " + source + " cannot be read: " + e.getMessage(), Map.of("file", where), e);
    }

    /** The whole resolved configuration, for host-wide blocks such as the image service. */
    public Config root() {
        return config;
    }

    /** The same configuration with some options of one backend replaced (tools, the TCK). */
    public RemoteFsConfiguration withBackendOptions(String backendName, Map<String, Object> options) {
        Map<String, Object> prefixed = new java.util.HashMap<>();
        options.forEach((key, value) -> prefixed.put(BACKENDS + "." + quoted(backendName) + "." + key, value));
        return new RemoteFsConfiguration(ConfigFactory.parseMap(prefixed, "overrides of backend " + backendName)
                .withFallback(config).resolve(), source);
    }

    /** Where the configuration came from. */
    public String source() {
        return source;
    }

    /** The configured backends' names, sorted. */
    public List<String> backendNames() {
        if (!config.hasPath(BACKENDS)) {
            return List.of();
        }
        return new ArrayList<>(new java.util.TreeSet<>(config.getObject(BACKENDS).keySet()));
    }

    /**
     * The backend to use: the named one, or the only one when no name is given.
     *
     * @throws RemoteFsException {@link ErrorCode#BACKEND_NOT_FOUND}
     */
    public String chooseBackend(String requested) {
        List<String> names = backendNames();
        if (requested != null) {
            if (!names.contains(requested)) {
                throw new RemoteFsException(ErrorCode.BACKEND_NOT_FOUND,
                        "no backend '" + requested + "' in " + source + "; configured: "
                                + (names.isEmpty() ? "none" : String.join(", ", names)),
                        Map.of("backend", requested));
            }
            return requested;
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        throw new RemoteFsException(ErrorCode.BACKEND_NOT_FOUND,
                names.isEmpty() ? "no backend is configured in " + source + " (remotefs.backends is empty)"
                        : "several backends are configured in " + source + " (" + String.join(", ", names)
                        + "): name one with --backend",
                Map.of("backend", ""));
    }

    /** The driver id a backend names. */
    public String driverId(String backendName) {
        String path = BACKENDS + "." + quoted(backendName);
        Config block = backendBlock(backendName);
        if (!block.hasPath("driver")) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                    "backend '" + backendName + "' (" + Origins.describe(config.getValue(path).origin())
                            + ") has no driver: add driver = <id>",
                    Map.of("backend", backendName, "option", "driver"));
        }
        if (block.getValue("driver").valueType() != ConfigValueType.STRING) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                    "backend '" + backendName + "': driver (" + Origins.describe(block.getValue("driver").origin())
                            + ") must be a driver id such as localfs or nfs",
                    Map.of("backend", backendName, "option", "driver"));
        }
        return block.getString("driver");
    }

    /** The backend's block over its driver's defaults. */
    public Config settingsBlock(String backendName, String driverId) {
        Config block = backendBlock(backendName);
        String defaults = DEFAULTS + "." + quoted(driverId);
        return config.hasPath(defaults) ? block.withFallback(config.getConfig(defaults)) : block;
    }

    private Config backendBlock(String backendName) {
        String path = BACKENDS + "." + quoted(backendName);
        if (!config.hasPath(path)) {
            throw new RemoteFsException(ErrorCode.BACKEND_NOT_FOUND, "no backend '" + backendName + "' in " + source,
                    Map.of("backend", backendName));
        }
        if (config.getValue(path).valueType() != ConfigValueType.OBJECT) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                    "backend '" + backendName + "' (" + Origins.describe(config.getValue(path).origin())
                            + ") must be an object such as { driver = localfs }",
                    Map.of("backend", backendName));
        }
        return config.getConfig(path);
    }

    private static String quoted(String key) {
        return com.typesafe.config.ConfigUtil.quoteString(key);
    }
}
