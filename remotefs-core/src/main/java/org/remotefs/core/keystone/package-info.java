/**
 * Keystone v3 authentication for the host's service clients (Glance, Nova), as Cinder's
 * keystoneauth1 sessions do it: password or application-credential tokens, renewed before they
 * expire and once when a service refuses one, the service catalog, and TLS with a CA file. Internal.
 */
package org.remotefs.core.keystone;
