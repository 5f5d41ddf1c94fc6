package org.remotefs.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, when there is one. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = RemoteFsCommand.class.getPackage().getImplementationVersion();
        return new String[] {"remotefs " + (version == null ? "(development build)" : version),
                "Java " + System.getProperty("java.version")};
    }
}
