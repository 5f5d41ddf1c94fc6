/**
 * The built-in {@code localfs} backend: shares are local directories. Also an example of a complete backend on core.
 */
package org.remotefs.core.localfs;
