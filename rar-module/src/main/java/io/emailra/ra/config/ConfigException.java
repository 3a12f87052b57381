package io.emailra.ra.config;

import java.util.Collection;

/** A config property has a value emailra cannot use; the message names the property, the value and what is allowed. */
public final class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String property;

    public ConfigException(String owner, String property, Object value, String allowed) {
        super("Invalid value '" + value + "' for config property '" + property + "' of " + owner
                + "; valid values: " + allowed);
        this.property = property;
    }

    static String list(Collection<?> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }

    public String property() {
        return property;
    }
}
