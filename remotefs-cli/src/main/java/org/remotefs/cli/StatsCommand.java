package org.remotefs.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code remotefs stats}: the backend's capacity report in Cinder's shape. */
@Command(name = "stats", description = "Show the backend's volume stats (Cinder's keys).")
final class StatsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--refresh", description = "Compute the stats now rather than from the driver's cache.")
    boolean refresh;

    @Override
    public void run() {
        RemoteFsCommand root = RemoteFsCommand.root(spec);
        Map<String, Object> stats = new LinkedHashMap<>(root.session().driver().getVolumeStats(refresh).toCinderMap());
        Object pools = stats.get("pools");
        if (!root.output().format().forPeople() || !(pools instanceof List<?> list)) {
            root.output().object(stats);
            return;
        }
        // a pool report reads best as the backend's keys, then one row per pool
        stats.remove("pools");
        root.output().object(stats);
        root.output().message("");
        @SuppressWarnings("unchecked")
        List<Map<String, ?>> rows = (List<Map<String, ?>>) list;
        root.output().rows(rows, POOL_COLUMNS);
    }

    static final List<String> POOL_COLUMNS = List.of("pool_name", "total_capacity_gb", "free_capacity_gb",
            "provisioned_capacity_gb", "reserved_percentage", "max_over_subscription_ratio",
            "thin_provisioning_support", "thick_provisioning_support");
}
