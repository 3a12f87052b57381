package io.emailra.ra;

import io.emailra.ra.physical.Credentials;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.security.PasswordCredential;

import javax.security.auth.Subject;

/**
 * Where the credentials of a connection request come from, first match wins: the application's
 * ({@code getClient(user, password)}, carried in the {@link MailConnectionRequestInfo}), the
 * container's ({@link PasswordCredential} for this factory in the {@link Subject}: container-managed
 * sign-on), the configured {@code userName}/{@code password}. Equal credentials are the condition for
 * reusing a physical connection.
 */
final class CredentialSources {

    private CredentialSources() {
    }

    /** @param configured the configured {@code userName}/{@code password}, or {@link Credentials#NONE} */
    static Credentials resolve(ManagedConnectionFactory owner, Subject subject, ConnectionRequestInfo info,
                               Credentials configured) {
        if (info instanceof MailConnectionRequestInfo request) {
            return request.credentials();
        }
        if (subject != null) {
            for (PasswordCredential credential : subject.getPrivateCredentials(PasswordCredential.class)) {
                String user = credential.getUserName();
                if (owner.equals(credential.getManagedConnectionFactory()) && user != null && !user.isBlank()) {
                    return new Credentials(user, new String(credential.getPassword()));
                }
            }
        }
        return configured;
    }
}
