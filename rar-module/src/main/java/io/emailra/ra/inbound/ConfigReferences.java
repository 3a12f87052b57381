package io.emailra.ra.inbound;

import io.emailra.ra.config.ConfigException;

import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * References in an activation config value, {@code ${NAME}} or {@code ${NAME:default}}: the system
 * property NAME, else the environment variable NAME, else the default. An activation config lives in
 * the application (annotations, ejb-jar.xml); references keep the server, the account and above all
 * the password out of it, set where the application runs, the same way on every server.
 */
final class ConfigReferences {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^}]*))?}");
    private static final String VALID = "a value, or ${NAME} or ${NAME:default} naming a system property or environment"
            + " variable (letters, digits, _ and .)";

    private final String owner;
    private final UnaryOperator<String> lookup;

    ConfigReferences(String owner) {
        this(owner, name -> System.getProperty(name, System.getenv(name)));
    }

    ConfigReferences(String owner, UnaryOperator<String> lookup) {
        this.owner = owner;
        this.lookup = lookup;
    }

    /** The value with its references replaced; null stays null. */
    String resolve(String property, String value) {
        if (value == null || !value.contains("${")) {
            return value;
        }
        // A password's own value is never shown; a reference is (it holds no secret).
        Object shown = property.toLowerCase(Locale.ROOT).contains("password") && !REFERENCE.matcher(value).matches()
                ? "(hidden)" : value;
        Matcher reference = REFERENCE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (reference.find()) {
            String found = lookup.apply(reference.group(1));
            if (found == null) {
                found = reference.group(2);
            }
            if (found == null) {
                throw new ConfigException(owner, property, shown, VALID + " that is set (" + reference.group(1) + " is not)");
            }
            reference.appendReplacement(resolved, Matcher.quoteReplacement(found));
        }
        reference.appendTail(resolved);
        if (REFERENCE.matcher(value).replaceAll("").contains("${")) {
            throw new ConfigException(owner, property, shown, VALID);
        }
        return resolved.toString();
    }
}
