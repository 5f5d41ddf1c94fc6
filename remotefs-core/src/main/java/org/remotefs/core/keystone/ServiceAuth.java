package org.remotefs.core.keystone;

import java.net.URI;

/** Where a service is and the token to call it with: a static token, or Keystone's. */
public interface ServiceAuth {

    /** The service's base URL (configured, or from the token's catalog). */
    URI endpoint();

    /** The token to send now ({@code X-Auth-Token}). */
    String token();

    /**
     * The service refused {@code rejected} (HTTP 401): replace it, unless that was done already.
     *
     * @return false when there is no other token to get (a static token)
     */
    boolean renew(String rejected);

    /** Who authenticates where, for messages; never a secret. */
    String describe();
}
