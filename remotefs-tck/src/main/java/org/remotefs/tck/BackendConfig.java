package org.remotefs.tck;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;

/**
 * One backend's configuration, built with typed values and rendered as HOCON by Typesafe Config, so
 * that a path with a space, a quote or <code>${</code> is quoted correctly without anyone joining
 * strings:
 *
 * <pre>{@code
 * BackendConfig.of("gold").driver("localfs")
 *         .option("nas_share_path", share)
 *         .option("localfs_sparsed_volumes", false)
 *         .hostOption("remotefs.coordination.backend_url", "file://" + locks)
 *         .toHocon()
 * }</pre>
 *
 * gives {@code remotefs.backends.gold { driver = localfs, nas_share_path = "...", ... }} and
 * {@code remotefs.coordination.backend_url = "..."}. Immutable: each setting returns a new object.
 */
public final class BackendConfig {
    private final String name;
    private final String driver;
    private final Map<String, Object> options;
    private final Map<String, Object> hostOptions;

    private BackendConfig(String name, String driver, Map<String, Object> options, Map<String, Object> hostOptions) {
        this.name = name;
        this.driver = driver;
        this.options = options;
        this.hostOptions = hostOptions;
    }

    /** A backend named {@code name} ({@code remotefs.backends.<name>}), with no driver and no options yet. */
    public static BackendConfig of(String name) {
        return new BackendConfig(Objects.requireNonNull(name, "name"), null, Map.of(), Map.of());
    }

    public String name() {
        return name;
    }

    /** The driver's id; null until {@link #driver(String)} names one. */
    public String driver() {
        return driver;
    }

    /** The backend's {@code driver} (a provider's id: {@code localfs}, {@code nfs}, ...). */
    public BackendConfig driver(String id) {
        return new BackendConfig(name, Objects.requireNonNull(id, "id"), options, hostOptions);
    }

    /** A string option of the backend. */
    public BackendConfig option(String key, String value) {
        return withOption(key, value);
    }

    /** A path option of the backend, as its string. */
    public BackendConfig option(String key, Path value) {
        return withOption(key, value.toString());
    }

    public BackendConfig option(String key, boolean value) {
        return withOption(key, value);
    }

    public BackendConfig option(String key, long value) {
        return withOption(key, value);
    }

    public BackendConfig option(String key, double value) {
        return withOption(key, value);
    }

    /**
     * A host-wide setting outside the backend's block, by its path:
     * {@code remotefs.coordination.backend_url}, {@code remotefs.image_service.type}, ...
     */
    public BackendConfig hostOption(String path, String value) {
        return withHostOption(path, value);
    }

    public BackendConfig hostOption(String path, Path value) {
        return withHostOption(path, value.toString());
    }

    public BackendConfig hostOption(String path, boolean value) {
        return withHostOption(path, value);
    }

    public BackendConfig hostOption(String path, long value) {
        return withHostOption(path, value);
    }

    /** The configuration as Typesafe Config holds it. */
    public Config toConfig() {
        if (driver == null) {
            throw new IllegalStateException("backend " + name + " has no driver");
        }
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("driver", driver);
        block.putAll(options);
        Config config = ConfigFactory.empty();
        for (Map.Entry<String, Object> setting : hostOptions.entrySet()) {
            config = config.withValue(setting.getKey(), ConfigValueFactory.fromAnyRef(setting.getValue()));
        }
        // the block's keys are option names, not paths: fromMap takes them as they are
        return config.withValue(ConfigUtil.joinPath("remotefs", "backends", name), ConfigValueFactory.fromMap(block));
    }

    /** The configuration as HOCON text. */
    public String toHocon() {
        return toConfig().root().render(ConfigRenderOptions.concise().setJson(false).setFormatted(true));
    }

    @Override
    public String toString() {
        return toHocon();
    }

    private BackendConfig withOption(String key, Object value) {
        if (key.equals("driver")) {
            throw new IllegalArgumentException("the driver is set with driver(id)");
        }
        Map<String, Object> next = new LinkedHashMap<>(options);
        next.put(Objects.requireNonNull(key, "key"), value);
        return new BackendConfig(name, driver, Map.copyOf(next), hostOptions);
    }

    private BackendConfig withHostOption(String path, Object value) {
        // parsed now, so that a bad path fails here and not when rendered
        ConfigUtil.splitPath(path);
        Map<String, Object> next = new LinkedHashMap<>(hostOptions);
        next.put(path, value);
        return new BackendConfig(name, driver, options, Map.copyOf(next));
    }
}
