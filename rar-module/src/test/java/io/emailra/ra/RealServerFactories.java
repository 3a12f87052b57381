package io.emailra.ra;

import io.emailra.testsupport.MailServers;

/** Managed connection factories pointed at the real Dovecot and Postfix. */
final class RealServerFactories {

    private RealServerFactories() {
    }

    /** Points the factory at one of the servers' ports, trusting the test CA, signed on as the user (or nobody). */
    static <M extends MailManagedConnectionFactory<?>> M configure(MailServers servers, M factory, String portName,
                                                                   String security, String user) {
        factory.setHost(servers.host());
        factory.setPort(servers.port(portName));
        factory.setTransportSecurity(security);
        factory.setTrustStore(servers.trustStore());
        factory.setTrustStorePassword(servers.trustStorePassword());
        factory.setUserName(user);
        factory.setPassword(user == null ? null : MailServers.password(user));
        return factory;
    }
}
