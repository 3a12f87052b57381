package io.emailra.ra.config;

import io.emailra.api.AllocationMode;

import java.util.Map;

/**
 * The validated configuration of one managed connection factory. Immutable; {@link #toString()}
 * never shows a password. {@code maxConnectionsPerUser} is {@link Integer#MAX_VALUE} when unset
 * (learned from the server).
 */
public record MailServerConfig(Protocol protocol, String host, int port, TransportSecurity security,
                               String userName, String password, AllocationMode allocationMode,
                               int connectTimeoutMillis, int readTimeoutMillis, int validateAfterIdleMillis,
                               String trustStore, String trustStorePassword, boolean checkServerIdentity,
                               String oauth2TokenProvider, Map<String, String> mailProperties,
                               int maxConnectionsPerUser) {

    public MailServerConfig {
        mailProperties = Map.copyOf(mailProperties);
    }

    /** The server as a URL without credentials, for messages: {@code imap://host:port}. */
    public String server() {
        return protocol.name(security) + "://" + host + ":" + port;
    }

    @Override
    public String toString() {
        return "MailServerConfig[" + server() + ", security=" + security + ", userName=" + userName
                + ", allocationMode=" + allocationMode + ", connectTimeoutMillis=" + connectTimeoutMillis
                + ", readTimeoutMillis=" + readTimeoutMillis + ", validateAfterIdleMillis=" + validateAfterIdleMillis
                + ", trustStore=" + trustStore
                + ", checkServerIdentity=" + checkServerIdentity + ", oauth2TokenProvider=" + oauth2TokenProvider
                + ", mailProperties=" + mailProperties.keySet() + ", maxConnectionsPerUser="
                + (maxConnectionsPerUser == Integer.MAX_VALUE ? "learned" : maxConnectionsPerUser) + "]";
    }
}
