package io.emailra.ra.config;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The Metatype description names every config property with its type and default, designated for the factory PID. */
class MetatypeDescriptorTest {

    @Test
    void everyConfigPropertyIsAnAttributeWithItsTypeAndDefault() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(
                MetatypeDescriptor.describe().getBytes(StandardCharsets.UTF_8)));
        Map<String, Element> attributes = new HashMap<>();
        NodeList nodes = document.getElementsByTagName("AD");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element attribute = (Element) nodes.item(i);
            attributes.put(attribute.getAttribute("id"), attribute);
        }
        for (ConfigProperty property : ConfigProperty.values()) {
            Element attribute = attributes.get(property.propertyName());
            assertNotNull(attribute, property.propertyName());
            assertEquals(property.isConfidential() ? "Password" : property.type().getSimpleName(),
                    attribute.getAttribute("type"), property.propertyName());
            String expected = property.defaultValue() == null ? "" : property.defaultValue();
            assertEquals(expected, attribute.getAttribute("default"), property.propertyName());
        }
        assertEquals(ConfigProperty.values().length + 5, attributes.size(), "plus protocol, pool.* and the token target");
        assertEquals(3, attributes.get("protocol").getElementsByTagName("Option").getLength());
        assertEquals("8", attributes.get("pool.maxSize").getAttribute("default"));
        Element designate = (Element) document.getElementsByTagName("Designate").item(0);
        assertEquals("io.emailra", designate.getAttribute("factoryPid"));
    }
}
