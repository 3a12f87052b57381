package io.emailra.ra;

import io.emailra.ra.physical.Credentials;
import jakarta.resource.spi.ConnectionRequestInfo;

import java.util.Objects;

/** Application-managed sign-on: the credentials a client asked for with {@code getClient(user, password)}. */
public final class MailConnectionRequestInfo implements ConnectionRequestInfo {

    private final Credentials credentials;

    public MailConnectionRequestInfo(Credentials credentials) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    public Credentials credentials() {
        return credentials;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MailConnectionRequestInfo info && credentials.equals(info.credentials);
    }

    @Override
    public int hashCode() {
        return credentials.hashCode();
    }

    @Override
    public String toString() {
        return "MailConnectionRequestInfo[user=" + credentials.user() + "]";
    }
}
