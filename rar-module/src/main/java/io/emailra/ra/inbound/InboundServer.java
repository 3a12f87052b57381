package io.emailra.ra.inbound;

/**
 * The server and account an activation receives from, references resolved: what the resource
 * adapter gives the activation's own connection factory, which checks them as it checks its own
 * config. Null means the factory's default. Its description never holds the passwords.
 */
public record InboundServer(String host, Integer port, String transportSecurity, String userName, String password,
                            String oauth2TokenProvider, String trustStore, String trustStorePassword,
                            Boolean checkServerIdentity) {

    @Override
    public String toString() {
        return "InboundServer[" + host + ":" + (port == null ? "default" : port) + ", " + transportSecurity + ", userName="
                + userName + ", trustStore=" + trustStore + "]";
    }
}
