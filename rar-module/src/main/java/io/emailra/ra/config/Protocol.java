package io.emailra.ra.config;

/** The three protocols, with their Jakarta Mail property prefixes and standard ports. */
public enum Protocol {
    IMAP("imap", "imaps", 143, 993),
    POP3("pop3", "pop3s", 110, 995),
    SMTP("smtp", "smtps", 587, 465);

    private final String plainName;
    private final String tlsName;
    private final int plainPort;
    private final int tlsPort;

    Protocol(String plainName, String tlsName, int plainPort, int tlsPort) {
        this.plainName = plainName;
        this.tlsName = tlsName;
        this.plainPort = plainPort;
        this.tlsPort = tlsPort;
    }

    /** The Jakarta Mail protocol name: {@code imaps}, {@code pop3s}, {@code smtps} for implicit TLS. */
    public String name(TransportSecurity security) {
        return security == TransportSecurity.TLS ? tlsName : plainName;
    }

    /** The standard port: the implicit-TLS port for {@code TLS}, else the plain one (STARTTLS upgrades it). */
    public int standardPort(TransportSecurity security) {
        return security == TransportSecurity.TLS ? tlsPort : plainPort;
    }
}
