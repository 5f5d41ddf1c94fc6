package org.remotefs.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ShareRemount;
import org.remotefs.api.model.ShareState;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code remotefs backends}: each configured backend, its driver and its shares. A backend that
 * cannot be built is listed with its error, and the others still are. With {@code --remount},
 * every share of every backend whose shares are mounts is unmounted and mounted again first; each
 * share then says whether it was ({@code remounted}) and why not ({@code error}: a share in use
 * stays mounted); a backend whose shares are no mounts (localfs) is listed with its
 * {@code UNSUPPORTED} error.
 */
@Command(name = "backends", description = "List the configured backends, their drivers and shares (mounted or not).")
final class BackendsCommand implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(BackendsCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--remount", description = "Unmount every share and mount it again (a share in use is reported"
            + " and stays mounted); for backends whose shares are mounts.")
    boolean remount;

    @Override
    public void run() {
        RemoteFsCommand root = RemoteFsCommand.root(spec);
        Session session = root.session();
        RemoteFsConfiguration configuration = session.configuration();
        List<String> names = configuration.backendNames();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : names) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("default", names.size() == 1);
            try {
                row.put("driver", configuration.driverId(name));
                VolumeDriver driver = session.registry().create(configuration, name);
                if (remount) {
                    row.put("shares", driver.remountShares().stream().map(BackendsCommand::remounted).toList());
                } else {
                    List<ShareState> shares = driver.shares();
                    row.put("shares", shares.stream().map(Views::share).toList());
                }
            } catch (RemoteFsException e) {
                row.put("error", Views.error(e));
                LOG.warn("backend '{}': {} [{}]", name, e.getMessage(), e.code().name());
            }
            rows.add(row);
        }
        if (root.output().format().document()) {
            root.output().rows(rows, List.of());
        } else {
            List<String> columns = new ArrayList<>(List.of("backend", "driver", "address", "options", "mount_point",
                    "mounted"));
            if (remount) {
                columns.add("remounted");
            }
            root.output().rows(shareRows(rows), columns);
        }
    }

    /** A share after a remount: its state, whether it was remounted, and why not. */
    private static Map<String, Object> remounted(ShareRemount outcome) {
        Map<String, Object> share = Views.share(outcome.share());
        share.put("remounted", outcome.remounted());
        if (outcome.error() != null) {
            share.put("error", Views.error(outcome.error()));
        }
        return share;
    }

    /** For people: one line per share, or one per backend with its error. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> shareRows(List<Map<String, Object>> backends) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Map<String, Object> backend : backends) {
            List<Map<String, Object>> shares = (List<Map<String, Object>>) backend.getOrDefault("shares", List.of());
            if (shares.isEmpty()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("backend", backend.get("name"));
                line.put("driver", backend.get("driver"));
                Object error = backend.get("error");
                line.put("address", error == null ? "(no shares)" : "error " + ((Map<String, Object>) error).get("code"));
                lines.add(line);
            }
            for (Map<String, Object> share : shares) {
                Map<String, Object> line = new LinkedHashMap<>(share);
                line.put("backend", backend.get("name"));
                line.put("driver", backend.get("driver"));
                line.put("mounted", Boolean.TRUE.equals(share.get("mounted")) ? "yes" : "no");
                if (share.containsKey("remounted")) {
                    Object error = share.get("error");
                    line.put("remounted", Boolean.TRUE.equals(share.get("remounted")) ? "yes"
                            : "no: " + ((Map<String, Object>) error).get("code"));
                }
                lines.add(line);
            }
        }
        return lines;
    }
}
