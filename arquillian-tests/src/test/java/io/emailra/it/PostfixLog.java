package io.emailra.it;

import io.emailra.testsupport.MailServers;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Postfix logged since this object was made: which messages it accepted (its cleanup's
 * {@code message-id=} line, once per accepted message) and delivered ({@code status=sent}).
 */
final class PostfixLog {

    private final Path log = MailServers.load().log("postfix");
    private final long start;

    PostfixLog() {
        try {
            start = Files.size(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How often Postfix accepted a message with this Message-ID. */
    int accepted(String messageId) {
        return count(Pattern.compile(": message-id=" + Pattern.quote(messageId) + "$", Pattern.MULTILINE));
    }

    /** How often Postfix delivered a message with this Message-ID to the recipient. */
    int delivered(String messageId, String recipient) {
        String text = text();
        Matcher queued = Pattern.compile(" ([0-9A-F]+): message-id=" + Pattern.quote(messageId) + "$", Pattern.MULTILINE)
                .matcher(text);
        int delivered = 0;
        while (queued.find()) {
            Matcher sent = Pattern.compile(" " + queued.group(1) + ": to=<" + Pattern.quote(recipient) + ">.* status=sent ")
                    .matcher(text);
            while (sent.find()) {
                delivered++;
            }
        }
        return delivered;
    }

    /** Whether anything Postfix logged names the text. */
    boolean mentions(String text) {
        return text().contains(text);
    }

    private int count(Pattern pattern) {
        Matcher matcher = pattern.matcher(text());
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    private String text() {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.max(0, file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
