/**
 * Test fixtures as a library: stand-ins for the servers and tools that a file-based backend's tests
 * need, one class per service, each with defaults, {@code with...} settings, {@code start()} and
 * {@code close()}. Servers listen on 127.0.0.1 only and are stopped by their process id. A fixture
 * that cannot start on this machine (no root, a Debian package missing) throws
 * {@link org.remotefs.testing.FixtureUnavailableException}, which JUnit 5 reports as a skipped test.
 *
 * <p>A backend's tests depend on {@code org.remotefs:remotefs-testing} with test scope. The module
 * depends on no remotefs module (core's own tests use it), only on the JDK, Jackson and opentest4j.
 */
package org.remotefs.testing;
