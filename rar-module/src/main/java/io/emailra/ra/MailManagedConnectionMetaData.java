package io.emailra.ra;

import io.emailra.ra.config.MailServerConfig;
import io.emailra.ra.physical.Credentials;
import jakarta.resource.spi.ManagedConnectionMetaData;

/** What the container shows about a managed connection. */
record MailManagedConnectionMetaData(MailServerConfig config, Credentials credentials)
        implements ManagedConnectionMetaData {

    @Override
    public String getEISProductName() {
        return config.protocol() + " server at " + config.server();
    }

    @Override
    public String getEISProductVersion() {
        return "unknown";
    }

    @Override
    public int getMaxConnections() {
        return 0;
    }

    @Override
    public String getUserName() {
        return credentials.user();
    }
}
