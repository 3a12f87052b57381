package io.emailra.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on 127.0.0.1 in front of a mail server, under the test's control: it can cut every
 * connection, cut one in the middle of a server response, stall all traffic, stop reading from one
 * client, refuse new connections, and tell when a server response was forwarded. It can also play a
 * network between client and server ({@link Network}: a one-way delay, a bandwidth cap) and counts the
 * traffic ({@link #traffic()}). It never connects anywhere but a loopback address.
 */
public final class TcpProxy implements AutoCloseable {

    /**
     * The link the proxy plays in each direction: a chunk reaches the other side {@code oneWayDelay}
     * after the proxy read it (a round trip costs twice that), and later if a cap of
     * {@code bytesPerSecond} (0: none) is still sending the chunks before it. TCP's handshake is not
     * played: a new connection costs one round trip less than over a real network.
     */
    public record Network(Duration oneWayDelay, long bytesPerSecond) {

        /** Every chunk forwarded at once, by the thread that read it. */
        public static final Network LOOPBACK = new Network(Duration.ZERO, 0);

        public Network {
            if (oneWayDelay.isNegative() || bytesPerSecond < 0) {
                throw new IllegalArgumentException("a delay and a bandwidth cannot be negative: " + oneWayDelay
                        + ", " + bytesPerSecond + " bytes/s");
            }
        }

        /** A link of this round-trip time, without a bandwidth cap. */
        public static Network roundTrip(Duration roundTrip) {
            return new Network(roundTrip.dividedBy(2), 0);
        }

        boolean immediate() {
            return oneWayDelay.isZero() && bytesPerSecond == 0;
        }
    }

    /**
     * The traffic since the last {@link #resetTraffic()}: connections made, round trips (the client's
     * turns: a chunk from a client that received something since its last one, or its first; a client
     * that writes while it reads can make more of them than it waited for) and bytes each way.
     */
    public record Traffic(long connections, long roundTrips, long bytesToServer, long bytesToClient) {
    }

    /**
     * What runs around a chunk's write, on the writing thread: {@code before} just before it (the other
     * side may answer the moment the bytes are out, before {@code after} could run), {@code after} once
     * the bytes are out.
     */
    record WriteHooks(Runnable before, Runnable after) {
        static final WriteHooks NONE = new WriteHooks(() -> { }, () -> { });
    }

    /** Where a pump's chunks go: to the other socket at once, or through a {@link DelayLine}. */
    interface Outlet {

        /** Writes the chunk (or has it written), running the hooks just before and just after the write. */
        void forward(byte[] chunk, int length, WriteHooks hooks) throws IOException, InterruptedException;

        /** Closes the connection once every chunk forwarded before has been written. */
        void end();
    }

    private final int listenPort;
    private final InetAddress targetAddress;
    private final int targetPort;
    private final Network network;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final Object stallLock = new Object();
    private final AtomicReference<byte[]> cutMarker = new AtomicReference<>();
    private final AtomicReference<byte[]> clientStallMarker = new AtomicReference<>();
    private final AtomicReference<byte[]> clientWithholdMarker = new AtomicReference<>();
    private final AtomicReference<byte[]> forwardedMarker = new AtomicReference<>();
    private volatile CountDownLatch forwarded = new CountDownLatch(0); // opened when forwardedMarker is found
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong bytesToServer = new AtomicLong();
    private final AtomicLong bytesToClient = new AtomicLong();
    private final ByteArrayOutputStream requests = new ByteArrayOutputStream();
    private volatile boolean recording;
    private volatile ServerSocket server;
    private volatile Thread acceptor;
    private volatile boolean stalled;
    private long releases; // guarded by stallLock; counts stall(false) calls, which release held clients
    private volatile boolean closed;

    public TcpProxy(int listenPort, int targetPort) throws IOException {
        this(listenPort, InetAddress.getLoopbackAddress(), targetPort);
    }

    /** A proxy to another loopback address (e.g. 127.0.0.2, where Dovecot plays a server without MOVE and UIDPLUS). */
    public TcpProxy(int listenPort, InetAddress targetAddress, int targetPort) throws IOException {
        this(listenPort, targetAddress, targetPort, Network.LOOPBACK);
    }

    /** A proxy that plays this network between its clients and the server, for the connections it accepts. */
    public TcpProxy(int listenPort, int targetPort, Network network) throws IOException {
        this(listenPort, InetAddress.getLoopbackAddress(), targetPort, network);
    }

    private TcpProxy(int listenPort, InetAddress targetAddress, int targetPort, Network network) throws IOException {
        if (!targetAddress.isLoopbackAddress()) {
            throw new IllegalArgumentException("the proxy connects to loopback addresses only, not " + targetAddress);
        }
        this.listenPort = listenPort;
        this.targetAddress = targetAddress;
        this.targetPort = targetPort;
        this.network = network;
        listen();
    }

    private void listen() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), 50);
        server = socket;
        Thread thread = new Thread(() -> accept(socket), "tcp-proxy-" + listenPort);
        thread.setDaemon(true);
        acceptor = thread;
        thread.start();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // the listening socket was closed
            }
            if (socket.isClosed()) {
                close(client); // accepted in the instant between close() and the listening socket's release
                return;
            }
            try {
                Socket target = new Socket(targetAddress, targetPort);
                sockets.add(client);
                sockets.add(target);
                clients.add(client);
                connections.incrementAndGet();
                AtomicBoolean serverSpoke = new AtomicBoolean(true); // a connection's first send is a turn too
                pump(client, target, false, serverSpoke);
                pump(target, client, true, serverSpoke);
            } catch (IOException serverDown) {
                close(client); // as close to "refused" as a proxy that already accepted can get
            }
        }
    }

    /**
     * Forwards one direction of a connection. {@code serverSpoke}, shared by the connection's two
     * pumps, is set as a server chunk is written to the client and cleared by the client's next chunk,
     * which counts as a round trip.
     */
    private void pump(Socket from, Socket to, boolean serverToClient, AtomicBoolean serverSpoke) {
        Runnable closeBoth = () -> {
            close(from);
            close(to);
            sockets.remove(from);
            sockets.remove(to);
            clients.remove(serverToClient ? to : from);
        };
        Outlet outlet = network.immediate() ? immediate(to, closeBoth)
                : new DelayLine(to, network, this::awaitUnstalled, closeBoth, "tcp-proxy-delay-" + listenPort);
        AtomicLong bytes = serverToClient ? bytesToClient : bytesToServer;
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            AtomicReference<byte[]> marker = serverToClient ? cutMarker : clientStallMarker;
            try (InputStream in = from.getInputStream()) {
                byte[] tail = new byte[0];
                byte[] forwardedTail = new byte[0];
                byte[] withheldTail = new byte[0];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    awaitUnstalled();
                    if (!serverToClient && serverSpoke.getAndSet(false)) {
                        roundTrips.incrementAndGet();
                    }
                    int cutAt = serverToClient ? cutPosition(tail, buffer, n) : -1;
                    if (cutAt >= 0) {
                        bytes.addAndGet(cutAt);
                        outlet.forward(buffer, cutAt, WriteHooks.NONE);
                        cuts.incrementAndGet();
                        break;
                    }
                    if (!serverToClient && findAndDisarm(clientWithholdMarker, withheldTail, buffer, n) >= 0) {
                        holdClient(from);
                        break; // the chunk never reaches the server
                    }
                    boolean hold = !serverToClient && findAndDisarm(marker, tail, buffer, n) >= 0;
                    if (!serverToClient && recording) {
                        synchronized (requests) {
                            requests.write(buffer, 0, n);
                        }
                    }
                    CountDownLatch opens = serverToClient && findAndDisarm(forwardedMarker, forwardedTail, buffer, n) >= 0
                            ? forwarded : null;
                    bytes.addAndGet(n);
                    outlet.forward(buffer, n, !serverToClient ? WriteHooks.NONE : new WriteHooks(
                            () -> serverSpoke.set(true),
                            () -> {
                                if (opens != null) {
                                    opens.countDown(); // once the text has reached the client, however late
                                }
                            }));
                    if (hold) {
                        holdClient(from);
                    }
                    tail = tail(marker, buffer, n);
                    forwardedTail = tail(forwardedMarker, buffer, n);
                    withheldTail = tail(clientWithholdMarker, buffer, n);
                }
            } catch (IOException | InterruptedException e) {
                // one side closed or the proxy closes: close both below
            } finally {
                outlet.end();
            }
        }, "tcp-proxy-pump-" + listenPort);
        thread.setDaemon(true);
        thread.start();
    }

    /** Writes each chunk at once on the reading thread, and closes the connection when the reading ends. */
    private static Outlet immediate(Socket to, Runnable closeBoth) {
        return new Outlet() {
            @Override
            public void forward(byte[] chunk, int length, WriteHooks hooks) throws IOException {
                write(to, chunk, length, hooks);
            }

            @Override
            public void end() {
                closeBoth.run();
            }
        };
    }

    /** Writes and flushes a pump's chunk, its hooks around the write. */
    static void write(Socket to, byte[] chunk, int length, WriteHooks hooks) throws IOException {
        hooks.before().run();
        write(to, chunk, length);
        hooks.after().run();
    }

    /** Writes and flushes, one writer at a time: against a line the test sends to the client (sendToClients). */
    static void write(Socket to, byte[] chunk, int length) throws IOException {
        synchronized (to) {
            OutputStream out = to.getOutputStream();
            out.write(chunk, 0, length);
            out.flush();
        }
    }

    /**
     * Where in this chunk the line holding the armed marker starts (0 if it began earlier), or -1;
     * finding it disarms the cut. The whole line is withheld: a client may take a reply line cut
     * short by the end of the stream for a complete one.
     */
    private int cutPosition(byte[] tail, byte[] chunk, int length) {
        int found = findAndDisarm(cutMarker, tail, chunk, length);
        if (found < 0) {
            return -1;
        }
        int lineStart = found;
        while (lineStart > 0 && byteAt(tail, chunk, lineStart - 1) != '\n') {
            lineStart--;
        }
        return Math.max(0, lineStart - tail.length);
    }

    /**
     * Where the armed marker starts in the previous chunk's tail followed by this chunk, or -1, so
     * that a marker straddling two reads is found; finding it disarms the marker.
     */
    private static int findAndDisarm(AtomicReference<byte[]> armed, byte[] tail, byte[] chunk, int length) {
        byte[] marker = armed.get();
        if (marker == null) {
            return -1;
        }
        int found = indexOf(tail, chunk, length, marker);
        return found >= 0 && armed.compareAndSet(marker, null) ? found : -1;
    }

    /** The last bytes seen, enough to find the armed marker if it straddles two chunks. */
    private static byte[] tail(AtomicReference<byte[]> armed, byte[] chunk, int length) {
        byte[] marker = armed.get();
        int keep = marker == null ? 0 : Math.min(marker.length - 1, length);
        byte[] tail = new byte[keep];
        System.arraycopy(chunk, length - keep, tail, 0, keep);
        return tail;
    }

    private static int indexOf(byte[] tail, byte[] chunk, int length, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= tail.length + length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (byteAt(tail, chunk, i + j) != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A byte of the tail followed by the chunk, without copying them into one array. */
    private static byte byteAt(byte[] tail, byte[] chunk, int index) {
        return index < tail.length ? tail[index] : chunk[index - tail.length];
    }

    private void awaitUnstalled() throws InterruptedException {
        synchronized (stallLock) {
            while (stalled && !closed) {
                stallLock.wait();
            }
        }
    }

    /** Stops reading from the client until the next {@code stall(false)}, or until its connection is closed. */
    private void holdClient(Socket client) throws InterruptedException {
        synchronized (stallLock) {
            long release = releases;
            while (releases == release && !client.isClosed() && !closed) { // close() may have released before this hold
                stallLock.wait();
            }
        }
    }

    /** Cuts every open connection now; new ones are still accepted. Returns how many connections were cut. */
    public int cutAll() {
        int connections = sockets.size() / 2;
        sockets.forEach(TcpProxy::close);
        sockets.clear();
        clients.clear();
        synchronized (stallLock) {
            stallLock.notifyAll(); // wakes held clients' pumps to see their sockets closed
        }
        cuts.addAndGet(connections);
        return connections;
    }

    /**
     * Cuts the connection whose server response next contains the text, forwarding only what comes
     * before it: in the middle of a response, or (with SMTP's "queued as") after the server took a message.
     */
    public void cutAtResponseContaining(String text) {
        cutMarker.set(text.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Stops reading from the client whose stream next contains the text, once the chunk holding it is
     * forwarded: a server that stops reading in the middle of SMTP DATA or an IMAP APPEND, so that the
     * client's writes block once the socket buffers fill. Lasts until {@code stall(false)},
     * {@link #cutAll()} or {@link #close()}; finding the text disarms it.
     */
    public void stallClientAt(String text) {
        clientStallMarker.set(text.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Withholds the chunk of the client's stream that next contains the text: it never reaches the
     * server, and nothing more is read from that client until {@code stall(false)}, {@link #cutAll()}
     * or {@link #close()}, which end its connection. A pipelining client's request held before the
     * server has any of it (its commands and message leave in one write); other connections go on.
     * Finding the text disarms it.
     */
    public void withholdClientAt(String text) {
        clientWithholdMarker.set(text.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A latch that opens once a server response containing the text has been forwarded to its client
     * (the chunk holding it written and flushed): what the test does to the connection then reaches the
     * client after the text, e.g. a cut after IMAP's "+ idling", in IDLE. Arm it before the response can
     * come; finding the text disarms it. Plain text only.
     */
    public CountDownLatch forwardedResponseContaining(String text) {
        CountDownLatch latch = new CountDownLatch(1);
        forwarded = latch; // before the marker: a pump that finds the marker opens this latch
        forwardedMarker.set(text.getBytes(StandardCharsets.US_ASCII));
        return latch;
    }

    /**
     * Sends the text to every connected client as if its server had sent it, between two of the
     * server's chunks: a line no server sends on cue, e.g. Dovecot's IDLE keepalive "* OK Still here".
     * It is sent at once, whatever {@link Network} the proxy plays. Returns to how many clients it went.
     */
    public int sendToClients(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        int sent = 0;
        for (Socket client : clients) {
            try {
                write(client, bytes, bytes.length);
                sent++;
            } catch (IOException closed) {
                // that client is gone: the others still get it
            }
        }
        return sent;
    }

    /** Stops forwarding anything (connections stay open) until called with false, which also releases held clients. */
    public void stall(boolean stall) {
        synchronized (stallLock) {
            stalled = stall;
            if (!stall) {
                releases++;
            }
            stallLock.notifyAll();
        }
    }

    /**
     * Closes the listening socket so that new connections are refused, or listens again. Waits for the
     * acceptor to end: the JDK releases a listening socket only when the thread blocked in accept()
     * leaves it, and until then the kernel still completes new connections.
     */
    public void refuseNewConnections(boolean refuse) throws IOException {
        if (refuse) {
            close(server);
            awaitEnd(acceptor);
        } else if (server.isClosed()) {
            listen();
        }
    }

    /**
     * Everything clients sent since the last {@link #recordRequests()} (nothing is kept before the first),
     * as text: count commands in it (plain text only).
     */
    public String requests() {
        synchronized (requests) {
            return requests.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Starts recording the requests afresh. */
    public void recordRequests() {
        synchronized (requests) {
            requests.reset();
        }
        recording = true;
    }

    /** How many connections are open through the proxy now. */
    public int openConnections() {
        return sockets.size() / 2;
    }

    /** The traffic since the proxy started or since the last {@link #resetTraffic()}. */
    public Traffic traffic() {
        return new Traffic(connections.get(), roundTrips.get(), bytesToServer.get(), bytesToClient.get());
    }

    /** Counts the traffic afresh (not the cuts). */
    public void resetTraffic() {
        connections.set(0);
        roundTrips.set(0);
        bytesToServer.set(0);
        bytesToClient.set(0);
    }

    /** How many connections were cut, by {@link #cutAll()} or an armed cut. */
    public int cuts() {
        return cuts.get();
    }

    public int port() {
        return listenPort;
    }

    @Override
    public void close() {
        closed = true;
        stall(false);
        close(server);
        sockets.forEach(TcpProxy::close);
        sockets.clear();
        clients.clear();
        try {
            awaitEnd(acceptor); // the port is free when close returns: the next test may listen on it at once
        } catch (IOException stillListening) {
            throw new UncheckedIOException(stillListening);
        }
    }

    private static void awaitEnd(Thread thread) throws IOException {
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IOException(thread.getName() + " still accepts connections 10 s after its socket was closed");
        }
    }

    private static void close(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
