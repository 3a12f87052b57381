package io.emailra.it.inbound;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The deployment descriptors of the tests' message-driven beans: ejb-jar.xml with the activation
 * config (the same for every bean named), glassfish-ejb-jar.xml binding each bean to emailra.
 */
public final class MdbDescriptors {

    private MdbDescriptors() {
    }

    /** Beans of this package, by simple class name, all with the same activation config and container-managed transactions. */
    public static String ejbJar(Map<String, String> config, String... beans) {
        return ejbJar(Stream.of(beans).map(name -> bean(name, "io.emailra.it.inbound." + name, config)).toArray(String[]::new));
    }

    /** The ejb-jar.xml declaring these beans ({@link #bean}). */
    public static String ejbJar(String... beans) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <ejb-jar xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0">
                  <enterprise-beans>
                """ + String.join("", beans) + """
                  </enterprise-beans>
                </ejb-jar>
                """;
    }

    /** One message-driven bean with its activation config and container-managed transactions. */
    public static String bean(String name, String className, Map<String, String> config) {
        String properties = config.entrySet().stream().map(e -> "<activation-config-property><activation-config-property-name>"
                + e.getKey() + "</activation-config-property-name><activation-config-property-value>" + e.getValue()
                + "</activation-config-property-value></activation-config-property>").collect(Collectors.joining("\n"));
        return """
                    <message-driven>
                      <ejb-name>%1$s</ejb-name>
                      <ejb-class>%2$s</ejb-class>
                      <messaging-type>io.emailra.api.inbound.MailListener</messaging-type>
                      <transaction-type>Container</transaction-type>
                      <activation-config>
                %3$s
                      </activation-config>
                    </message-driven>
                """.formatted(name, className, properties);
    }

    /** Binds each bean to the resource adapter deployed as "emailra" (Payara's and GlassFish's way). */
    public static String glassfishEjbJar(String... beans) {
        String bound = Stream.of(beans).map(name -> """
                    <ejb>
                      <ejb-name>%s</ejb-name>
                      <mdb-resource-adapter>
                        <resource-adapter-mid>emailra</resource-adapter-mid>
                      </mdb-resource-adapter>
                    </ejb>
                """.formatted(name)).collect(Collectors.joining());
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE glassfish-ejb-jar PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 EJB 3.1//EN"
                        "http://glassfish.org/dtds/glassfish-ejb-jar_3_1-1.dtd">
                <glassfish-ejb-jar>
                  <enterprise-beans>
                """ + bound + """
                  </enterprise-beans>
                </glassfish-ejb-jar>
                """;
    }
}
