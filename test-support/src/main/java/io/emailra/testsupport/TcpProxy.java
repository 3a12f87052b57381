package io.emailra.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
    private final AtomicLong cutAfterBytes = new AtomicLong(-1);
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile ServerSocket server;
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
        Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-" + listenPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(target);
                pump(client, target, false);
                pump(target, client, true);
            } catch (IOException e) {
                return; // the listening socket was closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean serverToClient) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    awaitUnstalled();
                    if (serverToClient && cutsHere(n)) {
                        out.write(buffer, 0, n / 2);
                        out.flush();
                        cuts.incrementAndGet();
                        break;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
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

    /** Whether the armed cut falls in the next n bytes of a server response (it then disarms). */
    private boolean cutsHere(int n) {
        while (true) {
            long remaining = cutAfterBytes.get();
            if (remaining < 0) {
                return false;
            }
            long left = remaining - n;
            if (cutAfterBytes.compareAndSet(remaining, left < 0 ? -1 : left)) {
                return left < 0;
            }
        }
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

    /** Cuts the connection that carries the server's next {@code bytes} bytes, halfway through a response. */
    public void cutNextResponseAfter(long bytes) {
        cutAfterBytes.set(bytes);
    }

    /** Stops forwarding anything (connections stay open) until called with false. */
    public void stall(boolean stall) {
        synchronized (stallLock) {
            stalled = stall;
            stallLock.notifyAll();
        }
    }

    /** Closes the listening socket so that new connections are refused, or listens again. */
    public void refuseNewConnections(boolean refuse) throws IOException {
        if (refuse) {
            close(server);
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

    private static void close(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
