package io.emailra.ra;

/**
 * The user and password a physical connection signs on with; equal credentials (both parts) are
 * the condition for reusing a physical connection. {@link #toString()} never shows the password.
 */
public record Credentials(String user, String password) {

    static final Credentials NONE = new Credentials(null, null);

    public boolean isPresent() {
        return user != null;
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + "]";
    }
}
