package io.emailra.ra.inbound;

import io.emailra.api.SearchQuery;
import io.emailra.ra.config.ConfigException;

import java.util.Locale;

/**
 * What marks a message handled after {@code onMail} returned normally: {@code SEEN} (the message goes
 * back to its folder, seen), {@code DELETE}, {@code MOVE:<folder>}, {@code KEYWORD:<name>} (back to
 * its folder with the keyword). Messages already so marked are not delivered again.
 *
 * @param action   the kind of mark
 * @param argument the folder of MOVE or the keyword of KEYWORD, else null
 */
public record AfterDelivery(Action action, String argument) {

    /** The kinds of mark. */
    public enum Action { SEEN, DELETE, MOVE, KEYWORD }

    static final String VALID = "SEEN, DELETE, MOVE:<folder>, KEYWORD:<keyword>";

    static AfterDelivery parse(String owner, String value) {
        if (value != null) {
            String trimmed = value.strip();
            int colon = trimmed.indexOf(':');
            String name = (colon < 0 ? trimmed : trimmed.substring(0, colon)).toUpperCase(Locale.ROOT);
            String argument = colon < 0 ? null : trimmed.substring(colon + 1).strip();
            switch (name) {
                case "SEEN", "DELETE" -> {
                    if (argument == null) {
                        return new AfterDelivery(Action.valueOf(name), null);
                    }
                }
                case "MOVE" -> {
                    if (argument != null && !argument.isEmpty() && argument.chars().noneMatch(Character::isISOControl)) {
                        return new AfterDelivery(Action.MOVE, argument);
                    }
                }
                case "KEYWORD" -> {
                    if (argument != null) {
                        try {
                            return new AfterDelivery(Action.KEYWORD, new SearchQuery.Keyword(argument).keyword());
                        } catch (IllegalArgumentException notAKeyword) {
                            // refused below, as the config property's value
                        }
                    }
                }
                default -> {
                    // not a known action: refused below
                }
            }
        }
        throw new ConfigException(owner, "afterDelivery", value, VALID);
    }
}
