/**
 * The host's services for one configuration (volume locks, image service, compute assist), the stop flag that signals raise, and the guard operations ask before each write. Internal.
 */
package org.remotefs.core.host;
