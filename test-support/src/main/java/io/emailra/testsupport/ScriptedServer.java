package io.emailra.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

/**
 * A fake mail server on 127.0.0.1 that misbehaves on cue, for testing how a client classifies
 * failures no real server produces on demand: a reply it does not expect, a hang-up or a silence
 * at a chosen command. Each client line gets the action of the first rule whose case-insensitive
 * regex is found in it; in replies, {@code {tag}} stands for the line's first word (an IMAP tag).
 */
public final class ScriptedServer implements AutoCloseable {

    private enum Action { REPLY, HANG_UP, STALL }

    private record Rule(Pattern pattern, Action action, List<String> replies) {
    }

    private final String greeting; // null: never greets
    private final List<Rule> rules;
    private final ServerSocket listener;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private ScriptedServer(String greeting, List<Rule> rules) throws IOException {
        this.greeting = greeting;
        this.rules = rules;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(this::accept, "scripted-server-" + listener.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    public static Builder greeting(String line) {
        return new Builder(line);
    }

    /** A server that accepts connections but never greets nor answers: a client's wait for the greeting must end on its own. */
    public static ScriptedServer silent() throws IOException {
        return new ScriptedServer(null, List.of(new Rule(Pattern.compile(""), Action.STALL, List.of())));
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // the listener was closed
            }
            sockets.add(socket);
            if (listener.isClosed()) {
                close(socket); // accepted while close() ran, perhaps after it closed the others
                return;
            }
            Thread thread = new Thread(() -> serve(socket), "scripted-server-connection-" + listener.getLocalPort());
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
            if (greeting != null) {
                send(out, List.of(greeting), "");
            }
            for (String line; (line = in.readLine()) != null; ) {
                received.add(line);
                Rule rule = ruleFor(line);
                switch (rule.action()) {
                    case REPLY -> send(out, rule.replies(), line.split(" ", 2)[0]);
                    case HANG_UP -> {
                        return;
                    }
                    case STALL -> {
                        closing.await();
                        return;
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client hung up or the server closes
        } finally {
            sockets.remove(socket);
        }
    }

    /** The last rule, from {@link Builder#otherwise}, matches every line. */
    private Rule ruleFor(String line) {
        return rules.stream().filter(r -> r.pattern().matcher(line).find()).findFirst().orElseThrow();
    }

    private static void send(Writer out, List<String> templates, String tag) throws IOException {
        for (String template : templates) {
            out.write(template.replace("{tag}", tag) + "\r\n");
        }
        out.flush();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Every line any connection received, in order of arrival: to assert what a client did or did not send. */
    public List<String> received() {
        return List.copyOf(received);
    }

    /** Closes the listener and every connection, stalled ones included. */
    @Override
    public void close() {
        close(listener);
        closing.countDown();
        sockets.forEach(ScriptedServer::close);
        sockets.clear();
    }

    private static void close(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }

    /** The script, rule by rule; {@link #otherwise} is required so that no line goes unanswered by oversight. */
    public static final class Builder {

        private final String greeting;
        private final List<Rule> rules = new ArrayList<>();
        private List<String> otherwise;

        private Builder(String greeting) {
            this.greeting = greeting;
        }

        /** Answers a line that matches the regex with these lines. */
        public Builder on(String regex, String... replies) {
            return add(regex, Action.REPLY, List.of(replies));
        }

        /** Closes the connection on a line that matches the regex, without a word. */
        public Builder hangUpOn(String regex) {
            return add(regex, Action.HANG_UP, List.of());
        }

        /** Stops answering and reading on a line that matches the regex; the connection stays open until {@link ScriptedServer#close()}. */
        public Builder stallOn(String regex) {
            return add(regex, Action.STALL, List.of());
        }

        /** Answers a line that matches no rule with these lines. */
        public Builder otherwise(String... replies) {
            otherwise = List.of(replies);
            return this;
        }

        public ScriptedServer start() throws IOException {
            if (otherwise == null) {
                throw new IllegalStateException("no otherwise(...): what should a line that matches no rule get?");
            }
            List<Rule> script = new ArrayList<>(rules);
            script.add(new Rule(Pattern.compile(""), Action.REPLY, otherwise));
            return new ScriptedServer(greeting, List.copyOf(script));
        }

        private Builder add(String regex, Action action, List<String> replies) {
            rules.add(new Rule(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), action, replies));
            return this;
        }
    }
}
