package org.remotefs.cli.cinderconf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.OptionDescriptor;

/**
 * Turns a parsed {@code cinder.conf} into remotefs backends, as Cinder itself would read it:
 * the backends are {@code [DEFAULT] enabled_backends} (or the sections asked for); a backend's
 * option is its section's value, else {@code [backend_defaults]}'s; values get oslo.config's
 * {@code $} substitution; {@code volume_driver} (Cinder's default: LVM) chooses the remotefs
 * driver, and a backend whose driver remotefs does not have is left out and said so. Of a carried
 * backend, every option its remotefs driver declares is carried, typed as declared; every other
 * one is a warning naming section and key. Without {@code enabled_backends}, Cinder's old single
 * backend in {@code [DEFAULT]} is carried as backend {@code default}; its other keys are the
 * service's and are not warned about.
 */
public final class CinderImporter {
    static final String BACKEND_DEFAULTS = "backend_defaults";
    static final String VOLUME_DRIVER = "volume_driver";
    static final String ENABLED_BACKENDS = "enabled_backends";
    /** oslo's default of {@code [coordination] backend_url} in Cinder ({@code cinder/coordination.py}). */
    static final String CINDER_DEFAULT_BACKEND_URL = "file://$state_path";
    /** oslo.config's BoolOpt spellings. */
    private static final Set<String> TRUE = Set.of("true", "1", "on", "yes");
    private static final Set<String> FALSE = Set.of("false", "0", "off", "no");

    private final Map<String, List<OptionDescriptor>> optionsByDriver;
    private final CinderDrivers drivers = new CinderDrivers();

    /** @param optionsByDriver each remotefs driver id on the class path with the options it declares */
    public CinderImporter(Map<String, List<OptionDescriptor>> optionsByDriver) {
        this.optionsByDriver = Map.copyOf(optionsByDriver);
    }

    /**
     * @param document the parsed file
     * @param chosen   the backend sections to carry; empty for {@code enabled_backends}
     * @throws RemoteFsException {@link ErrorCode#INVALID_INPUT} for a chosen section the file does not have
     */
    public CinderImport convert(IniDocument document, List<String> chosen) {
        OsloSubstitution substitution = new OsloSubstitution(document);
        List<String> warnings = new ArrayList<>();
        List<ImportedBackend> backends = new ArrayList<>();
        List<LeftOutBackend> leftOut = new ArrayList<>();
        Set<String> warnedDefaults = new LinkedHashSet<>();
        for (String name : backendSections(document, chosen)) {
            boolean legacy = name.equals(IniDocument.DEFAULT);
            if (!legacy && !document.hasSection(name)) {
                leftOut.add(new LeftOutBackend(name, "enabled_backends names [" + name + "], which the file does not"
                        + " have; Cinder would run it with its default driver (LVM)"));
                continue;
            }
            Map<String, Origin> values = new LinkedHashMap<>();
            document.section(BACKEND_DEFAULTS).values().forEach(e -> values.put(e.key(), new Origin(BACKEND_DEFAULTS, e)));
            document.section(name).values().forEach(e -> values.put(e.key(), new Origin(name, e)));
            Origin driverEntry = values.remove(VOLUME_DRIVER);
            String volumeDriver = driverEntry == null ? CinderDrivers.CINDER_DEFAULT_DRIVER : driverEntry.entry().value();
            Optional<String> driverId = drivers.driverId(volumeDriver).filter(optionsByDriver::containsKey);
            if (driverId.isEmpty()) {
                leftOut.add(new LeftOutBackend(name, "volume_driver " + volumeDriver
                        + (driverEntry == null ? " (Cinder's default)" : "") + " has no remotefs driver (remotefs has"
                        + " those of Cinder's NFS, GlusterFS and SMB drivers: " + String.join(", ", drivers.classes()) + ")"));
                continue;
            }
            Map<String, OptionDescriptor> known = new LinkedHashMap<>();
            optionsByDriver.get(driverId.get()).forEach(o -> known.put(o.key(), o));
            List<ImportedOption> options = new ArrayList<>();
            for (Origin origin : values.values()) {
                IniEntry entry = origin.entry();
                OptionDescriptor option = known.get(entry.key());
                if (option == null) {
                    if (legacy) {
                        continue;
                    }
                    if (!origin.section().equals(BACKEND_DEFAULTS)) {
                        warnings.add("[" + name + "] " + entry.key() + ": not an option of remotefs's " + driverId.get()
                                + " driver; left out");
                    } else if (warnedDefaults.add(entry.key())) {
                        warnings.add("[" + BACKEND_DEFAULTS + "] " + entry.key() + ": not an option of remotefs's "
                                + driverId.get() + " driver; left out");
                    }
                    continue;
                }
                options.add(carry(origin, option, substitution, warnings));
            }
            String driverOrigin = driverEntry == null ? "Cinder's default"
                    : "[" + driverEntry.section() + "] line " + driverEntry.entry().line();
            backends.add(new ImportedBackend(legacy ? "default" : name, driverId.get(), volumeDriver, driverOrigin, options));
        }
        ImportedOption coordination = document.entry("coordination", "backend_url").map(entry -> {
            OsloSubstitution.Substituted value = substitution.substitute(entry.value());
            unresolved("coordination", entry.key(), value, warnings);
            return new ImportedOption("backend_url", value.value(), "coordination", entry.line(),
                    CoordinationUrl.hasPassword(value.value()), "");
        }).orElseGet(() -> cindersDefaultCoordination(substitution, warnings));
        List<ImportedService> services = new KeystoneImporter(document, substitution, warnings).convert();
        return new CinderImport(document.source(), backends, leftOut, warnings, Optional.of(coordination), services);
    }

