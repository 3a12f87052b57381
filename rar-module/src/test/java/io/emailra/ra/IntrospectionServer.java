package io.emailra.ra;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OAuth 2 token introspection endpoint (RFC 7662) Dovecot asks about XOAUTH2 tokens, on
 * 127.0.0.1 at the port the mail-servers script configured: a token is active if the test said so.
 */
final class IntrospectionServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> activeTokens = new ConcurrentHashMap<>();

    private IntrospectionServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/introspect", this::introspect);
        server.start();
    }

    static IntrospectionServer start(int port) throws IOException {
        return new IntrospectionServer(port);
    }

    /** From now on the token is active and belongs to the user. */
    void activate(String token, String user) {
        activeTokens.put(token, user);
    }

    private void introspect(HttpExchange exchange) throws IOException {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String token = null;
        for (String field : form.split("&")) {
            if (field.startsWith("token=")) {
                token = URLDecoder.decode(field.substring("token=".length()), StandardCharsets.UTF_8);
            }
        }
        String user = token == null ? null : activeTokens.get(token);
        String json = user == null ? "{\"active\":false}" : "{\"active\":true,\"username\":\"" + user + "\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
