package io.emailra.ra.config;

import io.emailra.ra.pool.PoolSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the OSGi Metatype description of emailra's factory configuration ({@code io.emailra}) from
 * {@link ConfigProperty}, so that Felix's and Karaf's web consoles offer every property with its type,
 * default and description. The build runs it (exec:java) into the implementation bundle's
 * {@code OSGI-INF/metatype/}.
 */
public final class MetatypeDescriptor {

    private MetatypeDescriptor() {
    }

    /** {@code args}: the file to write. */
    public static void main(String[] args) throws IOException {
        Path output = Path.of(args[0]);
        Files.createDirectories(output.getParent());
        Files.writeString(output, describe());
    }

    static String describe() {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <metatype:MetaData xmlns:metatype="http://www.osgi.org/xmlns/metatype/v1.4.0">
                    <OCD id="io.emailra" name="emailra client factory" description="One configuration is one ImapClientFactory, Pop3ClientFactory or SmtpClientFactory service, with its own pool.">
                        <AD id="protocol" type="String" name="protocol" description="Which client factory this configuration makes." required="true">
                            <Option label="IMAP" value="IMAP"/>
                            <Option label="POP3" value="POP3"/>
                            <Option label="SMTP" value="SMTP"/>
                        </AD>
                """);
        for (ConfigProperty property : ConfigProperty.values()) {
            attribute(xml, property.propertyName(), type(property), property.defaultValue(), property.description());
        }
        PoolSettings pool = PoolSettings.defaults();
        attribute(xml, "pool.maxSize", "Integer", String.valueOf(pool.maxSize()),
                "The most physical connections of this configuration's pool.");
        attribute(xml, "pool.maxWaitMillis", "Integer", String.valueOf(pool.maxWait().toMillis()),
                "How long an operation waits for a pooled connection.");
        attribute(xml, "pool.idleTimeoutMillis", "Integer", String.valueOf(pool.idleTimeout().toMillis()),
                "A pooled connection idle this long is closed.");
        attribute(xml, "oauth2TokenProvider.target", "String", null, "An LDAP filter selecting the"
                + " io.emailra.api.OAuth2TokenProvider service to sign on with (XOAUTH2), instead of oauth2TokenProvider.");
        xml.append("""
                    </OCD>
                    <Designate factoryPid="io.emailra">
                        <Object ocdref="io.emailra"/>
                    </Designate>
                </metatype:MetaData>
                """);
        return xml.toString();
    }

    private static String type(ConfigProperty property) {
        return property.isConfidential() ? "Password" : property.type().getSimpleName();
    }

    private static void attribute(StringBuilder xml, String id, String type, String defaultValue, String description) {
        xml.append("        <AD id=\"").append(id).append("\" type=\"").append(type).append("\" name=\"").append(id)
                .append("\" description=\"").append(escape(description)).append("\" required=\"false\"");
        if (defaultValue != null && !defaultValue.isEmpty()) {
            xml.append(" default=\"").append(escape(defaultValue)).append('"');
        }
        xml.append("/>\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
