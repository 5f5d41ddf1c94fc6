package org.remotefs.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code remotefs generate ...}: what is made from the command definitions themselves, so that it
 * is never out of date: the shell completion script and the manual pages.
 */
@Command(name = "generate", description = "Generate the shell completion script and the manual pages from the"
        + " command definitions.", subcommands = {GenerateCommand.Completion.class, GenerateCommand.Pages.class})
final class GenerateCommand extends GroupCommand {

    @Command(name = "completion", description = {"Print the bash completion script (zsh too, after"
            + " 'autoload bashcompinit && bashcompinit'). Commands that take a volume, snapshot or image id complete"
            + " the ids of the backend the command line names.", "Use: source <(remotefs generate completion)"})
    static final class Completion implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            RemoteFsCommand root = RemoteFsCommand.root(spec);
            root.stdout().print(new BashCompletion(spec.root().commandLine()).script());
        }
    }

    @Command(name = "man-pages", description = {"Write one manual page per command into DIRECTORY (made when"
            + " missing): remotefs.1, remotefs-volume-create.1, ...",
            "Use: remotefs generate man-pages ~/.local/share/man/man1 && man remotefs-volume-create"})
    static final class Pages implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIRECTORY", description = "Where the pages go (a man1 directory on MANPATH).")
        Path directory;

        @Override
        public void run() {
            RemoteFsCommand root = RemoteFsCommand.root(spec);
            Path target = root.workingDirectory().resolve(directory);
            Map<String, String> pages = new ManPages(spec.root().commandLine(), version()).pages();
            try {
                Files.createDirectories(target);
                for (Map.Entry<String, String> page : pages.entrySet()) {
                    Files.writeString(target.resolve(page.getKey()), page.getValue(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new RemoteFsException(ErrorCode.INVALID_INPUT, "cannot write the manual pages into " + directory
                        + ": " + HumanMessages.of(e.toString()), Map.of("directory", directory.toString()), e);
            }
            root.output().message("wrote " + pages.size() + " manual pages into " + directory);
            Map<String, Object> written = new LinkedHashMap<>();
            written.put("directory", target.toString());
            written.put("pages", pages.keySet().stream().toList());
            if (!root.output().format().forPeople()) {
                root.output().object(written);
            }
        }

        private String version() {
            try {
                String[] version = spec.root().versionProvider().getVersion();
                return version.length == 0 ? "remotefs" : version[0];
            } catch (Exception e) {
                return "remotefs";
            }
        }
    }
}
