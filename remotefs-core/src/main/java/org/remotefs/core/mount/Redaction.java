package org.remotefs.core.mount;

import org.remotefs.core.ForBackends;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Secret values (a password in a cifs mount's {@code -o} options) that must never appear in an
 * error or a log line: wherever one occurs in a text, it is replaced by {@code ***}. Values are
 * matched as plain text, not as whole arguments, because a secret usually sits inside an argument
 * ({@code username=u,password=s}).
 *
 * @param secrets the values to mask, longest first so that a secret containing another is masked
 *                whole; empty values are dropped (they would match everywhere)
 */
@ForBackends
public record Redaction(List<String> secrets) {
    /** What a masked secret becomes. */
    public static final String MASK = "***";

    /**
     * @throws NullPointerException when the list or one of its values is null
     */
    public Redaction {
        Objects.requireNonNull(secrets, "secrets is null");
        secrets = secrets.stream()
                .map(secret -> Objects.requireNonNull(secret, "a secret is null"))
                .filter(secret -> !secret.isEmpty())
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    /** Nothing to mask: for protocols whose command lines hold no secret (NFS, GlusterFS). */
    public static Redaction none() {
        return new Redaction(List.of());
    }

    /** Masks these values. */
    public static Redaction of(String... secrets) {
        return new Redaction(Arrays.asList(secrets));
    }

    /**
     * The text with every secret replaced by {@link #MASK}; null stays null.
     */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    /** An argument list joined with spaces, secrets masked: how a command line may be shown. */
    public String mask(List<String> arguments) {
        return mask(String.join(" ", arguments));
    }

    /** Never shows the secrets themselves, so a logged or printed redaction leaks nothing. */
    @Override
    public String toString() {
        return "Redaction[" + secrets.size() + " secret(s)]";
    }
}
