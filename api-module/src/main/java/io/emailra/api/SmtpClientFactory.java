package io.emailra.api;

/** The connection factory for {@link SmtpClient}s, bound in JNDI by the resource adapter. */
public interface SmtpClientFactory extends EmailClientFactory<SmtpClient> {
}
