/**
 * The compute service's part in snapshots of attached volumes: Nova's client, the endpoint receiving its status reports, the wait with Cinder's back-off. Internal; hosts choose it by configuration.
 */
package org.remotefs.core.compute;
