package org.remotefs.core.lock;

import java.util.List;

/**
 * A lock service that can tell which volume locks are held and waited for, and by whom: what
 * {@code remotefs locks} shows an operator. File locks and ZooKeeper locks both answer it; locks
 * that live in one process ({@code inprocess://}) do not.
 */
public interface LockInventory {

    /** Where the locks live, as an operator names it: a directory, or a URL with its password masked. */
    String location();

    /**
     * Every lock held or waited for now, ordered by lock name, each lock's holder before its waiters.
     * Reads only: taking no lock, changing nothing.
     */
    List<LockEntry> locks();
}
