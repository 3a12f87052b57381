package io.emailra.ra.physical;

import io.emailra.ra.config.ControlCharacters;

/**
 * The user and password a physical connection signs on with; equal credentials (both parts) are
 * the condition for reusing a physical connection. {@link #toString()} never shows the password.
 */
public record Credentials(String user, String password) {

    /** Control characters are refused here, so no path (application, container, configuration) sends them. */
    public Credentials {
        if (user != null) {
            ControlCharacters.refuse(user, "the user name", true);
        }
        if (password != null) {
            ControlCharacters.refuse(password, "the password", false);
        }
    }

    public static final Credentials NONE = new Credentials(null, null);

    public boolean isPresent() {
        return user != null;
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + "]";
    }
}
