package org.remotefs.cli;

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
        root.output().object(root.session().driver().getVolumeStats(refresh).toCinderMap());
    }
}
