package io.emailra.bench.jmh;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.emailra.api.AllocationMode;
import io.emailra.api.EmailConnection;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.ra.SmtpManagedConnectionFactory;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.ra.pool.PoolSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The cost of choosing the connection an operation without an explicit connection runs on
 * ({@code currentConnection()}, the first step of every such operation), per mode, once the
 * connection exists. Baseline: the least any per-thread choice costs, one map lookup by thread.
 * Clients are shared by the benchmark threads, as an application shares one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConnectionChoiceBenchmark {

    private GreenMail greenMail;
    private NonManagedConnectionManager pool;
    private SmtpClient useMain;
    private SmtpClient useMainOrDefault;
    private SmtpClient useDefault;
    private final Map<Thread, Object> perThread = new ConcurrentHashMap<>();

    @Setup
    public void start() throws Exception {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        SmtpManagedConnectionFactory managed = new SmtpManagedConnectionFactory();
        managed.setHost("127.0.0.1");
        managed.setPort(greenMail.getSmtp().getPort());
        managed.setTransportSecurity("NONE");
        pool = new NonManagedConnectionManager(managed, new PoolSettings(32, Duration.ofSeconds(10), Duration.ofMinutes(10)));
        SmtpClientFactory factory = (SmtpClientFactory) managed.createConnectionFactory(pool);
        useMain = factory.getClient(AllocationMode.USE_MAIN);
        useMainOrDefault = factory.getClient(AllocationMode.USE_MAIN_OR_DEFAULT);
        useDefault = factory.getClient(AllocationMode.USE_DEFAULT);
    }

    @TearDown
    public void stop() {
        useMain.close();
        useMainOrDefault.close();
        useDefault.close();
        pool.close();
        greenMail.stop();
    }

    @Benchmark
    public Object baselineMapLookupByThread() {
        return perThread.computeIfAbsent(Thread.currentThread(), thread -> new Object());
    }

    @Benchmark
    public EmailConnection useMain() {
        return useMain.currentConnection();
    }

    /** No default connection on the thread: the lookup misses and the main connection is chosen. */
    @Benchmark
    public EmailConnection useMainOrDefault() {
        return useMainOrDefault.currentConnection();
    }

    /** The thread's default connection (made on the thread's first call, in the warm-up). */
    @Benchmark
    public EmailConnection useDefault() {
        return useDefault.currentConnection();
    }
}
