package org.remotefs.core.registry;

/**
 * A provider listed in a service file that could not be loaded or instantiated.
 *
 * @param description what the service loader named (the class, where known)
 * @param cause       why it failed
 */
public record ProviderLoadFailure(String description, Throwable cause) {

    public String reason() {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return cause.getMessage() + (root != cause ? " (caused by " + root + ")" : "");
    }
}
