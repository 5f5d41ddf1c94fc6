package org.remotefs.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.ProgressReporter;
import org.remotefs.core.host.StopFlag;
import org.remotefs.core.json.Json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code remotefs}: drive a backend's volumes from the shell. Exit status 0 on success, 1 on an
 * error (with its code), 2 on a usage error.
 */
// scope INHERIT: every subcommand gets --help/-h (and --version/-V) too
@Command(name = "remotefs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        scope = ScopeType.INHERIT,
        description = "Cinder-compatible file-based volumes: create, inspect and delete volumes on a backend's shares.",
        // the subcommands (Subcommands.ALL) are added in run(): only the one a command line names
        footer = {"", "With no --config, the backend is localfs on ./remotefs-data."})
public final class RemoteFsCommand implements Runnable {
    static final int EXIT_ERROR = 1;

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "HOCON configuration declaring remotefs.backends (default: the embedded localfs backend).")
    Path config;

    // a list for config import-cinder, which carries several Cinder sections; every other command takes one
    @Option(names = "--backend", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "The backend to use; optional when exactly one is configured (config import-cinder: a"
                    + " Cinder section to carry, repeatable).")
    List<String> backends = new ArrayList<>();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", scope = ScopeType.INHERIT, defaultValue = "table",
            completionCandidates = OutputFormat.Names.class,
            description = "Output format, as the openstack client's: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = {"-c", "--column"}, paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Show only this column (a field of the object or of each row; repeatable, in the order given).")
    List<String> columns = new ArrayList<>();

    @Option(names = "--progress", paramLabel = "WHEN", scope = ScopeType.INHERIT, defaultValue = "auto",
            completionCandidates = ProgressMode.Names.class,
            description = "Progress of long operations (thick create, clone, volume from snapshot, image copies,"
                    + " snapshot delete, extend through conversion) on stderr: ${COMPLETION-CANDIDATES}; auto is a bar"
                    + " when stderr is a terminal and nothing otherwise, json one object per line (default: ${DEFAULT-VALUE}).")
    ProgressMode progress;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Log what the driver does.")
    boolean verbose;

    private final PrintStream stdout;
    private final PrintStream stderr;
    private final Path workingDirectory;
    private final StopFlag stop;
    private Session session;
    private Output output;
    private CliLog log;
    private ProgressDisplay progressDisplay;

    RemoteFsCommand(PrintStream stdout, PrintStream stderr, Path workingDirectory, StopFlag stop) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.workingDirectory = workingDirectory;
        this.stop = stop;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        StopFlag stop = new StopFlag();
        SignalStop signals = new SignalStop(stop, err);
        signals.install();
        int status = run(args, out, err, Path.of("").toAbsolutePath(), stop);
        // a run a signal stopped ends as a shell reports it: 128 + the signal's number
        System.exit(status != 0 && signals.signal().isPresent() ? 128 + signals.signal().getAsInt() : status);
    }

    /** Runs the command line; returns the exit status. */
    static int run(String[] args, PrintStream stdout, PrintStream stderr, Path workingDirectory) {
        return run(args, stdout, stderr, workingDirectory, new StopFlag());
    }

    /** Runs the command line with the host's stop flag; returns the exit status. */
    static int run(String[] args, PrintStream stdout, PrintStream stderr, Path workingDirectory, StopFlag stop) {
        RemoteFsCommand root = new RemoteFsCommand(stdout, stderr, workingDirectory, stop);
        CommandLine commandLine = new CommandLine(root);
        // Loops and classes here, no lambdas or method references: a lambda implementing one of
        // picocli's interfaces (class files of Java 5) is resolved when the class-data sharing
        // archive is dumped, and Java 17 then leaves picocli.CommandLine itself out of the archive
        // (README "Fast start"; LaunchersIT checks that it comes from the archive)
        for (Class<?> subcommand : Subcommands.neededFor(args, commandLine.getCommandSpec())) {
            commandLine.addSubcommand(subcommand);
        }
        Subcommands.addMembers(args, commandLine);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setOut(new PrintWriter(stdout, true));
        commandLine.setErr(new PrintWriter(stderr, true));
        commandLine.setExecutionStrategy(new CommandLine.IExecutionStrategy() {
            @Override
            public int execute(CommandLine.ParseResult parseResult) {
                root.start(parseResult);
                if (stop.stopRequested()) {
                    // stopped before anything was done
                    throw new RemoteFsException(ErrorCode.INTERRUPTED, "stopped before the command started",
                            Map.of("command", parseResult.subcommand() == null ? "remotefs" : parseResult.subcommand().commandSpec().qualifiedName()));
                }
                return new CommandLine.RunLast().execute(parseResult);
            }
        });
        commandLine.setExecutionExceptionHandler(new CommandLine.IExecutionExceptionHandler() {
            @Override
            public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
                return root.fail(e);
            }
        });
        CommandLine.IParameterExceptionHandler usageText = commandLine.getParameterExceptionHandler();
        commandLine.setParameterExceptionHandler(new CommandLine.IParameterExceptionHandler() {
            @Override
            public int handleParseException(CommandLine.ParameterException e, String[] given) throws Exception {
                return asksForJson(given) ? root.usageErrorAsJson(e) : usageText.handleParseException(e, given);
            }
        });
        int status = commandLine.execute(args);
        root.finish(status);
        if (root.session != null) {
            root.session.close();
        }
        return status;
    }

    /** Without a command: a usage error, as for a group command without its subcommand. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required command: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** Before the subcommand runs: the log, the output and the session, from the parsed options. */
    private void start(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult leaf = parseResult;
        while (leaf.subcommand() != null) {
            leaf = leaf.subcommand();
        }
        if (backends.size() > 1 && !(leaf.commandSpec().userObject() instanceof ConfigCommand.ImportCinder)) {
            throw new CommandLine.ParameterException(leaf.commandSpec().commandLine(), "--backend given "
                    + backends.size() + " times; " + leaf.commandSpec().qualifiedName() + " works on one backend");
        }
        String backend = backends.isEmpty() ? null : backends.get(0);
        log = CliLog.install(stderr, format, verbose);
        output = new Output(stdout, format, columns, Json::mapper, RemoteFsCommand::yamlMapper);
        progressDisplay = progressDisplay(progress.resolve(StderrTerminal.ofThisProcess().isTerminal()));
        if (progressDisplay != null) {
            ProgressDisplay display = progressDisplay;
            log.beforeEachLine(display::breakLine);
        }
        session = new Session(config, backend, workingDirectory, RemoteFsCommand.class.getClassLoader(), stop,
                leaf.commandSpec().userObject() instanceof ReadOnlyCommand,
                progressDisplay == null ? ProgressReporter.none() : progressDisplay);
    }

    /** The display of the mode (already resolved from auto), or null for none. */
    private ProgressDisplay progressDisplay(ProgressMode mode) {
        return switch (mode) {
            case BAR -> new ProgressDisplay(new ProgressBar(stderr), System::nanoTime);
            case JSON -> new ProgressDisplay(new ProgressJsonLines(stderr, Json.mapper()), System::nanoTime);
            default -> null;
        };
    }

    /** Jackson's YAML writer (built only when YAML is written): a document without the {@code ---} line. */
    private static ObjectMapper yamlMapper() {
        return new ObjectMapper(YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());
    }

    private int fail(Exception e) {
        // a bar being drawn ends its line before the error is printed
        endProgress(false);
        RemoteFsException error = humane(e instanceof RemoteFsException remote ? remote
                : new RemoteFsException(ErrorCode.DRIVER_ERROR, "unexpected error: " + HumanMessages.of(e.getMessage()), e));
        if (stop.reason().isPresent()) {
            // whatever failed after a signal failed because of it: one stable code for all of them
            String reason = stop.reason().get();
            Map<String, String> details = new java.util.TreeMap<>(error.details());
            details.put("signal", reason);
            error = new RemoteFsException(ErrorCode.INTERRUPTED, "interrupted by " + reason + ": "
                    + error.getMessage() + "; what the command had begun was rolled back", details, error);
        }
        if (format == OutputFormat.JSON) {
            Map<String, Object> document = Views.error(error);
            addLog(document);
            stderr.println(json(document));
        } else {
            stderr.println("error [" + error.code().name() + "]: " + error.getMessage());
            if (verbose) {
                e.printStackTrace(stderr);
            }
        }
        return EXIT_ERROR;
    }

    /**
     * The error as a person reads it: no Java class names in its message; and "no share could be
     * mounted, see the warnings above" when there were no warnings says why there were none (the
     * shares file has no share line).
     */
    private RemoteFsException humane(RemoteFsException error) {
        String message = HumanMessages.of(error.getMessage());
        if (error.code() == ErrorCode.NO_SHARES_MOUNTED && log != null && !log.warned()) {
            message = "no share of the backend can be used: its shares configuration has no share line"
                    + " (every line is blank or a comment)";
        }
        if (message.equals(error.getMessage())) {
            return error;
        }
        RemoteFsException humane = new RemoteFsException(error.code(), message, error.details(), error.getCause());
        humane.setStackTrace(error.getStackTrace());
        return humane;
    }

    /**
     * Whether the arguments ask for JSON: a usage error may stop parsing before the format option
     * is read, so the arguments themselves are looked at.
     */
    private static boolean asksForJson(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equalsIgnoreCase("--format=json") || arg.equalsIgnoreCase("-f=json") || arg.equalsIgnoreCase("-fjson")
                    || ((arg.equals("--format") || arg.equals("-f")) && i + 1 < args.length
                    && args[i + 1].equalsIgnoreCase("json"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A usage error in JSON mode: one error document on stderr, as for any other error, with the
     * code {@code INVALID_INPUT}, the command it concerns, and exit status 2.
     */
    private int usageErrorAsJson(CommandLine.ParameterException e) {
        CommandLine command = e.getCommandLine();
        Map<String, Object> details = new java.util.TreeMap<>();
        details.put("command", command.getCommandSpec().qualifiedName());
        details.put("help", command.getCommandSpec().qualifiedName() + " --help");
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("code", ErrorCode.INVALID_INPUT.name());
        document.put("message", e.getMessage());
        document.put("cinder_exception", ErrorCode.INVALID_INPUT.cinderName());
        document.put("details", details);
        stderr.println(json(document));
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** In JSON mode, warnings of a successful run go to stderr as one document. */
    private void finish(int status) {
        // progress comes before the warnings: a program reading stderr meets the document last
        endProgress(status == 0);
        if (status == 0 && format == OutputFormat.JSON) {
            Map<String, Object> document = new LinkedHashMap<>();
            addLog(document);
            if (!document.isEmpty()) {
                stderr.println(json(document));
            }
        }
    }

    private void endProgress(boolean succeeded) {
        if (progressDisplay != null) {
            progressDisplay.end(succeeded);
        }
    }

    private void addLog(Map<String, Object> document) {
        if (log == null) {
            return;
        }
        if (!log.warnings().isEmpty()) {
            document.put("warnings", log.warnings());
        }
        if (!log.log().isEmpty()) {
            document.put("log", log.log());
        }
    }

    private static String json(Object document) {
        try {
            return Json.mapper().writeValueAsString(document);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    Session session() {
        return session;
    }

    /**
     * For a command that cannot roll back step by step (the conformance run): when a signal asked
     * to stop, reports {@code INTERRUPTED} now and ends the process with the signal's status.
     */
    void endIfStopped(String what) {
        stop.reason().ifPresent(reason -> {
            fail(new RemoteFsException(ErrorCode.INTERRUPTED, what, Map.of("signal", reason)));
            Runtime.getRuntime().halt(reason.equals("SIGINT") ? 130 : 143);
        });
    }

    Output output() {
        return output;
    }

    /** Standard output itself, for a command whose result is text of its own (a configuration). */
    PrintStream stdout() {
        return stdout;
    }

    /** Standard error, for what a command reports besides its result (one failure among several). */
    PrintStream stderr() {
        return stderr;
    }

    /** The directory relative paths the user gives are resolved against. */
    Path workingDirectory() {
        return workingDirectory;
    }

    /** The backend names given with {@code --backend}, in order. */
    List<String> backendNames() {
        return List.copyOf(backends);
    }

    /** The host's stop flag, raised by SIGINT and SIGTERM. */
    StopFlag stop() {
        return stop;
    }

    CliLog log() {
        return log;
    }

    /** The root command of a subcommand's command line. */
    static RemoteFsCommand root(CommandLine.Model.CommandSpec spec) {
        return (RemoteFsCommand) spec.root().userObject();
    }
}
