package io.emailra.ra.physical.imap;

import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.Item;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.eclipse.angus.mail.imap.protocol.UIDSet;

import jakarta.mail.Flags;
import jakarta.mail.MessagingException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IMAP commands emailra writes itself, on the connection of a selected folder: one command each,
 * whatever Angus has cached of the folder (a shared physical connection has usually not seen the
 * UIDs an operation names, and Angus would look each up first). Untagged responses (new, expunged
 * and changed messages) still reach Angus's view of the folder.
 */
final class ImapCommands {

    private static final Pattern COPYUID = Pattern.compile("\\[COPYUID \\d+ ([0-9:,]+) ([0-9:,]+)\\]", Pattern.CASE_INSENSITIVE);

    private static final Map<Flags.Flag, String> SYSTEM_FLAGS = Map.of(Flags.Flag.SEEN, "\\Seen",
            Flags.Flag.ANSWERED, "\\Answered", Flags.Flag.FLAGGED, "\\Flagged", Flags.Flag.DELETED, "\\Deleted",
            Flags.Flag.DRAFT, "\\Draft");

    private ImapCommands() {
    }

    /**
     * {@code UID FETCH uid (item)}: the item of that type the server sent for this UID, or null if
     * it sent none (no such message).
     */
    static <T extends Item> T fetch(IMAPFolder folder, long uid, String item, Class<T> type) throws MessagingException {
        FetchResponse fetched = fetchResponse(folder, uid, item, type);
        return fetched == null ? null : fetched.getItem(type);
    }

    /**
     * {@code UID FETCH uid (items)}: the server's response for this UID that holds the required item
     * (not an unsolicited one about the same message), or null if it sent none.
     */
    static FetchResponse fetchResponse(IMAPFolder folder, long uid, String items, Class<? extends Item> required)
            throws MessagingException {
        return (FetchResponse) folder.doCommand(protocol -> {
            Response[] responses = protocol.command("UID FETCH " + uid + " (" + items + ")", null);
            protocol.notifyResponseHandlers(responses);
            protocol.handleResult(responses[responses.length - 1]);
            for (Response response : responses) {
                if (response instanceof FetchResponse fetched) {
                    UID id = fetched.getItem(UID.class);
                    if (id != null && id.uid == uid && fetched.getItem(required) != null) {
                        return fetched;
                    }
                }
            }
            return null;
        });
    }

    /**
     * {@code UID STORE uid (UNCHANGEDSINCE modseq) +FLAGS.SILENT (keywords)}: whether it was stored,
     * that is, the message's modification sequence was still {@code modseq} (RFC 7162 §3.1.3).
     */
    static boolean storeIfUnchanged(IMAPFolder folder, long uid, long modseq, String keywords) throws MessagingException {
        Response[] responses = run(folder, "UID STORE " + uid + " (UNCHANGEDSINCE " + modseq + ") +FLAGS.SILENT ("
                + keywords + ")", null);
        return !responses[responses.length - 1].toString().toUpperCase(Locale.ROOT).contains("[MODIFIED");
    }

    /** {@code UID FETCH set (FLAGS)}: the flags of those of the messages that exist. */
    static List<Flags> flags(IMAPFolder folder, Collection<Long> uids) throws MessagingException {
        return Arrays.stream(run(folder, "UID FETCH " + uidSet(uids) + " (FLAGS)", null))
                .filter(FetchResponse.class::isInstance)
                .map(response -> (Flags) ((FetchResponse) response).getItem(FLAGS.class))
                .filter(Objects::nonNull)
                .toList();
    }

    /** {@code UID FETCH uid (BODY[section]<origin.count>)}, peeking or not: the body part sent, or null. */
    static BODY fetchBody(IMAPFolder folder, long uid, String section, boolean peek, String partial)
            throws MessagingException {
        return fetch(folder, uid, body(section, peek) + partial, BODY.class);
    }

    /** {@code UID FETCH set (RFC822.SIZE)}: the sizes of those of the messages that exist, by UID. */
    static Map<Long, Long> sizes(IMAPFolder folder, Collection<Long> uids) throws MessagingException {
        Map<Long, Long> sizes = new HashMap<>();
        fetchEach(folder, uids, "RFC822.SIZE", RFC822SIZE.class).forEach((uid, size) -> sizes.put(uid, size.size));
        return sizes;
    }

    /**
     * {@code UID FETCH set (BODY.PEEK[])} (or {@code BODY[]}): the whole messages of those that exist,
     * by UID, each in the buffer the server's response was read into.
     */
    static Map<Long, ByteArray> bodies(IMAPFolder folder, Collection<Long> uids, boolean peek) throws MessagingException {
        Map<Long, ByteArray> bodies = new HashMap<>();
        fetchEach(folder, uids, body("", peek), BODY.class).forEach((uid, body) ->
                bodies.put(uid, body.getByteArray() == null ? new ByteArray(0) : body.getByteArray()));
        return bodies;
    }

