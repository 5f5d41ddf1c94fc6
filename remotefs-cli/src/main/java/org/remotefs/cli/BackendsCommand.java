package org.remotefs.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ShareState;
import org.remotefs.core.config.RemoteFsConfiguration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code remotefs backends}: each configured backend, its driver and its shares. A backend that
 * cannot be built is listed with its error, and the others still are.
 */
@Command(name = "backends", description = "List the configured backends, their drivers and shares (mounted or not).")
final class BackendsCommand implements Runnable {
    @Spec
    CommandSpec spec;

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
                List<ShareState> shares = driver.shares();
                row.put("shares", shares.stream().map(Views::share).toList());
                row.put("share_addresses", shares.stream().map(ShareState::address).toList());
                row.put("mounted", shares.stream().filter(ShareState::mounted).count() + "/" + shares.size());
            } catch (RemoteFsException e) {
                row.put("error", Views.error(e));
                row.put("mounted", "error: " + e.code().name());
            }
            rows.add(row);
        }
        root.output().rows(rows, List.of("name", "driver", "default", "mounted", "share_addresses"));
    }
}
