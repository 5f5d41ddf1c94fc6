package org.remotefs.core.keystone;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A token Keystone issued. Its value never appears in {@link #toString()}.
 *
 * @param value     the {@code X-Subject-Token}
 * @param issuedAt  when it was issued ({@code issued_at}; the time of receipt when Keystone does not say)
 * @param expiresAt {@code expires_at}
 * @param catalog   the service catalog that came with it (empty for an unscoped token)
 */
public record KeystoneToken(String value, Instant issuedAt, Instant expiresAt, ServiceCatalog catalog) {
    /** keystoneauth1 renews a token this long before it expires (its STALE_TOKEN_DURATION). */
    static final Duration MAX_MARGIN = Duration.ofSeconds(30);

    public KeystoneToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * Whether the token should be replaced before use at {@code now}: within 30 s of its expiry, or
     * within half its lifetime for a short-lived token, so a call never starts with a token about to
     * lapse while it is on the way.
     */
    public boolean dueForRenewal(Instant now) {
        Duration half = Duration.between(issuedAt, expiresAt).dividedBy(2);
        Duration margin = half.compareTo(MAX_MARGIN) < 0 ? half : MAX_MARGIN;
        return !now.isBefore(expiresAt.minus(margin));
    }

    @Override
    public String toString() {
        return "KeystoneToken[value=***, issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + "]";
    }
}
