package io.emailra.testsupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network the proxy plays, over an echo server that greets first: the delay each way, the order
 * of many chunks, the bandwidth cap, the count of round trips, and the cut and the forwarded latch
 * through the delay line. The bounds checked are lower bounds of what the delay itself costs.
 */
class TcpProxyNetworkTest {

    private static final int PROXY_PORT = 3310; // nothing else in the build listens on 3310
    private static final String GREETING = "hello\r\n";
    private static final Duration ONE_WAY = Duration.ofMillis(20);

    private ServerSocket echo;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket socket = echo.accept();
                    daemon(() -> echoOn(socket));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        thread.start();
    }

    private static void echoOn(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            out.write(GREETING.getBytes(StandardCharsets.US_ASCII));
            in.transferTo(out);
        } catch (IOException gone) {
            // the proxy closed the connection
        }
    }

    @AfterEach
    void stopEcho() throws IOException {
        echo.close();
    }

    @Test
    void everyExchangeWaitsForTheDelayEachWay() throws IOException {
        try (TcpProxy proxy = new TcpProxy(PROXY_PORT, echo.getLocalPort(), new TcpProxy.Network(ONE_WAY, 0))) {
            long connecting = System.nanoTime();
            try (Socket socket = connect(proxy)) {
                BufferedReader in = reader(socket);
                assertEquals("hello", in.readLine());
                assertAtLeast(ONE_WAY, connecting, "the greeting");
                for (int i = 0; i < 5; i++) {
                    long sent = System.nanoTime();
                    send(socket, "ping " + i + "\n");
                    assertEquals("ping " + i, in.readLine());
                    assertAtLeast(ONE_WAY.multipliedBy(2), sent, "ping " + i + " and its echo");
                }
            }
        }
    }

    @Test
    void manySmallChunksArriveInOrder() throws Exception {
        byte[] data = new byte[600_000];
        new Random(17).nextBytes(data);
        try (TcpProxy proxy = new TcpProxy(PROXY_PORT, echo.getLocalPort(), new TcpProxy.Network(Duration.ofMillis(1), 0));
             Socket socket = connect(proxy)) {
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                Random sizes = new Random(18);
                try {
                    OutputStream out = socket.getOutputStream();
                    for (int at = 0; at < data.length; ) {
                        int size = Math.min(1 + sizes.nextInt(300), data.length - at);
                        out.write(data, at, size);
                        out.flush();
                        at += size;
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] greeting = socket.getInputStream().readNBytes(GREETING.length());
            assertEquals(GREETING, new String(greeting, StandardCharsets.US_ASCII));
            assertArrayEquals(data, socket.getInputStream().readNBytes(data.length));
            writing.get(10, TimeUnit.SECONDS);
            TcpProxy.Traffic traffic = proxy.traffic();
            assertEquals(data.length, traffic.bytesToServer());
            assertEquals(GREETING.length() + data.length, traffic.bytesToClient());
        }
    }

    @Test
    void theBandwidthCapSpacesTheBytes() throws IOException {
        byte[] data = new byte[50_000];
        try (TcpProxy proxy = new TcpProxy(PROXY_PORT, echo.getLocalPort(), new TcpProxy.Network(Duration.ZERO, 100_000));
             Socket socket = connect(proxy)) {
            socket.getInputStream().readNBytes(GREETING.length());
            long sending = System.nanoTime();
            socket.getOutputStream().write(data);
            assertEquals(data.length, socket.getInputStream().readNBytes(data.length).length);
            assertAtLeast(Duration.ofMillis(500), sending, "50,000 bytes at 100,000 bytes/s");
        }
    }

    /** The greeting, three exchanges, two lines in one write (one turn), and a last exchange: five turns. */
    @ParameterizedTest
    @ValueSource(ints = {0, 20})
    void roundTripsAreTheClientsTurns(int oneWayMillis) throws IOException {
        try (TcpProxy proxy = new TcpProxy(PROXY_PORT, echo.getLocalPort(),
                new TcpProxy.Network(Duration.ofMillis(oneWayMillis), 0))) {
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            try (Socket socket = connect(proxy)) {
                BufferedReader in = reader(socket);
                assertEquals("hello", in.readLine());
                for (int i = 0; i < 3; i++) {
                    sent.writeBytes(send(socket, "ping " + i + "\n"));
                    assertEquals("ping " + i, in.readLine());
                }
                sent.writeBytes(send(socket, "one\ntwo\n"));
                assertEquals("one", in.readLine());
                assertEquals("two", in.readLine());
                sent.writeBytes(send(socket, "bye\n"));
                assertEquals("bye", in.readLine());
            }
            assertEquals(new TcpProxy.Traffic(1, 5, sent.size(), GREETING.length() + sent.size()), proxy.traffic());
            proxy.resetTraffic();
            assertEquals(new TcpProxy.Traffic(0, 0, 0, 0), proxy.traffic());
        }
    }

    @Test
    void theForwardedLatchAndTheCutWaitForTheDelay() throws Exception {
        try (TcpProxy proxy = new TcpProxy(PROXY_PORT, echo.getLocalPort(), new TcpProxy.Network(ONE_WAY, 0));
             Socket socket = connect(proxy)) {
            BufferedReader in = reader(socket);
            assertEquals("hello", in.readLine());
            CountDownLatch forwarded = proxy.forwardedResponseContaining("pong");
            long sent = System.nanoTime();
            send(socket, "pong\n");
            assertTrue(forwarded.await(10, TimeUnit.SECONDS), "pong forwarded");
            assertAtLeast(ONE_WAY.multipliedBy(2), sent, "pong's way there and back");
            assertEquals("pong", in.readLine());

            proxy.cutAtResponseContaining("MARK");
            send(socket, "one\ntwo MARK\n");
            assertEquals("one", in.readLine(), "what came before the cut line, after the delay");
            assertNull(in.readLine(), "then the end of the stream");
            assertEquals(1, proxy.cuts());
        }
    }

    private static Socket connect(TcpProxy proxy) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static byte[] send(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return bytes;
    }

    private static void assertAtLeast(Duration least, long sinceNanos, String what) {
        long took = System.nanoTime() - sinceNanos;
        assertTrue(took >= least.toNanos(), what + " took " + took / 1_000 + " µs, less than " + least);
    }
}
