package io.emailra.it.support;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.List;

/** emailra's JMX view, as an operator's tool reads it: the connection factories' MXBeans in the platform MBean server. */
public final class EmailraMBeans {

    private static final String FACTORIES = "io.emailra:type=ConnectionFactory,*";

    private EmailraMBeans() {
    }

    /** How many emailra connection factories of these servers ({@code Server} attribute) are in JMX. */
    public static int count(List<String> servers) {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        int count = 0;
        try {
            for (ObjectName name : mbeans.queryNames(new ObjectName(FACTORIES), null)) {
                if (servers.contains(String.valueOf(mbeans.getAttribute(name, "Server")))) {
                    count++;
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot query emailra's MXBeans", e);
        }
        return count;
    }

    /** An attribute summed over every emailra connection factory. */
    public static long sum(String attribute) {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        long sum = 0;
        try {
            for (ObjectName name : mbeans.queryNames(new ObjectName(FACTORIES), null)) {
                sum += ((Number) mbeans.getAttribute(name, attribute)).longValue();
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot read " + attribute + " of emailra's MXBeans", e);
        }
        return sum;
    }
}
