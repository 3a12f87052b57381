package io.emailra.ra.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the RAR's {@code ra.xml}: the template with each {@code <!-- emailra:config-properties IMAP -->}
 * marker replaced by the {@code config-property} elements of that protocol's {@link ConfigProperty}s,
 * indented as the marker is. The build runs it (exec:java, before packaging), so the three connection definitions
 * cannot drift from each other or from the factories' defaults.
 */
public final class ResourceAdapterDescriptor {

    /** Followed by the protocol whose factory's properties replace it: {@code <!-- emailra:config-properties SMTP -->}. */
    static final String MARKER = "<!-- emailra:config-properties";

    private ResourceAdapterDescriptor() {
    }

    /** {@code args}: the template, the {@code ra.xml} to write. */
    public static void main(String[] args) throws IOException {
        Path output = Path.of(args[1]);
        Files.createDirectories(output.getParent());
        Files.writeString(output, fill(Files.readString(Path.of(args[0]))));
    }

    static String fill(String template) {
        Matcher marker = Pattern.compile("(?m)^([ \\t]*)" + Pattern.quote(MARKER) + " ([A-Z0-9]+) -->\\R").matcher(template);
        StringBuilder filled = new StringBuilder();
        int markers = 0;
        while (marker.find()) {
            markers++;
            marker.appendReplacement(filled, Matcher.quoteReplacement(properties(marker.group(1), Protocol.valueOf(marker.group(2)))));
        }
        marker.appendTail(filled);
        if (markers == 0) {
            throw new IllegalArgumentException("the template has no " + MARKER);
        }
        return filled.toString();
    }

    private static String properties(String indent, Protocol protocol) {
        StringBuilder xml = new StringBuilder();
        String inner = indent + "    ";
        for (ConfigProperty property : ConfigProperty.of(protocol)) {
            xml.append(indent).append("<config-property>\n");
            xml.append(inner).append("<description>").append(escape(property.description())).append("</description>\n");
            xml.append(inner).append("<config-property-name>").append(property.propertyName())
                    .append("</config-property-name>\n");
            xml.append(inner).append("<config-property-type>").append(property.type().getName())
                    .append("</config-property-type>\n");
            if (property.defaultValue() != null) {
                xml.append(inner).append("<config-property-value>").append(escape(property.defaultValue()))
                        .append("</config-property-value>\n");
            }
            if (property.isConfidential()) {
                xml.append(inner).append("<config-property-confidential>true</config-property-confidential>\n");
            }
            xml.append(indent).append("</config-property>\n");
        }
        return xml.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
