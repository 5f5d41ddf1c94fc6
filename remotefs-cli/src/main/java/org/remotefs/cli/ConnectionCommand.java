package org.remotefs.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.remotefs.api.model.Connector;
import org.remotefs.api.model.StoredVolume;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code remotefs connection show ID}: what {@code initialize_connection} gives this host. */
@Command(name = "connection", description = "Connection information of volumes.",
        subcommands = ConnectionCommand.Show.class)
final class ConnectionCommand extends GroupCommand {
    @Command(name = "show", description = "Show the connection information a host would get to attach the volume.")
    static final class Show implements Runnable, ReadOnlyCommand {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The volume's UUID.")
        String id;

        @Override
        public void run() {
            RemoteFsCommand root = RemoteFsCommand.root(spec);
            StoredVolume volume = root.session().volume(id);
            var info = root.session().driver().initializeConnection(Session.asVolume(volume), Connector.ofHost(hostName()));
            root.output().object(info.toCinderMap());
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        }
    }
}
