package io.emailra.api;

/** The connection factory for {@link ImapClient}s, bound in JNDI by the resource adapter. */
public interface ImapClientFactory extends EmailClientFactory<ImapClient> {
}
