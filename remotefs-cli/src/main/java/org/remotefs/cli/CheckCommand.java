package org.remotefs.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.CheckFinding;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code remotefs check [VOLUME_ID ...] [--repair]}: what is wrong with the volumes' files, each
 * finding with its stable code; exit 0 only when nothing is (left) wrong, else {@code CHECK_FAILED}.
 */
@Command(name = "check", description = "Compare each volume's info file, its chain and its files on the share, and "
        + "report what is wrong; with --repair, do what is provably safe (never delete what may hold data).")
final class CheckCommand implements Runnable {
    static final List<String> COLUMNS = List.of("code", "volume_id", "share", "files", "repair", "outcome");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "VOLUME_ID", arity = "0..*", description = "The volumes to check (default: all).")
    List<String> volumeIds = new ArrayList<>();

    @Option(names = "--repair", description = "Repair what is provably safe to repair, and say what was done.")
    boolean repair;

    @Override
    public void run() {
        RemoteFsCommand root = RemoteFsCommand.root(spec);
        List<CheckFinding> findings = root.session().driver().checkVolumes(volumeIds, repair);
        List<Map<String, Object>> rows = findings.stream().map(CheckCommand::row).toList();
        long open = findings.stream().filter(CheckFinding::open).count();
        if (root.output().format() == OutputFormat.JSON) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("repair", repair);
            document.put("findings", rows);
            document.put("open", open);
            root.output().object(document);
        } else {
            root.output().rows(rows, repair ? COLUMNS : COLUMNS.subList(0, COLUMNS.size() - 1));
        }
        if (open > 0) {
            throw new RemoteFsException(ErrorCode.CHECK_FAILED, open + " finding(s) " + (repair ? "left" : "")
                    + (repair ? " after repair" : "; 'remotefs check --repair' repairs what is safe to repair"),
                    Map.of("findings", Long.toString(open)));
        }
    }

    private static Map<String, Object> row(CheckFinding finding) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("code", finding.code().name());
        row.put("volume_id", finding.volumeId());
        row.put("share", finding.share());
        row.put("files", String.join(",", finding.files()));
        row.put("message", finding.message());
        row.put("repair", finding.repair());
        row.put("outcome", finding.outcome());
        return row;
    }
}
