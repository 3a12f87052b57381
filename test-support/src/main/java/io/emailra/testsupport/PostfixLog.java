package io.emailra.testsupport;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Postfix's log from a mark on, read for which SMTP session carried which message. A
 * session is what one smtpd process logs from a "connect from" to its next (a process serves
 * several sessions in turn); a message belongs to the session that logged its queue ID's
 * "client=" line, and is known by the Message-ID Postfix's cleanup logged for that queue ID. Other
 * clients' sessions in the same window (other tests, port probes) carry none of a test's messages.
 */
public final class PostfixLog {

    private static final Pattern SMTPD = Pattern.compile(
            " (postfix/([a-z]+)/smtpd\\[\\d+\\]): (?:(connect from )|([0-9A-Za-z]+): client=)");
    private static final Pattern CLEANUP = Pattern.compile(" postfix/cleanup\\[\\d+\\]: ([0-9A-Za-z]+): message-id=(\\S+)");
    private static final Pattern DELIVERY = Pattern.compile(" ([0-9A-Za-z]+): to=<([^>]+)>.* status=sent ");

    private final Path file;
    private final long mark;

    private PostfixLog(Path file, long mark) {
        this.file = file;
        this.mark = mark;
    }

    /** The log from its present end on. */
    public static PostfixLog fromNow(MailServers servers) {
        Path file = servers.log("postfix");
        try {
            return new PostfixLog(file, Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "connect from" lines of one service ({@code plain}, {@code submission}) since the mark, whoever connected. */
    public long connects(String service) {
        return lines().stream().map(SMTPD::matcher)
                .filter(line -> line.find() && line.group(2).equals(service) && line.group(3) != null).count();
    }

    /**
     * For each session that carried some of these Message-IDs, how many it carried; waits until the
     * log has every one of them, at most {@code limit}.
     */
    public Map<String, Integer> sessionsCarrying(Collection<String> messageIds, Duration limit) {
        Set<String> wanted = Set.copyOf(messageIds);
        return Await.until("Postfix logged all " + wanted.size() + " Message-IDs", limit, () -> {
            Map<String, Integer> connects = new HashMap<>();
            Map<String, String> sessionOfQueueId = new HashMap<>();
            Map<String, String> messageIdOfQueueId = new HashMap<>();
            for (String line : lines()) {
                Matcher smtpd = SMTPD.matcher(line);
                Matcher cleanup = CLEANUP.matcher(line);
                if (smtpd.find()) {
                    String process = smtpd.group(1);
                    if (smtpd.group(3) != null) {
                        connects.merge(process, 1, Integer::sum);
                    } else {
                        sessionOfQueueId.put(smtpd.group(4), process + " session " + connects.getOrDefault(process, 0));
                    }
                } else if (cleanup.find()) {
                    messageIdOfQueueId.put(cleanup.group(1), cleanup.group(2));
                }
            }
            Map<String, Integer> carried = new HashMap<>();
            messageIdOfQueueId.forEach((queueId, messageId) -> {
                if (wanted.contains(messageId) && sessionOfQueueId.containsKey(queueId)) {
                    carried.merge(sessionOfQueueId.get(queueId), 1, Integer::sum);
                }
            });
            int found = carried.values().stream().mapToInt(Integer::intValue).sum();
            return found == wanted.size() ? Optional.of(carried) : Optional.empty();
        });
    }

    /** How often Postfix accepted a message with this Message-ID (its cleanup logs each accepted message once). */
    public int accepted(String messageId) {
        return (int) lines().stream().map(CLEANUP::matcher).filter(line -> line.find() && line.group(2).equals(messageId))
                .count();
    }

    /** How often Postfix delivered a message with this Message-ID to the recipient ({@code status=sent}). */
    public int delivered(String messageId, String recipient) {
        List<String> lines = lines();
        Set<String> queueIds = new HashSet<>();
        for (String line : lines) {
            Matcher cleanup = CLEANUP.matcher(line);
            if (cleanup.find() && cleanup.group(2).equals(messageId)) {
                queueIds.add(cleanup.group(1));
            }
        }
        return (int) lines.stream().map(DELIVERY::matcher)
                .filter(line -> line.find() && queueIds.contains(line.group(1)) && line.group(2).equals(recipient)).count();
    }

    /** Whether anything Postfix logged since the mark names the text (a Message-ID, an address). */
    public boolean mentions(String text) {
        return lines().stream().anyMatch(line -> line.contains(text));
    }

    private List<String> lines() {
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer appended = ByteBuffer.allocate((int) (channel.size() - mark));
            while (appended.hasRemaining() && channel.read(appended, mark + appended.position()) > 0) {
                // a large window may take several reads
            }
            return new String(appended.array(), 0, appended.position(), StandardCharsets.ISO_8859_1).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
