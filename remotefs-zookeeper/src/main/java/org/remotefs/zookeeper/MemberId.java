package org.remotefs.zookeeper;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.remotefs.core.lock.HostIdentity;

/**
 * A coordination member id: what a contender writes as its lock node's data and nothing else, as
 * tooz passes its member id to kazoo's {@code Lock(path, identifier)}. Python Cinder's is
 * {@code cinder-<uuid>}; remotefs's says where it runs, {@code remotefs:<host>:<pid>}, so that
 * {@code remotefs locks} and a waiter's error show which host and process hold a lock. Tooz wants
 * it ASCII.
 *
 * @param value the id
 */
public record MemberId(String value) {
    private static final Pattern REMOTEFS = Pattern.compile("remotefs:([^:]+):(\\d+)");

    public MemberId {
        Objects.requireNonNull(value, "value is null");
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(value)) {
            throw new IllegalArgumentException("a member id is ASCII, as tooz wants it: " + value);
        }
    }

    /** This process's member id. */
    public static MemberId of(HostIdentity self) {
        return new MemberId("remotefs:" + self.host() + ":" + self.pid());
    }

    /** The node data: the id's bytes (tooz decodes them as ASCII, kazoo encodes the identifier as UTF-8). */
    public byte[] bytes() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** The member id a node's data holds. */
    static MemberId fromData(byte[] data) {
        return new MemberId(data == null ? "" : new String(data, StandardCharsets.US_ASCII));
    }

    /** The host of a remotefs member id; empty for others (Python Cinder's say none). */
    public Optional<String> host() {
        Matcher matcher = REMOTEFS.matcher(value);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The process id of a remotefs member id; empty for others. */
    public Optional<Long> pid() {
        Matcher matcher = REMOTEFS.matcher(value);
        return matcher.matches() ? Optional.of(Long.parseLong(matcher.group(2))) : Optional.empty();
    }
}
