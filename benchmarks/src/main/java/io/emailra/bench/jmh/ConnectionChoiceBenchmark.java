package io.emailra.bench.jmh;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailConnection;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import jakarta.resource.ResourceException;
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

    private GreenMailSmtp server;
    private SmtpClient useMain;
    private SmtpClient useMainOrDefault;
    private SmtpClient useDefault;
    private final Map<Thread, Object> perThread = new ConcurrentHashMap<>();

    @Setup
    public void start() throws ResourceException {
        server = new GreenMailSmtp(32);
        SmtpClientFactory factory = server.factory();
        useMain = factory.getClient(AllocationMode.USE_MAIN);
        useMainOrDefault = factory.getClient(AllocationMode.USE_MAIN_OR_DEFAULT);
        useDefault = factory.getClient(AllocationMode.USE_DEFAULT);
    }

    @TearDown
    public void stop() {
        useMain.close();
        useMainOrDefault.close();
        useDefault.close();
        server.close();
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
