package io.emailra.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on 127.0.0.1 in front of a mail server, under the test's control: it can cut every
 * connection, cut one in the middle of a server response, stall all traffic, and refuse new
 * connections. It never connects anywhere but 127.0.0.1.
 */
public final class TcpProxy implements AutoCloseable {

    private final int listenPort;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object stallLock = new Object();
    private final AtomicReference<byte[]> cutMarker = new AtomicReference<>();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile ServerSocket server;
    private volatile Thread acceptor;
    private volatile boolean stalled;
    private volatile boolean closed;

    public TcpProxy(int listenPort, int targetPort) throws IOException {
        this.listenPort = listenPort;
        this.targetPort = targetPort;
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
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(target);
                pump(client, target, false);
                pump(target, client, true);
            } catch (IOException serverDown) {
                close(client); // as close to "refused" as a proxy that already accepted can get
            }
        }
    }

    private void pump(Socket from, Socket to, boolean serverToClient) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] tail = new byte[0];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    awaitUnstalled();
                    int cutAt = serverToClient ? cutPosition(tail, buffer, n) : -1;
                    if (cutAt >= 0) {
                        out.write(buffer, 0, cutAt);
                        out.flush();
                        cuts.incrementAndGet();
                        break;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    tail = tail(buffer, n);
                }
            } catch (IOException | InterruptedException e) {
                // one side closed or the proxy closes: close both below
            } finally {
                close(from);
                close(to);
            }
        }, "tcp-proxy-pump-" + listenPort);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Where in this chunk the line holding the armed marker starts (0 if it began earlier), or -1;
     * finding it disarms the cut. The whole line is withheld: a client may take a reply line cut
     * short by the end of the stream for a complete one.
     */
    private int cutPosition(byte[] tail, byte[] chunk, int length) {
        byte[] marker = cutMarker.get();
        if (marker == null) {
            return -1;
        }
        byte[] window = new byte[tail.length + length];
        System.arraycopy(tail, 0, window, 0, tail.length);
        System.arraycopy(chunk, 0, window, tail.length, length);
        int found = indexOf(window, marker);
        if (found < 0 || !cutMarker.compareAndSet(marker, null)) {
            return -1;
        }
        int lineStart = found;
        while (lineStart > 0 && window[lineStart - 1] != '\n') {
            lineStart--;
        }
        return Math.max(0, lineStart - tail.length);
    }

    /** The last bytes seen, enough to find a marker that straddles two chunks. */
    private byte[] tail(byte[] chunk, int length) {
        byte[] marker = cutMarker.get();
        int keep = marker == null ? 0 : Math.min(marker.length - 1, length);
        byte[] tail = new byte[keep];
        System.arraycopy(chunk, length - keep, tail, 0, keep);
        return tail;
    }

    private static int indexOf(byte[] data, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= data.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (data[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void awaitUnstalled() throws InterruptedException {
        synchronized (stallLock) {
            while (stalled && !closed) {
                stallLock.wait();
            }
        }
    }

    /** Cuts every open connection now; new ones are still accepted. Returns how many connections were cut. */
    public int cutAll() {
        int connections = sockets.size() / 2;
        sockets.forEach(TcpProxy::close);
        sockets.clear();
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

    /** Stops forwarding anything (connections stay open) until called with false. */
    public void stall(boolean stall) {
        synchronized (stallLock) {
            stalled = stall;
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
