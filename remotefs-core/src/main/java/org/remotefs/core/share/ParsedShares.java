package org.remotefs.core.share;

import java.util.List;
import java.util.Optional;

import org.remotefs.core.config.ConfigProblem;

/**
 * The shares a configuration yields, in Cinder's order, and the problems met on the way.
 *
 * @param shares   the shares, each address once
 * @param problems lines skipped or read in a way the operator may not expect
 */
public record ParsedShares(List<Share> shares, List<ConfigProblem> problems) {

    public ParsedShares {
        shares = List.copyOf(shares);
        problems = List.copyOf(problems);
    }

    public Optional<Share> find(String address) {
        return shares.stream().filter(s -> s.address().equals(address)).findFirst();
    }
}
