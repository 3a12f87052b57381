package io.emailra.servers;

import io.emailra.testsupport.Await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The sample WAR's REST endpoints (ejb-sample's MailResource), as a test calls them over HTTP. */
final class SampleApp {

    /** One message of a listing: its UID, found next to its subject. */
    private static final String UID_BEFORE_SUBJECT = "\"uid\"\\s*:\\s*(\\d+)[^}]*\"subject\"\\s*:\\s*\"%s\"";
    private static final String UID_AFTER_SUBJECT = "\"subject\"\\s*:\\s*\"%s\"[^}]*\"uid\"\\s*:\\s*(\\d+)";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    SampleApp(String base) {
        this.base = base;
    }

    /** Waits until the application answers (a deployed WAR whose factories resolve). */
    void awaitDeployed(Duration limit) {
        Await.until(base + "/folders answers 200", limit, () -> {
            try {
                return Optional.of(call(HttpRequest.newBuilder(URI.create(base + "/folders")).GET()))
                        .filter(response -> response.statusCode() == 200);
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    String get(String path) {
        return body(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    String post(String path, Map<String, String> form) {
        String encoded = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return body(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encoded)));
    }

    /** The UID of the message with this subject in a listing, if it is there. */
    static Optional<Long> uidOf(String listing, String subject) {
        for (String pattern : new String[] {UID_BEFORE_SUBJECT, UID_AFTER_SUBJECT}) {
            Matcher match = Pattern.compile(pattern.formatted(Pattern.quote(subject))).matcher(listing);
            if (match.find()) {
                return Optional.of(Long.parseLong(match.group(1)));
            }
        }
        return Optional.empty();
    }

    private String body(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = call(request);
            if (response.statusCode() != 200) {
                throw new AssertionError(response.request().method() + " " + response.uri() + ": HTTP "
                        + response.statusCode() + "\n" + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("cannot reach " + base, e);
        }
    }

    private HttpResponse<String> call(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
