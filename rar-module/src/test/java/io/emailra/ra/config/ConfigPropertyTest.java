package io.emailra.ra.config;

import io.emailra.ra.ImapManagedConnectionFactory;
import io.emailra.ra.MailManagedConnectionFactory;
import io.emailra.ra.Pop3ManagedConnectionFactory;
import io.emailra.ra.SmtpManagedConnectionFactory;
import org.junit.jupiter.api.Test;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ConfigProperty} is the one source of the config properties: the factories, ra.xml and the README follow it. */
class ConfigPropertyTest {

    @Test
    void everyFactoryHasExactlyTheseJavaBeanPropertiesStartingFromTheirDefaults() throws Exception {
        for (MailManagedConnectionFactory<?> factory : List.of(new ImapManagedConnectionFactory(),
                new Pop3ManagedConnectionFactory(), new SmtpManagedConnectionFactory())) {
            List<ConfigProperty> properties = ConfigProperty.of(factory.protocol());
            Map<String, PropertyDescriptor> beans = Arrays.stream(Introspector.getBeanInfo(factory.getClass())
                            .getPropertyDescriptors())
                    .filter(p -> p.getReadMethod() != null && p.getWriteMethod() != null)
                    .filter(p -> !p.getName().equals("logWriter") && !p.getName().equals("resourceAdapter"))
                    .collect(Collectors.toMap(PropertyDescriptor::getName, Function.identity()));
            assertEquals(properties.stream().map(ConfigProperty::propertyName).sorted().toList(),
                    beans.keySet().stream().sorted().toList(), factory.getClass().getSimpleName());
            for (ConfigProperty property : properties) {
                PropertyDescriptor bean = beans.get(property.propertyName());
                assertEquals(property.type(), bean.getPropertyType(), property.propertyName());
                Object value = bean.getReadMethod().invoke(factory);
                assertEquals(property.defaultValue(), value == null ? null : String.valueOf(value), property.propertyName());
            }
        }
    }

    @Test
    void theDescriptorGetsEachConnectionDefinitionItsProtocolsProperties() {
        String template = "<a>\n    " + ResourceAdapterDescriptor.MARKER + " IMAP -->\n</a>\n<b>\n  "
                + ResourceAdapterDescriptor.MARKER + " SMTP -->\n</b>\n";
        String filled = ResourceAdapterDescriptor.fill(template);
        for (ConfigProperty property : ConfigProperty.values()) {
            String name = "<config-property-name>" + property.propertyName() + "</config-property-name>";
            assertEquals(property.isCommon() ? 2 : 1, filled.split(name, -1).length - 1, property.propertyName());
        }
        assertTrue(filled.substring(filled.indexOf("<b>")).contains("<config-property-name>deliveryMode<"), filled);
        assertTrue(filled.contains("    <config-property>\n        <description>Host name"), filled);
        assertTrue(filled.contains("<config-property-value>localhost</config-property-value>"));
        assertEquals(4, filled.split("<config-property-confidential>true", -1).length - 1, "password and trustStorePassword");
        assertTrue(filled.contains("(Dovecot [LIMIT], Gmail \"Too many"), "text needs no escaping but & < >");
    }

    @Test
    void theReadmeTableListsEveryPropertyWithItsDefault() throws Exception {
        List<String> rows = Files.readAllLines(Path.of("..", "README.md")).stream()
                .filter(line -> line.startsWith("| `")).toList();
        List<String> missing = new ArrayList<>();
        for (ConfigProperty property : ConfigProperty.values()) {
            String row = rows.stream().filter(line -> line.substring(0, line.indexOf(" |", 2)).contains("`"
                    + property.propertyName() + "`")).findFirst().orElse(null);
            String lastCell = row == null ? null : row.substring(row.lastIndexOf(" | ") + 3);
            if (row == null || (property.defaultValue() != null && !property.defaultValue().isEmpty()
                    && !lastCell.contains(property.defaultValue()))) {
                missing.add(property.propertyName() + " (default " + property.defaultValue() + "): " + row);
            }
        }
        assertEquals(List.of(), missing);
    }
}
