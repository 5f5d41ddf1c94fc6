package org.remotefs.zookeeper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names and order of the contenders of one lock, exactly as kazoo's {@code Lock} recipe
 * ({@code kazoo/recipe/lock.py}) makes and reads them, so that a kazoo (tooz, Python Cinder)
 * contender and a remotefs contender for the same lock node queue in one line:
 *
 * <ul>
 *   <li>a contender's node is {@code <32 hex digits of a random uuid>__lock__<sequence>}: kazoo's
 *       {@code self.prefix = uuid.uuid4().hex + self._NODE_NAME}, created ephemeral and sequential,
 *       so ZooKeeper appends the 10-digit sequence;</li>
 *   <li>contenders are the children matching kazoo's {@code _contenders_re},
 *       {@code (?:__lock__)(-?\d{10})$}; anything else (Curator's {@code _c_...-lock-...} nodes)
 *       is not one;</li>
 *   <li>they are ordered by the matched sequence text — a string sort, as kazoo sorts
 *       {@code m.groups()} — and the first holds the lock;</li>
 *   <li>a waiter watches the contender just before it (kazoo's {@code _get_predecessor});</li>
 *   <li>after a lost connection a contender finds its node again by its prefix (kazoo's
 *       {@code _find_node}, Curator's protection trick with kazoo's names).</li>
 * </ul>
 */
final class KazooNodes {
    /** kazoo's {@code Lock._NODE_NAME}. */
    static final String NODE_NAME = "__lock__";
    /** kazoo's {@code _contenders_re} for {@code _EXCLUDE_NAMES = ["__lock__"]}. */
    private static final Pattern CONTENDER = Pattern.compile("(?:" + NODE_NAME + ")(-?\\d{10})$");

    private final Supplier<UUID> uuids;

    KazooNodes(Supplier<UUID> uuids) {
        this.uuids = uuids;
    }

    /** A fresh contender's node prefix: {@code uuid.uuid4().hex + "__lock__"}. */
    String newPrefix() {
        return uuids.get().toString().replace("-", "") + NODE_NAME;
    }

    /** The contenders among a lock node's children, holder first. */
    static List<String> contenders(List<String> children) {
        List<Contender> found = new ArrayList<>();
        for (String child : children) {
            Matcher matcher = CONTENDER.matcher(child);
            if (matcher.find()) {
                found.add(new Contender(child, matcher.group(1)));
            }
        }
        found.sort(Comparator.comparing(Contender::sequence));
        return found.stream().map(Contender::node).toList();
    }

    /**
     * The contender {@code node} waits for, or empty when it holds the lock (kazoo's
     * {@code _get_predecessor}).
     *
     * @throws NodeGoneException when {@code node} is not among the children: its session ended
     *         and ZooKeeper removed it (kazoo raises {@code ForceRetryError} and starts over)
     */
    static Optional<String> predecessor(List<String> children, String node) {
        List<String> contenders = contenders(children);
        int at = contenders.indexOf(node);
        if (at < 0) {
            throw new NodeGoneException(node);
        }
        return at == 0 ? Optional.empty() : Optional.of(contenders.get(at - 1));
    }

    /** This contender's node among the children, found by its prefix (kazoo's {@code _find_node}). */
    static Optional<String> find(List<String> children, String prefix) {
        return children.stream().filter(child -> child.startsWith(prefix)).findFirst();
    }

    private record Contender(String node, String sequence) {
    }

    /** A contender's own node is gone: it lost its session. */
    static final class NodeGoneException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NodeGoneException(String node) {
            super("lock node " + node + " is gone (its session ended)");
        }
    }
}
