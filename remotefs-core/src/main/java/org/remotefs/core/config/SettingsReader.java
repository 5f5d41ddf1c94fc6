package org.remotefs.core.config;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.OptionDescriptor;
import org.remotefs.api.spi.Setting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

/**
 * Turns one backend's configuration block into the provider's typed {@link BackendSettings},
 * checking every declared option's type, choices and range. A bad value is an
 * {@link ErrorCode#INVALID_CONFIGURATION_VALUE} naming the backend, the key, the value and the
 * file and line it came from. Values are converted here rather than by the configuration library
 * so that Cinder's spellings ({@code True}, {@code False}) are accepted as oslo.config accepts them.
 */
public final class SettingsReader {
    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("\\d*\\.\\d+|\\d+");
    private static final Logger LOG = LoggerFactory.getLogger(SettingsReader.class);
    private static final Set<String> TRUE = Set.of("true", "1", "yes", "y", "on", "t");
    private static final Set<String> FALSE = Set.of("false", "0", "no", "n", "off", "f");

    /** Keys of a backend block that are not driver options. */
    public static final Set<String> RESERVED_KEYS = Set.of("driver");

    /**
     * @param backendName the backend's name, for messages
     * @param block       the backend's block with the driver's defaults as fallback, resolved
     * @param options     the provider's declared options
     */
    public BackendSettings read(String backendName, Config block, List<OptionDescriptor> options) {
        Map<String, Setting> values = new HashMap<>();
        for (OptionDescriptor option : options) {
            values.put(option.key(), read(backendName, block, option));
        }
        warnAboutUnknownKeys(backendName, block, options);
        return new BackendSettings(backendName, values);
    }

    private Setting read(String backendName, Config block, OptionDescriptor option) {
        String key = option.key();
        // Option keys are plain snake_case names, so the block's root object holds them directly,
        // null values (Cinder's None) with their origin included.
        ConfigValue value = block.root().get(key);
        if (value == null) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                    "backend '" + backendName + "': option " + key + " has no value and no default"
                            + " (the driver's jar should ship a reference.conf with its defaults)",
                    Map.of("backend", backendName, "option", key));
        }
        String origin = Origins.describe(value.origin());
        if (value.valueType() == ConfigValueType.NULL) {
            if (!option.nullable()) {
                throw invalid(backendName, option, "null", origin, "it must be set");
            }
            return new Setting(key, null, origin, option.secret());
        }
        if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST) {
            throw invalid(backendName, option, value.render(ConfigRenderOptions.concise()), origin,
                    "expected a " + option.type().name().toLowerCase(Locale.ROOT) + ", got a "
                            + value.valueType().name().toLowerCase(Locale.ROOT));
        }
        String text = String.valueOf(value.unwrapped());
        Object converted = switch (option.type()) {
            case STRING -> checkChoice(backendName, option, text, origin);
            case BOOLEAN -> toBoolean(backendName, option, text, origin);
            case INTEGER -> toInteger(backendName, option, text, origin);
            case FLOAT -> toDouble(backendName, option, text, origin);
        };
        return new Setting(key, converted, origin, option.secret());
    }

    private static String checkChoice(String backendName, OptionDescriptor option, String text, String origin) {
        if (option.choices().isEmpty()) {
            return text;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (!option.choices().contains(lower)) {
            throw invalid(backendName, option, text, origin, "expected one of " + option.choices());
        }
        return lower;
    }

    private static Boolean toBoolean(String backendName, OptionDescriptor option, String text, String origin) {
        String lower = text.strip().toLowerCase(Locale.ROOT);
        if (TRUE.contains(lower)) {
            return Boolean.TRUE;
        }
        if (FALSE.contains(lower)) {
            return Boolean.FALSE;
        }
        throw invalid(backendName, option, text, origin, "expected true or false");
    }

    private static Integer toInteger(String backendName, OptionDescriptor option, String text, String origin) {
        int number;
        try {
            number = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw invalid(backendName, option, text, origin, "expected a whole number");
        }
        checkRange(backendName, option, number, text, origin);
        return number;
    }

    private static Double toDouble(String backendName, OptionDescriptor option, String text, String origin) {
        if (text.strip().equalsIgnoreCase("auto")) {
            throw invalid(backendName, option, text, origin, "'auto' is not supported by this driver: give a number");
        }
        // Cinder's form for its ratio, ^(auto|\d*\.\d+|\d+)$: no exponent, sign or Java suffix ("1e1", "20d")
        if (!DECIMAL.matcher(text.strip()).matches()) {
            throw invalid(backendName, option, text, origin, "expected a number such as 20 or 1.5");
        }
        double number;
        try {
            number = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw invalid(backendName, option, text, origin, "expected a number");
        }
        if (Double.isNaN(number) || Double.isInfinite(number)) {
            throw invalid(backendName, option, text, origin, "expected a finite number");
        }
        checkRange(backendName, option, number, text, origin);
        return number;
    }

    private static void checkRange(String backendName, OptionDescriptor option, double number, String text,
                                   String origin) {
        if (option.min() != null && number < option.min()) {
            throw invalid(backendName, option, text, origin, "it must be at least " + plain(option.min()));
        }
        if (option.max() != null && number > option.max()) {
            throw invalid(backendName, option, text, origin, "it must be at most " + plain(option.max()));
        }
    }

    private static String plain(double number) {
        return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }

    private static RemoteFsException invalid(String backendName, OptionDescriptor option, String value,
                                             String origin, String why) {
        String shown = option.secret() ? "***" : value;
        return new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                "backend '" + backendName + "': option " + option.key() + " = '" + shown + "' (" + origin
                        + ") is invalid: " + why,
                Map.of("backend", backendName, "option", option.key(), "value", shown, "origin", origin));
    }

    private static void warnAboutUnknownKeys(String backendName, Config block, List<OptionDescriptor> options) {
        Set<String> declared = new TreeSet<>(RESERVED_KEYS);
        options.forEach(o -> declared.add(o.key()));
        for (Map.Entry<String, ConfigValue> entry : block.root().entrySet()) {
            if (!declared.contains(entry.getKey())) {
                LOG.warn("backend '{}': option {} ({}) is not read by its driver; ignored", backendName,
                        entry.getKey(), Origins.describe(entry.getValue().origin()));
            }
        }
    }
}
