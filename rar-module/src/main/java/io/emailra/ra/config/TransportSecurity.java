package io.emailra.ra.config;

/** How the connection to the server is protected. */
public enum TransportSecurity {
    /** Plain text. Only for servers on a trusted network or tests. */
    NONE,
    /** Plain connect, then STARTTLS; a server that does not offer it is an error, never a fall-back. */
    STARTTLS,
    /** TLS from the first byte (implicit TLS). */
    TLS
}
