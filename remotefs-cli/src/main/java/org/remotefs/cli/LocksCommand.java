package org.remotefs.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.core.host.HostServices;
import org.remotefs.core.lock.LockEntry;
import org.remotefs.core.lock.LockInventory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code remotefs locks}: the volume locks held and waited for now, with their holders, in the
 * host's lock service ({@code remotefs.coordination.backend_url}) or the one {@code --coordination}
 * names: file locks (the kernel's lock table and the holders' records) and ZooKeeper locks (the
 * contenders' nodes) alike. Reads only.
 */
@Command(name = "locks", description = "List the volume locks held and waited for, with their holders (member id, "
        + "host, process, since when), in the host's lock service or the one --coordination names.")
final class LocksCommand implements Runnable {
    static final List<String> COLUMNS = List.of("lock", "state", "member_id", "host", "pid", "operation", "since");

    @Spec
    CommandSpec spec;

    @Option(names = "--coordination", paramLabel = "URL", description = "A lock service's URL, as "
            + "remotefs.coordination.backend_url spells it (file:///DIR, zookeeper://HOST:PORT[,...][?timeout=S&namespace=NS]); "
            + "default: the configured one.")
    String coordination;

    @Override
    public void run() {
        RemoteFsCommand root = RemoteFsCommand.root(spec);
        Session session = root.session();
        if (coordination != null) {
            try (HostServices services = Coordination.forUrl(coordination, session, root.stop())) {
                print(root, services.locks());
            }
        } else {
            print(root, session.registry().hostServices(session.configuration()).locks());
        }
    }

    private static void print(RemoteFsCommand root, VolumeLockService service) {
        if (!(service instanceof LockInventory inventory)) {
            throw new RemoteFsException(ErrorCode.UNSUPPORTED, "the lock service " + service.getClass().getSimpleName()
                    + " cannot list its locks (in-process locks live in one process only)",
                    Map.of("option", HostServices.COORDINATION + ".backend_url"));
        }
        List<Map<String, Object>> rows = inventory.locks().stream().map(LocksCommand::row).toList();
        if (root.output().format().document()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("service", inventory.location());
            document.put("locks", rows);
            root.output().object(document);
        } else {
            root.output().message("locks in " + inventory.location() + ":");
            root.output().rows(rows, COLUMNS);
        }
    }

    private static Map<String, Object> row(LockEntry entry) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("lock", entry.lock());
        row.put("state", entry.state().label());
        row.put("member_id", entry.memberId());
        row.put("host", entry.host());
        row.put("pid", entry.pid());
        row.put("operation", entry.operation());
        row.put("since", entry.since() == null ? null : entry.since().toString());
        row.put("where", entry.detail());
        return row;
    }
}
