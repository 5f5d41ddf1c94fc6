package org.remotefs.api.spi;

/** The type of a configuration option. */
public enum OptionType {
    /** Any text. */
    STRING,
    /** {@code true}/{@code false}, also {@code yes/no}, {@code on/off}, {@code 1/0}, any case (as oslo.config). */
    BOOLEAN,
    /** A whole number. */
    INTEGER,
    /** A decimal number. */
    FLOAT
}
