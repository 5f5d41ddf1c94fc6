package org.remotefs.api.model;

import java.util.List;

/**
 * One thing {@code remotefs check} found wrong with a volume's files.
 *
 * @param code     the stable code
 * @param volumeId the volume
 * @param share    the share holding the files
 * @param files    the files concerned (bare names on the share)
 * @param message  what is wrong, for people
 * @param repair   what {@code --repair} does about it ({@code none: ...} when nothing is provably safe)
 * @param outcome  null when no repair was asked; else {@code repaired}, {@code kept} (nothing safe to
 *                 do: the files stay as they are) or {@code failed: <code>}
 */
public record CheckFinding(FindingCode code, String volumeId, String share, List<String> files, String message,
                           String repair, String outcome) {

    public CheckFinding {
        Checks.notNull("code", code);
        files = List.copyOf(files);
    }

    /** The same finding with what the repair did. */
    public CheckFinding withOutcome(String newOutcome) {
        return new CheckFinding(code, volumeId, share, files, message, repair, newOutcome);
    }

    /** Whether the volume is still wrong after this finding: not repaired. */
    public boolean open() {
        return !"repaired".equals(outcome);
    }
}
