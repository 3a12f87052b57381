package io.emailra.api;

/**
 * Supplies OAuth 2 access tokens for XOAUTH2 sign-on. The application provides the class and names
 * it in the connection factory's {@code oauth2TokenProvider} config property; it needs a public
 * no-argument constructor and must be thread-safe.
 *
 * <p>emailra asks for a token for each new physical connection. When the server refuses it (an
 * expired token, say), emailra asks once more with {@code refresh} set and tries again, once.
 */
public interface OAuth2TokenProvider {

    /**
     * An access token for the user.
     *
     * @param user    the user signing on
     * @param refresh {@code true} when the server refused the last token: return a new one, not a cached one
     */
    String accessToken(String user, boolean refresh);
}
