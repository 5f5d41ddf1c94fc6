package org.remotefs.core.keystone;

/** keystoneauth1's {@code auth_type} values remotefs supports. */
public enum AuthType {
    PASSWORD("password"),
    APPLICATION_CREDENTIAL("v3applicationcredential");

    private final String optionValue;

    AuthType(String optionValue) {
        this.optionValue = optionValue;
    }

    /** The spelling in the configuration ({@code auth_type = password}). */
    public String optionValue() {
        return optionValue;
    }
}
