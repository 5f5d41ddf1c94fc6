package org.remotefs.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.remotefs.api.RemoteFsException;

/**
 * Deleting several things in one command, as {@code openstack volume delete ID ID} does: each id is
 * tried in turn whatever happened to the one before, each is reported, and the exit status says
 * whether all were deleted. With one id the command reads as it always did: its result, or its
 * error.
 */
final class Deletions {
    private final RemoteFsCommand root;
    private final String kind;

    /** @param kind what is deleted, plural, for the final message ({@code volumes}) */
    Deletions(RemoteFsCommand root, String kind) {
        this.root = root;
        this.kind = kind;
    }

    /**
     * Deletes each id with {@code delete}, which returns the result to print for it (and prints
     * its own line for people).
     *
     * @throws RemoteFsException when any id could not be deleted: the first failure's code, naming
     *                           every id that failed
     */
    void run(List<String> ids, Function<String, Map<String, Object>> delete) {
        if (ids.size() == 1) {
            Map<String, Object> result = delete.apply(ids.get(0));
            if (!root.output().format().forPeople()) {
                root.output().object(result);
            }
            return;
        }
        List<Map<String, Object>> results = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        RemoteFsException first = null;
        for (String id : ids) {
            if (root.stop().stopRequested()) {
                break;
            }
            try {
                results.add(delete.apply(id));
            } catch (RemoteFsException e) {
                failed.add(id);
                first = first == null ? e : first;
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("id", id);
                result.put("deleted", false);
                result.put("error", Views.error(e));
                results.add(result);
                if (root.output().format().forPeople()) {
                    root.stderr().println("error [" + e.code().name() + "]: " + id + ": " + e.getMessage());
                }
            }
        }
        if (!root.output().format().forPeople()) {
            root.output().rows(results, List.of("id", "deleted"));
        }
        if (first != null) {
            throw new RemoteFsException(first.code(), failed.size() + " of " + ids.size() + " " + kind
                    + " could not be deleted: " + String.join(", ", failed),
                    Map.of("failed", String.join(",", failed)), first);
        }
    }
}
