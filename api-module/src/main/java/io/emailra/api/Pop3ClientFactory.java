package io.emailra.api;

/** The connection factory for {@link Pop3Client}s, bound in JNDI by the resource adapter. */
public interface Pop3ClientFactory extends EmailClientFactory<Pop3Client> {
}
