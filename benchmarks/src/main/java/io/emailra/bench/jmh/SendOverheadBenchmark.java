package io.emailra.bench.jmh;

import io.emailra.api.AllocationMode;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.bench.Letters;
import io.emailra.ra.monitor.FactoryStatistics;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What emailra adds to one send, on one thread, against an in-process GreenMail (the fastest server
 * at hand, so emailra's share is as large as it gets): the same message sent on a kept-open Angus
 * Transport, and through emailra's client in each mode on its pooled connection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class SendOverheadBenchmark {

    private GreenMailSmtp server;
    private Session session;
    private Transport transport;
    private SmtpClient useMain;
    private SmtpClient useDefault;
    /** The figures one factory counts (issue 16): what counting costs per send, against the send itself. */
    private final FactoryStatistics statistics = new FactoryStatistics();

    @Setup
    public void start() throws Exception {
        server = new GreenMailSmtp(4);
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", "127.0.0.1");
        properties.setProperty("mail.smtp.port", String.valueOf(server.port()));
        session = Session.getInstance(properties);
        transport = session.getTransport("smtp");
        transport.connect();
        SmtpClientFactory factory = server.factory();
        useMain = factory.getClient(AllocationMode.USE_MAIN);
        useDefault = factory.getClient(AllocationMode.USE_DEFAULT);
    }

    /** GreenMail keeps what it received; emptied between iterations so that every one starts alike. */
    @TearDown(Level.Iteration)
    public void empty() throws Exception {
        server.empty();
    }

    @TearDown
    public void stop() throws MessagingException {
        useMain.close();
        useDefault.close();
        transport.close();
        server.close();
    }

    private MimeMessage message() {
        return Letters.mime(session, "sender@localhost", "inbox@localhost", 0);
    }

    @Benchmark
    public MimeMessage handWrittenTransport() throws MessagingException {
        MimeMessage message = message();
        message.saveChanges();
        transport.sendMessage(message, message.getAllRecipients());
        return message;
    }

    @Benchmark
    public String emailraUseMain() {
        return useMain.send(message());
    }

    @Benchmark
    public String emailraUseDefault() {
        return useDefault.send(message());
    }

    /**
     * What emailra counts for one send on a pooled connection (in use and back, the message handed
     * over and accepted, the operation's outcome and time under its name, and the clock read for it):
     * its cost against {@link #emailraUseMain} is the cost of the figures.
     */
    @Benchmark
    public FactoryStatistics statisticsOfOneSend() {
        long start = System.nanoTime();
        statistics.inUse(1);
        statistics.sending();
        statistics.sent();
        statistics.operation("send", FactoryStatistics.Outcome.OK, System.nanoTime() - start);
        statistics.inUse(-1);
        return statistics;
    }
}
