package io.emailra.microprofile;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * emailra's JMX figures as MicroProfile Metrics of the application's registry: each numeric
 * attribute of each {@code io.emailra:type=ConnectionFactory} MXBean becomes a gauge
 * {@code emailra_<attribute in snake case>} tagged {@code protocol}, {@code server} and {@code instance}
 * (1 but for another factory of the same server and account), e.g.
 * {@code emailra_messages_sent{instance="1",protocol="SMTP",server="smtp://host:587 as app@example.com"}}.
 * A container makes factories when they are first used: the MXBeans are looked for at start and
 * every {@code emailra.metrics.scanMillis} (default 10000) after.
 */
@ApplicationScoped
public class MailMetrics {

    private static final Logger LOG = Logger.getLogger(MailMetrics.class.getName());

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    private final Set<ObjectName> registered = new HashSet<>();
    private final ScheduledExecutorService scans = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "emailra-metrics-scan");
        thread.setDaemon(true);
        return thread;
    });

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        long every = ConfigProvider.getConfig(MailMetrics.class.getClassLoader())
                .getOptionalValue("emailra.metrics.scanMillis", Long.class).orElse(10_000L);
        scans.scheduleWithFixedDelay(this::scan, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Registers the gauges of MXBeans not seen before, and removes those of MXBeans gone. */
    synchronized void scan() {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        try {
            Set<ObjectName> present = mbeans.queryNames(new ObjectName("io.emailra:type=ConnectionFactory,*"), null);
            for (ObjectName name : present) {
                if (registered.add(name)) {
                    gauges(mbeans, name);
                }
            }
            for (ObjectName gone : Set.copyOf(registered)) {
                if (!present.contains(gone)) {
                    registered.remove(gone);
                    Set<Tag> tags = Set.of(tags(gone));
                    registry.removeMatching((id, metric) -> id.getName().startsWith("emailra_") && ours(id).equals(tags));
                }
            }
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "emailra: cannot read emailra's MXBeans for MicroProfile Metrics", e);
        }
    }

    private void gauges(MBeanServer mbeans, ObjectName name) throws JMException {
        Tag[] tags = tags(name);
        for (MBeanAttributeInfo attribute : mbeans.getMBeanInfo(name).getAttributes()) {
            String type = attribute.getType();
            if (type.equals("int") || type.equals("long") || type.equals("double")) {
                registry.gauge(new MetricID("emailra_" + snake(attribute.getName()), tags), () -> read(mbeans, name,
                        attribute.getName()));
            }
        }
    }

    private static Tag[] tags(ObjectName name) {
        Tag protocol = new Tag("protocol", name.getKeyProperty("protocol"));
        Tag server = new Tag("server", ObjectName.unquote(name.getKeyProperty("name")));
        // Every gauge of a name must have the same tag names: the first factory of a server is instance 1.
        String instance = name.getKeyProperty("instance");
        return new Tag[]{protocol, server, new Tag("instance", instance == null ? "1" : instance)};
    }

    /** A metric's tags but those the registry adds itself ({@code mp_scope}, {@code mp_app}). */
    private static Set<Tag> ours(MetricID id) {
        Set<Tag> tags = new HashSet<>();
        for (Tag tag : id.getTagsAsArray()) {
            if (!tag.getTagName().startsWith("mp_")) {
                tags.add(tag);
            }
        }
        return tags;
    }

    private static Number read(MBeanServer mbeans, ObjectName name, String attribute) {
        try {
            return (Number) mbeans.getAttribute(name, attribute);
        } catch (JMException e) {
            return Double.NaN; // the factory went away since the last scan
        }
    }

    /** {@code MessagesSent} → {@code messages_sent}, {@code LatencyP99Millis} → {@code latency_p99_millis}. */
    static String snake(String attribute) {
        return attribute.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    @PreDestroy
    void stop() {
        scans.shutdownNow();
    }
}