    /**
     * Cinder's own lock location when {@code [coordination] backend_url} is unset: tooz's file
     * driver under {@code $state_path}, where Cinder's NFS, GlusterFS and SMB drivers take their
     * {@code cinder-<prefix>-<volume id>} locks. Carrying it (rather than remotefs's own default)
     * keeps remotefs and a Cinder volume service on the same host locking the same files, so that
     * they never change one volume's chain at the same time.
     */
    private static ImportedOption cindersDefaultCoordination(OsloSubstitution substitution, List<String> warnings) {
        OsloSubstitution.Substituted value = substitution.substitute(CINDER_DEFAULT_BACKEND_URL);
        unresolved("coordination", "backend_url", value, warnings);
        return new ImportedOption("backend_url", value.value(), "coordination", 0, false,
                "unset: Cinder's default " + CINDER_DEFAULT_BACKEND_URL + ", the locks Cinder's volume service takes");
    }

    /** A key's entry and the section it was read from. */
    private record Origin(String section, IniEntry entry) {
    }

    private static List<String> backendSections(IniDocument document, List<String> chosen) {
        if (!chosen.isEmpty()) {
            for (String name : chosen) {
                if (!document.hasSection(name)) {
                    throw new RemoteFsException(ErrorCode.INVALID_INPUT, document.source() + " has no section [" + name
                            + "] (--backend " + name + ")", Map.of("option", "--backend", "backend", name));
                }
            }
            return List.copyOf(new LinkedHashSet<>(chosen));
        }
        Optional<IniEntry> enabled = document.entry(IniDocument.DEFAULT, ENABLED_BACKENDS);
        List<String> names = enabled.map(e -> Arrays.stream(e.value().split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).distinct().toList()).orElse(List.of());
        // no enabled_backends: Cinder's single backend configured in [DEFAULT]
        return names.isEmpty() ? List.of(IniDocument.DEFAULT) : names;
    }

    private static ImportedOption carry(Origin origin, OptionDescriptor option, OsloSubstitution substitution,
                                        List<String> warnings) {
        IniEntry entry = origin.entry();
        OsloSubstitution.Substituted substituted = substitution.substitute(entry.value());
        unresolved(origin.section(), entry.key(), substituted, warnings);
        String text = substituted.value();
        Object value = switch (option.type()) {
            case BOOLEAN -> TRUE.contains(text.strip().toLowerCase(Locale.ROOT)) ? Boolean.TRUE
                    : FALSE.contains(text.strip().toLowerCase(Locale.ROOT)) ? Boolean.FALSE : text;
            case INTEGER -> parse(text, Long::valueOf);
            case FLOAT -> parse(text, Double::valueOf);
            default -> text;
        };
        if (value instanceof String && option.type() != org.remotefs.api.spi.OptionType.STRING) {
            warnings.add("[" + origin.section() + "] " + entry.key() + ": '" + (option.secret() ? "***" : text)
                    + "' is not a " + option.type().name().toLowerCase(Locale.ROOT) + "; carried as written, remotefs"
                    + " will refuse it");
        }
        String note = entry.values().size() > 1 ? "given " + entry.values().size()
                + " times; the last counts, as in oslo.config" : "";
        return new ImportedOption(entry.key(), value, origin.section(), entry.line(), option.secret(), note);
    }

    private static Object parse(String text, java.util.function.Function<String, Object> parser) {
        try {
            return parser.apply(text.strip());
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static void unresolved(String section, String key, OsloSubstitution.Substituted value, List<String> warnings) {
        value.unresolved().forEach(reference -> warnings.add("[" + section + "] " + key + ": $" + reference
                + " is not set in the file and has no Cinder default known here; left as written"));
    }
}
