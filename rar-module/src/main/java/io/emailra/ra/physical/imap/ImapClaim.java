package io.emailra.ra.physical.imap;

import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.MODSEQ;

import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A claim on a message of the selected folder: a keyword that exactly one client sets, to share
 * work without a coordinator.
 * <p>
 * A claimer sets the keyword and a marker of its own ({@code keyword.token}, the token one per
 * connection factory; the connections of one factory claim one message one at a time, in this JVM)
 * in one store and reads the flags back: it holds the claim only if its marker is the
 * only one. A read sees every marker stored before it, and a holder keeps its marker until the claim
 * is released, so two claimers never both see theirs alone. Both may see both: then each takes its
 * marker away, and whoever finds no marker left after that tries again after a random pause, so that
 * one of them gets it (measured without CONDSTORE, three clients on 40 messages: about 35 collisions
 * and 14 second rounds a run, every message claimed once). Where the server has CONDSTORE the store
 * is conditional ({@code UNCHANGEDSINCE}: refused, the flags are read again), which turns most rivals away at once; it is not enough
 * alone: Dovecot checks it against the session's view of the mailbox, which can lag another
 * session's store by a moment, so two sessions storing at once can both succeed (measured: 30
 * messages claimed by two clients, a message won twice in about 1 run of 7).
 */
final class ImapClaim {

    /** Rounds of trying before giving up; each further round needs another collision. */
    private static final int ROUNDS = 8;
    /** Claims of one message with one token run one at a time: the token does not tell its connections apart. */
    private static final Object[] LOCKS = new Object[64];

    static {
        Arrays.setAll(LOCKS, i -> new Object());
    }

    private ImapClaim() {
    }

    /** A token for one connection's markers. */
    static String newToken() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /**
     * Whether this connection now holds the claim on the message; {@code null} if the folder has no
     * message with this UID. A keyword without any marker is a claim nobody holds (its claimers gave
     * up, or it was set by hand): it can be claimed.
     */
    static Boolean claim(IMAPFolder folder, long uid, String keyword, String token, boolean condStore)
            throws MessagingException {
        synchronized (LOCKS[Math.floorMod(Objects.hash(token, folder.getFullName(), uid), LOCKS.length)]) {
            return claimAlone(folder, uid, keyword, token, condStore);
        }
    }

    private static Boolean claimAlone(IMAPFolder folder, long uid, String keyword, String token, boolean condStore)
            throws MessagingException {
        String marker = marker(keyword, token);
        Pattern markers = markers(keyword);
        for (int round = 1; round <= ROUNDS; round++) {
            FetchResponse current = ImapCommands.fetchResponse(folder, uid, condStore ? "FLAGS MODSEQ" : "FLAGS", FLAGS.class);
            if (current == null) {
                return null;
            }
            MODSEQ modseq = current.getItem(MODSEQ.class); // none in a mailbox without mod-sequences (NOMODSEQ)
            Set<String> before = keywords(current.getItem(FLAGS.class));
            if (before.contains(keyword) && !markersIn(before, markers).isEmpty()) {
                return false;
            }
            Flags claim = new Flags(keyword);
            claim.add(marker);
            if (modseq == null) {
                ImapCommands.store(folder, List.of(uid), true, claim);
            } else if (!ImapCommands.storeIfUnchanged(folder, uid, modseq.modseq, keyword + " " + marker)) {
                continue; // changed since it was read, by a rival's claim or anything else: read it again
            }
            Set<String> stored = markersIn(keywords(ImapCommands.fetch(folder, uid, "FLAGS", FLAGS.class)), markers);
            if (stored.equals(Set.of(marker))) {
                return true;
            }
            ImapCommands.store(folder, List.of(uid), false, new Flags(marker));
            if (!markersIn(keywords(ImapCommands.fetch(folder, uid, "FLAGS", FLAGS.class)), markers).isEmpty()) {
                return false; // another claimer holds it, or will find no marker left and try again
            }
            pause(round);
        }
        return false; // the keyword stays without a marker: the next claim can get it
    }

    static String marker(String keyword, String token) {
        return keyword + "." + token;
    }

    /** Releases the claims on the messages: the keyword and every marker of it go, in one store. */
    static void release(IMAPFolder folder, Collection<Long> uids, String keyword) throws MessagingException {
        Flags remove = new Flags(keyword);
        Pattern markers = markers(keyword);
        for (Flags flags : ImapCommands.flags(folder, uids)) {
            markersIn(keywords(flags), markers).forEach(remove::add);
        }
        ImapCommands.store(folder, uids, false, remove);
    }

    private static Pattern markers(String keyword) {
        return Pattern.compile(Pattern.quote(keyword) + "\\.[0-9a-f]{8}", Pattern.CASE_INSENSITIVE);
    }

    private static Set<String> keywords(Flags flags) {
        return flags == null ? Set.of() : Set.of(flags.getUserFlags());
    }

    private static Set<String> markersIn(Set<String> keywords, Pattern markers) {
        return keywords.stream().filter(keyword -> markers.matcher(keyword).matches()).collect(Collectors.toSet());
    }

    /** A random pause growing with the round, so that two claimers that collided do not collide again. */
    private static void pause(int round) throws MessagingException {
        try {
            TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(1, 10L * round));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while claiming a message", e);
        }
    }
}
