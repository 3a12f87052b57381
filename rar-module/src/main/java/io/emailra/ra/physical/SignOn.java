package io.emailra.ra.physical;

import io.emailra.api.EmailAuthenticationException;
import io.emailra.api.EmailConnectionException;
import io.emailra.api.EmailException;
import io.emailra.api.OAuth2TokenProvider;
import io.emailra.ra.config.ControlCharacters;
import io.emailra.ra.config.AngusContext;
import io.emailra.ra.config.MailServerConfig;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;

/**
 * Signing on to one server: with the password, or with an XOAUTH2 token, asking the provider once
 * for a fresh one when the server refuses it; and what a failed sign-on means. Only the server's
 * refusal of the credentials is an {@link EmailAuthenticationException}; a connection that ends or
 * stalls, a missing STARTTLS, the server's trouble or its connection limit are connection failures.
 */
public final class SignOn<P extends PhysicalConnection> {

    /** Opens and signs on one physical connection of the protocol, or a socket that replaces one's. */
    @FunctionalInterface
    public interface Connector<T> {
        T connect(Session session, MailServerConfig config, Credentials credentials) throws MessagingException;
    }

    private final MailServerConfig config;
    private final Session session;
    private final OAuth2TokenProvider tokens;
    private final Connector<P> connector;

    /**
     * @param tokens the XOAUTH2 token provider, or null to sign on with the password
     */
    public SignOn(MailServerConfig config, Session session, OAuth2TokenProvider tokens, Connector<P> connector) {
        this.config = config;
        this.session = session;
        this.tokens = tokens;
        this.connector = connector;
    }

    /**
     * @throws EmailException naming the server (and the user for a refusal): what went wrong
     */
    public P signOn(Credentials credentials) {
        return signOn(credentials, connector);
    }

    /**
     * Signs on with another connector: a physical connection that replaces its socket (SMTP's provider
     * limits) signs on as it did first, with the password or a token the provider gives now.
     *
     * @throws EmailException naming the server (and the user for a refusal): what went wrong
     */
    public <T> T signOn(Credentials credentials, Connector<T> with) {
        try {
            return tokens == null ? connect(credentials, with) : withTokens(credentials, with);
        } catch (AuthenticationFailedException e) {
            if (!ConnectionFailures.isCredentialRefusal(e)) {
                throw new EmailConnectionException("cannot sign on to " + config.server() + " (" + config.security()
                        + "), though not for the credentials: " + ConnectionFailures.describe(e), e);
            }
            throw new EmailAuthenticationException("authentication failed for user '" + credentials.user() + "' at "
                    + config.server() + ": " + ConnectionFailures.describe(e), e);
        } catch (MessagingException e) {
            throw new EmailConnectionException("cannot connect to " + config.server() + " (" + config.security() + "): "
                    + ConnectionFailures.describe(e), e);
        }
    }

    private <T> T withTokens(Credentials credentials, Connector<T> with) throws MessagingException {
        try {
            return connect(withToken(credentials.user(), false), with);
        } catch (AuthenticationFailedException refused) {
            if (!ConnectionFailures.isCredentialRefusal(refused)) {
                throw refused;
            }
            return connect(withToken(credentials.user(), true), with);
        }
    }

    /** Connects in emailra's context ({@link AngusContext}): the socket keeps nothing of the caller's. */
    private <T> T connect(Credentials credentials, Connector<T> with) throws MessagingException {
        return AngusContext.run(() -> with.connect(session, config, credentials));
    }

    private Credentials withToken(String user, boolean refresh) throws AuthenticationFailedException {
        String token;
        try {
            token = tokens.accessToken(user, refresh);
        } catch (RuntimeException e) {
            throw new AuthenticationFailedException("the OAuth2 token provider " + tokens.getClass().getName()
                    + " failed for user '" + user + "': " + e);
        }
        if (token == null || token.isBlank()) {
            throw new AuthenticationFailedException("the OAuth2 token provider " + tokens.getClass().getName()
                    + " returned no token for user '" + user + "'");
        }
        if (ControlCharacters.find(token) >= 0) {
            throw new AuthenticationFailedException("the OAuth2 token provider " + tokens.getClass().getName()
                    + " returned a token with control characters for user '" + user + "'");
        }
        return new Credentials(user, token);
    }
}
