package org.remotefs.testing;

/** What fixtures share: how a missing precondition is reported. */
final class Fixtures {
    /** Set (to anything but {@code 0}) where fixtures must run, as CI sets it: a missing one fails the test. */
    static final String REQUIRE = "REMOTEFS_REQUIRE_FIXTURES";

    private Fixtures() {
    }

    /**
     * A precondition this machine lacks: JUnit's "aborted" (the test is reported as skipped with
     * the reason), or, where {@link #REQUIRE} is set, an error that fails it.
     */
    static RuntimeException unavailable(String why) {
        String required = System.getenv(REQUIRE);
        if (required != null && !required.isBlank() && !required.strip().equals("0")) {
            return new IllegalStateException(why + " (" + REQUIRE + " is set: this test must run here)");
        }
        return new FixtureUnavailableException(why);
    }
}
