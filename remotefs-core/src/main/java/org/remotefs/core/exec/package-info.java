/**
 * External commands: argument lists only, through the root helper, with time-outs, captured output, and a stop that ends the child. Backends run their commands (mount, ...) through {@link org.remotefs.core.exec.CommandRunner}, and check their mount helper with {@link org.remotefs.core.exec.ProgramCheck}.
 */
package org.remotefs.core.exec;
