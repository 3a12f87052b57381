package io.emailra.ra.physical.smtp;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The socket Angus's SMTP transport signs on over, seen by emailra: pipelining writes a group of
 * commands in one go and reads the replies afterwards, which Angus's transport cannot do (it
 * flushes and waits after every command, and keeps its socket to itself). Angus still connects,
 * starts TLS and signs on, with all its settings; it takes its sockets from the session's socket
 * factories, which these are: each records the socket it made for the signing-on thread, the TLS
 * one last, so that after sign-on {@link #take()} returns the socket the session runs on.
 * TCP_NODELAY is set: a group is written at once, and Nagle's algorithm would hold a group back
 * until the server acknowledged the one before.
 */
public final class SocketCapture {

    /** Session settings with which Angus makes its sockets in a way these factories would change. */
    private static final Set<String> OWN_SOCKET_SETTINGS = Set.of("socketFactory", "socketFactory.class",
            "ssl.socketFactory.class", "ssl.trust", "proxy.host", "socks.host", "usesocketchannels");

    private final ThreadLocal<Socket> made = new ThreadLocal<>();

    /**
     * Makes Angus's SMTP sockets through this capture, unless the application's mail properties
     * choose how sockets are made (a socket factory, a proxy, trusted hosts): then nothing changes,
     * and the connections send one command at a time.
     *
     * @param prefix the properties' prefix, {@code mail.smtp.} or {@code mail.smtps.}
     * @return whether sockets will be captured
     */
    public boolean install(Properties properties, String prefix, Map<String, String> applicationProperties) {
        for (String setting : OWN_SOCKET_SETTINGS) {
            if (applicationProperties.containsKey(prefix + setting)) {
                return false;
            }
        }
        Object tls = properties.get(prefix + "ssl.socketFactory");
        properties.put(prefix + "socketFactory", new Plain());
        properties.put(prefix + "ssl.socketFactory",
                new Tls(tls instanceof SSLSocketFactory own ? own : (SSLSocketFactory) SSLSocketFactory.getDefault()));
        return true;
    }

    /** The socket the calling thread's last sign-on ended on, once; null if none was made here. */
    public Socket take() {
        Socket socket = made.get();
        made.remove();
        return socket;
    }

    private Socket record(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        made.set(socket);
        return socket;
    }

    /** Angus calls {@code createSocket()} and connects the socket itself. */
    private final class Plain extends SocketFactory {

        @Override
        public Socket createSocket() throws IOException {
            return record(new Socket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return record(new Socket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return record(new Socket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return record(new Socket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return record(new Socket(address, port, localAddress, localPort));
        }
    }

    /** Angus layers TLS over a connected socket with {@code createSocket(socket, host, port, autoClose)}. */
    private final class Tls extends SSLSocketFactory {

        private final SSLSocketFactory delegate;

        Tls(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            return record(delegate.createSocket(socket, host, port, autoClose));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return record(delegate.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return record(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return record(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return record(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return record(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
