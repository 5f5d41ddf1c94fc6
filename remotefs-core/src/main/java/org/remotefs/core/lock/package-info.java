/**
 * Volume lock services: inter-process file locks compatible with tooz's and oslo's, in-process locks, the lock directory and the holder records. Internal; hosts choose them by configuration.
 */
package org.remotefs.core.lock;
