package io.emailra.microprofile;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * The application's emailra connection factories as one readiness check, {@code emailra}: UP when
 * every one's server answers a NOOP within the time limit, DOWN naming each that does not and why.
 * Readiness only, never liveness: a mail server's outage must not get the application restarted.
 *
 * <p>MicroProfile Config: {@code emailra.health.factories} (the factories' JNDI names, comma
 * separated; required), {@code emailra.health.timeoutMillis} (default 2000),
 * {@code emailra.health.cacheMillis} (default 10000: how long an answer is reused).
 */
@Readiness
@ApplicationScoped
public class MailReadiness implements HealthCheck {

    private final ExecutorService probes = Executors.newCachedThreadPool(daemons());
    private volatile List<FactoryProbe> factories;

    private static ThreadFactory daemons() {
        return task -> {
            Thread thread = new Thread(task, "emailra-health-probe");
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("emailra").up();
        for (FactoryProbe probe : factories()) {
            FactoryProbe.Result result = probe.check();
            response.withData(result.factory(), result.up() ? "UP" : "DOWN: " + result.reason());
            if (!result.up()) {
                response.down();
            }
        }
        return response.build();
    }

    private List<FactoryProbe> factories() {
        List<FactoryProbe> current = factories;
        if (current == null) {
            // The application's configuration: health checks may run on a thread of the server's.
            Config config = ConfigProvider.getConfig(MailReadiness.class.getClassLoader());
            Duration timeout = Duration.ofMillis(config.getOptionalValue("emailra.health.timeoutMillis", Long.class)
                    .orElse(2000L));
            Duration cacheFor = Duration.ofMillis(config.getOptionalValue("emailra.health.cacheMillis", Long.class)
                    .orElse(10_000L));
            current = new ArrayList<>();
            for (String name : config.getValue("emailra.health.factories", String[].class)) {
                current.add(new FactoryProbe(name.strip(), timeout, cacheFor, probes));
            }
            factories = current;
        }
        return current;
    }

    @PreDestroy
    void stop() {
        probes.shutdownNow();
    }
}
