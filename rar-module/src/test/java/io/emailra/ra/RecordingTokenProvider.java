package io.emailra.ra;

import io.emailra.api.OAuth2TokenProvider;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The kind of class an application supplies: hands out the test's tokens in order (the first one
 * typically expired) and records each call as {@code user:refresh}.
 */
public class RecordingTokenProvider implements OAuth2TokenProvider {

    private static final List<String> TOKENS = new CopyOnWriteArrayList<>();
    private static final List<String> CALLS = new CopyOnWriteArrayList<>();

    static void handOut(String... tokens) {
        TOKENS.clear();
        CALLS.clear();
        TOKENS.addAll(List.of(tokens));
    }

    static List<String> calls() {
        return List.copyOf(CALLS);
    }

    @Override
    public String accessToken(String user, boolean refresh) {
        CALLS.add(user + ":" + refresh);
        return TOKENS.isEmpty() ? null : TOKENS.remove(0);
    }
}
