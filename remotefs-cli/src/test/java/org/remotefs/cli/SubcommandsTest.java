package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.core.host.StopFlag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Only the subcommand a command line names is built; everything else still sees the whole tree. */
final class SubcommandsTest {
    @TempDir
    Path work;

    private CommandSpec rootWithoutSubcommands() {
        return new CommandLine(new RemoteFsCommand(System.out, System.err, work, new StopFlag())).getCommandSpec();
    }

    private List<Class<?>> neededFor(String... args) {
        return Subcommands.neededFor(args, rootWithoutSubcommands());
    }

    @Test
    void aCommandLineNamingOneSubcommandGetsThatOneOnly() {
        assertThat(neededFor("volume", "show", "x")).containsExactly(VolumeCommand.class);
        assertThat(neededFor("--config", "/etc/remotefs.conf", "-f", "json", "-c", "id", "volume", "show"))
                .containsExactly(VolumeCommand.class);
        assertThat(neededFor("--format=json", "-v", "--backend", "b", "drivers")).containsExactly(DriversCommand.class);
        assertThat(neededFor("-fjson", "snapshot", "list")).containsExactly(SnapshotCommand.class);
    }

    @Test
    void anOptionsValueThatIsACommandsNameIsNotTakenForTheCommand() {
        assertThat(neededFor("--config", "volume", "drivers")).containsExactly(DriversCommand.class);
        assertThat(neededFor("--backend", "drivers", "volume", "list")).containsExactly(VolumeCommand.class);
    }

    @Test
    void whatIsNotPlainlyOneSubcommandGetsThemAll() {
        assertThat(neededFor()).isEqualTo(Subcommands.ALL);
        assertThat(neededFor("--help")).isEqualTo(Subcommands.ALL);
        assertThat(neededFor("no-such-command")).isEqualTo(Subcommands.ALL);
        assertThat(neededFor("--no-such-option", "volume")).isEqualTo(Subcommands.ALL);
        assertThat(neededFor("-vh")).isEqualTo(Subcommands.ALL);
        assertThat(neededFor("--", "volume")).isEqualTo(Subcommands.ALL);
        // they read the whole tree
        assertThat(neededFor("help", "volume", "create")).isEqualTo(Subcommands.ALL);
        assertThat(neededFor("generate", "completion")).isEqualTo(Subcommands.ALL);
    }

    @Test
    void aGroupGetsOnlyTheSubcommandTheCommandLineNamesUnlessItIsNotPlain() {
        assertThat(members("volume", "volume", "show", "x")).containsExactly("show");
        assertThat(members("volume", "-f", "json", "volume", "--backend", "b", "-fjson", "list")).containsExactly("list");
        assertThat(members("snapshot", "snapshot", "revert", "x")).containsExactly("revert");
        // a group whose subcommand is not plain, and the groups of a command line naming none, get them all
        assertThat(members("volume", "volume")).containsExactly("create", "delete", "show", "list", "extend",
                "upload-to-image");
        assertThat(members("volume", "volume", "--help")).hasSize(6);
        assertThat(members("volume", "volume", "no-such-command")).hasSize(6);
        assertThat(members("volume", "help", "volume", "show")).hasSize(6);
        assertThat(members("image", "--help")).containsExactly("list", "show", "delete");
    }

    /** The subcommands of this group as the command line builds them for the arguments. */
    private List<String> members(String group, String... args) {
        CommandLine root = new CommandLine(new RemoteFsCommand(System.out, System.err, work, new StopFlag()));
        for (Class<?> command : Subcommands.neededFor(args, root.getCommandSpec())) {
            root.addSubcommand(command);
        }
        Subcommands.addMembers(args, root);
        return List.copyOf(root.getSubcommands().get(group).getSubcommands().keySet());
    }

    @Test
    void everySubcommandIsListedOnce() {
        assertThat(Subcommands.ALL).doesNotHaveDuplicates().allSatisfy(command ->
                assertThat(command.getAnnotation(CommandLine.Command.class)).as(command.getName()).isNotNull());
    }

    @Test
    void theRootsHelpStillListsEveryCommand() {
        Result result = run("--help");

        assertThat(result.status()).isZero();
        assertThat(result.stdout()).contains("drivers", "backends", "volume", "snapshot", "image", "connection", "stats",
                "check", "locks", "bench", "tck", "generate", "help");
    }

    @Test
    void aUsageErrorIsTheSameAsBefore() throws IOException {
        Result unknown = run("-f", "json", "no-such-command");

        assertThat(unknown.status()).isEqualTo(2);
        assertThat(json(unknown.stderr()).path("code").asText()).isEqualTo("INVALID_INPUT");

        Result missingId = run("-f", "json", "volume", "show");

        assertThat(missingId.status()).isEqualTo(2);
        JsonNode error = json(missingId.stderr());
        assertThat(error.path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(error.path("details").path("command").asText()).isEqualTo("remotefs volume show");
    }

    @Test
    void aSubcommandBuiltAloneInheritsTheRootsOptionsAndHelp() {
        Result help = run("volume", "show", "--help");

        assertThat(help.status()).isZero();
        assertThat(help.stdout()).contains("--config", "--format", "--column", "--backend");

        Result afterTheGroup = run("volume", "-f", "json", "show", "--help");

        assertThat(afterTheGroup.status()).isZero();
        assertThat(afterTheGroup.stdout()).contains("remotefs volume show", "--config");

        Result nested = run("help", "volume", "create");

        assertThat(nested.status()).isZero();
        assertThat(nested.stdout()).contains("remotefs volume create");
    }

    @Test
    void theCommandStillSeesEveryConfiguredBackend() throws IOException {
        Path config = work.resolve("two.conf");
        Files.writeString(config, "remotefs.backends.first { driver = localfs, nas_share_path = \""
                + work.resolve("first") + "\" }\nremotefs.backends.second { driver = localfs, nas_share_path = \""
                + work.resolve("second") + "\" }\n");

        Result backends = run("--config", config.toString(), "-f", "json", "backends");

        assertThat(backends.status()).as(backends.stderr()).isZero();
        assertThat(json(backends.stdout()).findValuesAsText("name")).contains("first", "second");

        Result ambiguous = run("--config", config.toString(), "-f", "json", "volume", "list");

        assertThat(ambiguous.status()).isEqualTo(1);
        assertThat(json(ambiguous.stderr()).path("code").asText()).isEqualTo("BACKEND_NOT_FOUND");

        Result chosen = run("--config", config.toString(), "--backend", "second", "-f", "json", "volume", "list");

        assertThat(chosen.status()).as(chosen.stderr()).isZero();
        assertThat(json(chosen.stdout()).isArray()).isTrue();
    }

    private record Result(int status, String stdout, String stderr) {
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RemoteFsCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), work);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode json(String text) throws IOException {
        return new ObjectMapper().readTree(text);
    }
}
