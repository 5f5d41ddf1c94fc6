package org.remotefs.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the types of core that a backend module is meant to use or extend: its provider's base,
 * the protocol it implements, the share, mount and command tools it calls, the records it passes.
 * Every other public type of core is public only because core's own packages use it; a backend
 * that depends on one may break with any release. The README's map of core's packages lists the
 * marked types by package.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ForBackends {
}
