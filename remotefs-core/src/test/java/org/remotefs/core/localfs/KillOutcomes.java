package org.remotefs.core.localfs;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The random-kill harness's tally: per operation, the runs, and how each ended — {@code clean}
 * (after the kill, {@code check} found nothing), {@code repaired} ({@code check --repair} repaired
 * every finding), {@code broken} (anything else: a finding left, data not read back, a failed
 * retry, a file left on the share); and how many kills came after the operation had finished.
 */
final class KillOutcomes {
    enum Outcome { CLEAN, REPAIRED, BROKEN }

    private final Map<CrashOperation, int[]> counts = new EnumMap<>(CrashOperation.class);
    private final Map<CrashOperation, Integer> finishedFirst = new EnumMap<>(CrashOperation.class);
    private final Map<CrashOperation, Map<String, Integer>> where = new EnumMap<>(CrashOperation.class);
    private final List<String> broken = new ArrayList<>();

    /** @param landed where the kill landed: {@code in-process}, {@code qemu-img <step>}, {@code after the operation} */
    void add(CrashOperation operation, Outcome outcome, String landed, String description) {
        counts.computeIfAbsent(operation, o -> new int[Outcome.values().length])[outcome.ordinal()]++;
        where.computeIfAbsent(operation, o -> new java.util.TreeMap<>()).merge(landed, 1, Integer::sum);
        if (landed.equals("after the operation")) {
            finishedFirst.merge(operation, 1, Integer::sum);
        }
        if (outcome == Outcome.BROKEN) {
            broken.add(description);
        }
    }

    int runs() {
        return counts.values().stream().mapToInt(c -> c[0] + c[1] + c[2]).sum();
    }

    int total(Outcome outcome) {
        return counts.values().stream().mapToInt(c -> c[outcome.ordinal()]).sum();
    }

    int finishedBeforeKill() {
        return finishedFirst.values().stream().mapToInt(Integer::intValue).sum();
    }

    int killedInProcess() {
        return where.values().stream().mapToInt(w -> w.getOrDefault("in-process", 0)).sum();
    }

    List<String> broken() {
        return List.copyOf(broken);
    }

    /** One line per operation and a total line. */
    String table() {
        StringBuilder text = new StringBuilder(String.format("%-24s %5s %6s %9s %7s %15s%n", "operation", "runs",
                "clean", "repaired", "broken", "finished-first"));
        counts.forEach((operation, c) -> text.append(String.format("%-24s %5d %6d %9d %7d %15d%n",
                operation.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), c[0] + c[1] + c[2], c[0], c[1],
                c[2], finishedFirst.getOrDefault(operation, 0))));
        text.append(String.format("%-24s %5d %6d %9d %7d %15d%n", "total", runs(), total(Outcome.CLEAN),
                total(Outcome.REPAIRED), total(Outcome.BROKEN), finishedBeforeKill()));
        text.append("where the kills landed:\n");
        where.forEach((operation, landed) -> text.append(String.format("%-24s %s%n",
                operation.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), landed)));
        return text.toString();
    }
}
