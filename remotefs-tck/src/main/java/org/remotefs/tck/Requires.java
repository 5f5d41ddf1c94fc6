package org.remotefs.tck;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.remotefs.api.spi.Capability;

/**
 * A contract test for a capability. When the backend declares it, the test runs and must pass;
 * when it does not, the test's body is replaced by the refusal check of that capability: the
 * operation must fail with {@code UNSUPPORTED} and change nothing; for a layout (thin, thick,
 * qcow2), a backend opened with that provisioning must fail at setup with {@code UNSUPPORTED}.
 * Never a silent skip.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Requires {
    Capability value();
}
