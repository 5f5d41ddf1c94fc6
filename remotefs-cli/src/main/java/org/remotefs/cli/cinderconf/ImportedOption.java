package org.remotefs.cli.cinderconf;

/**
 * One option carried over: its remotefs key and value, and where in the Cinder file it came from.
 *
 * @param key     the key (Cinder's name, which remotefs keeps)
 * @param value   the value typed as the option is: a Boolean, a Long, a Double or a String
 * @param section the Cinder section it was read from ({@code backend_defaults} for a shared default)
 * @param line    its line in the Cinder file; 0 for a value the file does not set (Cinder's default, which
 *                {@code note} names)
 * @param secret  whether it must never be printed
 * @param note    what else to say about it in the comment (given several times, ...), or empty
 */
public record ImportedOption(String key, Object value, String section, int line, boolean secret, String note) {
}