    /** {@code UID FETCH set (items)}: the item of that type by UID, from the responses that carry it (not unsolicited ones). */
    private static <T extends Item> Map<Long, T> fetchEach(IMAPFolder folder, Collection<Long> uids, String items,
                                                           Class<T> type) throws MessagingException {
        Map<Long, T> found = new HashMap<>();
        for (Response response : run(folder, "UID FETCH " + uidSet(uids) + " (" + items + ")", null)) {
            if (response instanceof FetchResponse fetched) {
                UID id = fetched.getItem(UID.class);
                T item = fetched.getItem(type);
                if (id != null && item != null) {
                    found.put(id.uid, item);
                }
            }
        }
        return found;
    }

    private static String body(String section, boolean peek) {
        return (peek ? "BODY.PEEK[" : "BODY[") + section + "]";
    }

    /** {@code UID SEARCH arguments}: the UIDs the server found, ascending. */
    @SuppressWarnings("unchecked")
    static List<Long> search(IMAPFolder folder, Argument arguments) throws MessagingException {
        List<Long> found = (List<Long>) folder.doCommand(protocol -> {
            Response[] responses = protocol.command("UID SEARCH", arguments);
            protocol.notifyResponseHandlers(responses);
            protocol.handleResult(responses[responses.length - 1]);
            List<Long> uids = new ArrayList<>();
            for (Response response : responses) {
                if (response instanceof IMAPResponse untagged && untagged.keyEquals("SEARCH")) {
                    for (long uid = response.readLong(); uid != -1; uid = response.readLong()) {
                        uids.add(uid);
                    }
                }
            }
            return uids;
        });
        found.sort(null);
        return found;
    }

    /** The UIDs as an IMAP set, ranges merged ({@code 3:7,9}). */
    static String uidSet(Collection<Long> uids) {
        return UIDSet.toString(UIDSet.createUIDSets(uids.stream().mapToLong(Long::longValue).sorted().distinct().toArray()));
    }

    /** Those of the UIDs that name no message in the folder: {@code UID SEARCH UID set}. */
    static List<Long> missing(IMAPFolder folder, Collection<Long> uids) throws MessagingException {
        Set<Long> found = new HashSet<>(search(folder, new Argument().writeAtom("UID").writeAtom(uidSet(uids))));
        return uids.stream().filter(uid -> !found.contains(uid)).distinct().sorted().toList();
    }

    /**
     * {@code UID STORE set +FLAGS (...)} (or {@code -FLAGS}); not {@code .SILENT}: the FETCH responses
     * with the new flags keep Angus's cached flags of these messages current for later listings.
     */
    static void store(IMAPFolder folder, Collection<Long> uids, boolean add, Flags flags) throws MessagingException {
        StringJoiner list = new StringJoiner(" ", "(", ")");
        for (Flags.Flag flag : flags.getSystemFlags()) {
            list.add(SYSTEM_FLAGS.get(flag));
        }
        for (String keyword : flags.getUserFlags()) {
            list.add(keyword);
        }
        run(folder, "UID STORE " + uidSet(uids) + (add ? " +FLAGS " : " -FLAGS ") + list, null);
    }

    /**
     * {@code UID COPY} or {@code UID MOVE} ({@code verb}) to the folder: the new UIDs by the old ones
     * from the server's COPYUID response code (RFC 4315), or empty without UIDPLUS.
     */
    static Map<Long, Long> transfer(IMAPFolder folder, String verb, Collection<Long> uids, String target)
            throws MessagingException {
        Argument arguments = new Argument().writeAtom(uidSet(uids)).writeString(BASE64MailboxEncoder.encode(target));
        Response[] responses = run(folder, "UID " + verb, arguments);
        for (Response response : responses) {
            Matcher copyUid = COPYUID.matcher(response.toString());
            if (copyUid.find()) {
                long[] from = UIDSet.toArray(UIDSet.parseUIDSets(copyUid.group(1)));
                long[] to = UIDSet.toArray(UIDSet.parseUIDSets(copyUid.group(2)));
                Map<Long, Long> moved = new LinkedHashMap<>();
                for (int i = 0; i < Math.min(from.length, to.length); i++) {
                    moved.put(from[i], to[i]);
                }
                return moved;
            }
        }
        return Map.of();
    }

    /** {@code UID EXPUNGE set} (RFC 4315): removes these messages only, if marked deleted. */
    static void expunge(IMAPFolder folder, Collection<Long> uids) throws MessagingException {
        run(folder, "UID EXPUNGE " + uidSet(uids), null);
    }

    /** A command whose untagged responses reach Angus's view of the folder; a refusal is a MessagingException. */
    private static Response[] run(IMAPFolder folder, String command, Argument arguments) throws MessagingException {
        return (Response[]) folder.doCommand(protocol -> {
            Response[] responses = protocol.command(command, arguments);
            protocol.notifyResponseHandlers(responses);
            protocol.handleResult(responses[responses.length - 1]);
            return responses;
        });
    }
}
