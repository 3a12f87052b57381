package io.emailra.api;

import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;

import java.io.OutputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An IMAP client. Each operation without an {@link EmailConnection} runs on the connection the
 * client's {@link AllocationMode} chooses (see {@link EmailClient}); each overload taking a
 * connection first runs on that connection.
 *
 * <p>Message operations work on the folder selected on that connection with
 * {@link #selectFolder(String)}; a connection with no folder selected rejects them with
 * {@link IllegalStateException}. A new connection has no folder selected.
 * Messages are identified by their IMAP UID in the selected folder.
 *
 * <p>The selection belongs to the (logical) connection, whichever physical connection runs its
 * next operation: the folder is selected there again if it is not open there already, and if a
 * physical connection fails, the next operation runs on a new one. UIDs name messages only under the folder's
 * UIDVALIDITY seen when it was selected ({@link FolderInfo#uidValidity()}): if another client
 * deleted and re-created the folder meanwhile, operations naming UIDs fail with
 * {@link EmailProtocolException} until the folder is selected again; they never act on another
 * message that has the same UID. Listings and searches reflect every change other sessions made
 * before they started.
 *
 * <p>Folder names are exact: IMAP's LIST wildcards {@code %} and {@code *} are ordinary characters
 * in them, so {@code deleteFolder("Proj%")} deletes a folder named {@code Proj%} or fails, and never
 * touches {@code Projects}.
 */
public interface ImapClient extends EmailClient {

    /** All folders of the account (IMAP {@code LIST "" *}), in the order the server lists them. */
    List<FolderInfo> listFolders();

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    List<FolderInfo> listFolders(EmailConnection connection);

    /**
     * Creates a folder that holds messages. Names are Unicode; on the wire they travel as IMAP's
     * modified UTF-7.
     *
     * @throws EmailProtocolException if it exists already or the server refuses
     */
    FolderInfo createFolder(String folder);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    FolderInfo createFolder(EmailConnection connection, String folder);

    /**
     * Deletes a folder and the messages in it (not its sub-folders). If it was selected on the
     * connection, no folder is selected afterwards.
     *
     * @throws EmailProtocolException if there is no such folder or the server refuses
     */
    void deleteFolder(String folder);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    void deleteFolder(EmailConnection connection, String folder);

    /**
     * Selects a folder (read-write) on the connection; later message operations on the same
     * connection work on it.
     *
     * @throws EmailProtocolException if there is no such folder
     */
    FolderInfo selectFolder(String folder);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    FolderInfo selectFolder(EmailConnection connection, String folder);

    /** Summaries of every message in the selected folder, oldest first. */
    List<MessageInfo> listMessages();

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    List<MessageInfo> listMessages(EmailConnection connection);

    /**
     * Summaries of one page of the selected folder, oldest first.
     *
     * @param offset how many messages to skip, from 0
     * @param limit  at most this many, from 1
     */
    List<MessageInfo> listMessages(int offset, int limit);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    List<MessageInfo> listMessages(EmailConnection connection, int offset, int limit);

    /**
     * The whole message with this UID in the selected folder, as a detached copy that never
     * touches a connection again. Fetches leave the SEEN flag alone (IMAP {@code BODY.PEEK}); to
     * mark a message read, set the flag ({@link #setFlags}). A factory whose {@code mailProperties}
     * say {@code mail.imap.peek=false} marks what it fetches, as Angus Mail does by default.
     *
     * @throws EmailProtocolException if the folder has no message with this UID
     */
    MimeMessage fetchMessage(long uid);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    MimeMessage fetchMessage(EmailConnection connection, long uid);

    /**
     * The whole messages with these UIDs, as {@link #fetchMessage(long)} fetches one (detached copies,
     * SEEN left alone), in the order of the UIDs given (a UID given twice, twice). Fetched in few
     * commands: one {@code UID FETCH set (RFC822.SIZE)} for their sizes, then {@code UID FETCH set
     * (BODY.PEEK[])} for as many messages as fit in 8 MB each (a larger message alone).
     *
     * @throws IllegalArgumentException if {@code uids} is empty, holds a UID below 1, or more than 10,000 UIDs
     * @throws NullPointerException     if {@code uids} is or holds null
     * @throws EmailProtocolException   if the folder has no message with one of the UIDs (it names them all);
     *                                  nothing is returned then
     */
    List<MimeMessage> fetchMessages(Collection<Long> uids);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    List<MimeMessage> fetchMessages(EmailConnection connection, Collection<Long> uids);

    /**
     * Hands each message's raw RFC 822 bytes to the sink, one after the other in the order of the UIDs
     * given, in the commands of {@link #fetchMessages(Collection)}: emailra holds at most about 8 MB
     * of messages at once, and a message larger than that streams alone in chunks of 256 KB, as
     * {@link #fetchMessage(long, OutputStream)} does. SEEN is left alone.
     *
     * @throws IllegalArgumentException as {@link #fetchMessages(Collection)}
     * @throws NullPointerException     if {@code uids} is or holds null, or {@code sink} is null
     * @throws EmailProtocolException   if the folder has no message with one of the UIDs: checked before
     *                                  the sink receives any (it names them all). A message another session
     *                                  expunges meanwhile ends the fetch where it would have come, naming it.
     * @throws EmailException wrapping the {@link java.io.IOException} of the sink; the fetch ends there and
     *                        the connection stays usable (every command completes before its messages are handed on)
     */
    void fetchMessages(Collection<Long> uids, MessageSink sink);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    void fetchMessages(EmailConnection connection, Collection<Long> uids, MessageSink sink);

    /**
     * Appends a message to a folder (selected or not).
     *
     * @return the new message's UID, or empty if the server does not support UIDPLUS
     */
    OptionalLong appendMessage(String folder, MimeMessage message);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    OptionalLong appendMessage(EmailConnection connection, String folder, MimeMessage message);

    /** Marks the message deleted; it is removed by {@link #commitDeletes()}. */
    void deleteMessage(long uid);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    void deleteMessage(EmailConnection connection, long uid);

    /** Expunges the messages of the selected folder marked deleted. */
    void commitDeletes();

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    void commitDeletes(EmailConnection connection);

    /** Summaries of the messages of the selected folder that match every criterion of the query. */
    List<MessageInfo> search(SearchQuery query);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    List<MessageInfo> search(EmailConnection connection, SearchQuery query);

    /** Sets ({@code value} true) or clears the flags on the messages with these UIDs. */
    void setFlags(Collection<Long> uids, Set<MessageFlag> flags, boolean value);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    void setFlags(EmailConnection connection, Collection<Long> uids, Set<MessageFlag> flags, boolean value);

    /**
     * Copies a message of the selected folder to another folder.
     *
     * @return the copy's UID, or empty if the server does not support UIDPLUS
     */
    OptionalLong copy(long uid, String targetFolder);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    OptionalLong copy(EmailConnection connection, long uid, String targetFolder);

    /**
     * Moves a message of the selected folder to another folder (MOVE, or copy, delete and
     * UID EXPUNGE of this message only where the server lacks MOVE).
     *
     * @return the message's UID in the target folder, or empty if the server does not support UIDPLUS
     */
    OptionalLong move(long uid, String targetFolder);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    OptionalLong move(EmailConnection connection, long uid, String targetFolder);

    /**
     * Writes the message's raw RFC 822 bytes, as the server has them, to {@code out}: fetched in
     * chunks of 256 KB, so a message of any size passes through without being held in memory. The
     * stream is not closed. Like every fetch, leaves the SEEN flag alone (see {@link #fetchMessage(long)}).
     *
     * @throws EmailProtocolException if the folder has no message with this UID
     * @throws EmailException wrapping the {@link java.io.IOException} of {@code out}; the connection stays usable
     */
    void fetchMessage(long uid, OutputStream out);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    void fetchMessage(EmailConnection connection, long uid, OutputStream out);

    /** The message's header fields, without its content (IMAP {@code BODY.PEEK[HEADER]}). */
    InternetHeaders fetchHeaders(long uid);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    InternetHeaders fetchHeaders(EmailConnection connection, long uid);

    /** The message's MIME structure, without content (IMAP {@code BODYSTRUCTURE}): part ids, types, file names, sizes. */
    MessagePart fetchStructure(long uid);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    MessagePart fetchStructure(EmailConnection connection, long uid);

    /**
     * Writes one part's content, decoded (base64 and quoted-printable undone), to {@code out},
     * streamed in chunks as {@link #fetchMessage(long, OutputStream)} does: an attachment of any
     * size without the heap. The stream is not closed.
     *
     * @param partId a part id of {@link #fetchStructure(long)} that is not a multipart
     * @throws EmailProtocolException if there is no message with this UID, or it has no such part
     */
    void fetchPart(long uid, String partId, OutputStream out);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    void fetchPart(EmailConnection connection, long uid, String partId, OutputStream out);

    /** The UIDs of the messages of the selected folder that match the query, ascending, without fetching anything else. */
    List<Long> searchUids(SearchQuery query);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    List<Long> searchUids(EmailConnection connection, SearchQuery query);

    /** A folder's message count, unseen count, UIDNEXT and UIDVALIDITY, without selecting it (IMAP {@code STATUS}). */
    FolderStatus folderStatus(String folder);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    FolderStatus folderStatus(EmailConnection connection, String folder);

    /**
     * Selects a folder read-only (IMAP {@code EXAMINE}), as {@link #selectFolder(String)} does
     * otherwise: reading changes nothing (not even \Recent), and operations that would change its
     * messages (flags, moves, deletes) are refused with {@link IllegalStateException} before anything
     * is sent; copying out of it works.
     */
    FolderInfo examineFolder(String folder);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    FolderInfo examineFolder(EmailConnection connection, String folder);

    /**
     * A page of the selected folder, oldest first: up to {@code limit} messages whose UID is greater
     * than {@code uid} (0 for the first page; then the last UID of the page before). Pages named by
     * UID do not shift when messages are expunged or arrive meanwhile, as offsets do.
     */
    List<MessageInfo> listMessagesAfter(long uid, int limit);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    List<MessageInfo> listMessagesAfter(EmailConnection connection, long uid, int limit);

    /**
     * A page of the selected folder, newest first: up to {@code limit} messages whose UID is less
     * than {@code uid} ({@link Long#MAX_VALUE} for the first page; then the last UID of the page
     * before). Like {@link #listMessagesAfter(long, int)}, pages do not shift.
     */
    List<MessageInfo> listMessagesBefore(long uid, int limit);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    List<MessageInfo> listMessagesBefore(EmailConnection connection, long uid, int limit);

    /**
     * Sets system flags and custom keywords (IMAP atoms, e.g. {@code $Forwarded}, {@code invoiced})
     * on the messages with these UIDs, in one command ({@code UID STORE +FLAGS}).
     *
     * @throws EmailProtocolException naming the UIDs that name no message in the selected folder;
     *                                then nothing was changed
     */
    void addFlags(Collection<Long> uids, Set<MessageFlag> flags, Set<String> keywords);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    void addFlags(EmailConnection connection, Collection<Long> uids, Set<MessageFlag> flags, Set<String> keywords);

    /** Clears system flags and custom keywords on the messages with these UIDs, as {@link #addFlags} sets them. */
    void removeFlags(Collection<Long> uids, Set<MessageFlag> flags, Set<String> keywords);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    void removeFlags(EmailConnection connection, Collection<Long> uids, Set<MessageFlag> flags, Set<String> keywords);

    /**
     * Copies the messages with these UIDs to another folder in one command ({@code UID COPY}).
     *
     * @return the copies' UIDs by the originals' UIDs; empty if the server does not report them
     *         (no UIDPLUS)
     * @throws EmailProtocolException naming the UIDs that name no message; then nothing was copied
     */
    Map<Long, Long> copyMessages(Collection<Long> uids, String targetFolder);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    Map<Long, Long> copyMessages(EmailConnection connection, Collection<Long> uids, String targetFolder);

    /**
     * Moves the messages with these UIDs to another folder: one {@code UID MOVE}, or, where the
     * server lacks MOVE, {@code UID COPY}, then {@code \Deleted} and {@code UID EXPUNGE} of these
     * messages only. Where the server lacks UIDPLUS too (no UID EXPUNGE), they are expunged if no
     * other message of the folder is marked deleted, and otherwise stay marked deleted until
     * {@link #commitDeletes()}.
     *
     * @return the messages' UIDs in the target folder by their old UIDs; empty if the server does not
     *         report them (no UIDPLUS)
     */
    Map<Long, Long> moveMessages(Collection<Long> uids, String targetFolder);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    Map<Long, Long> moveMessages(EmailConnection connection, Collection<Long> uids, String targetFolder);

    /**
     * Deletes the messages with these UIDs: marks them deleted and expunges these only
     * ({@code UID EXPUNGE}); where the server lacks UIDPLUS, as {@link #moveMessages} does.
     */
    void deleteMessages(Collection<Long> uids);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    void deleteMessages(EmailConnection connection, Collection<Long> uids);

    /**
     * Renames a folder (IMAP {@code RENAME}); renaming INBOX moves its messages into the new folder,
     * as IMAP defines. A connection that had the folder selected must select it by its new name.
     */
    FolderInfo renameFolder(String folder, String newName);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    FolderInfo renameFolder(EmailConnection connection, String folder, String newName);

    /** Adds the folder to the account's subscriptions (IMAP {@code SUBSCRIBE}). */
    void subscribe(String folder);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    void subscribe(EmailConnection connection, String folder);

    /** Removes the folder from the account's subscriptions (IMAP {@code UNSUBSCRIBE}). */
    void unsubscribe(String folder);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    void unsubscribe(EmailConnection connection, String folder);

    /**
     * Claims a message of the selected folder for this client: sets the keyword, unless another
     * client holds it already, so that of several clients claiming one message at once, on one server
     * or many, exactly one gets {@code true}: a coordinator-free way to share work (emailra's inbound
     * delivery claims each message so). The claim stores the keyword with a marker keyword of the
     * claiming connection ({@code keyword.1a2b3c4d}) and reads them back to check that no one else's
     * marker is there; where the server has CONDSTORE (RFC 7162) the store is conditional, which
     * turns most rivals away at once (alone it is not enough: Dovecot's can let two sessions win). A MOVE is no claim: two sessions moving the same message at once may
     * both copy it (Dovecot, measured). The claim is held until {@link #unclaim} (a keyword with no
     * marker, set by hand, is a claim nobody holds). Up to three round trips; a collision costs more.
     *
     * @param keyword an IMAP keyword of at most 91 characters (the marker adds 9)
     * @return whether this client now holds the claim
     * @throws EmailProtocolException if the folder has no message with this UID
     */
    boolean claim(long uid, String keyword);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    boolean claim(EmailConnection connection, long uid, String keyword);

    /**
     * Releases the claims on messages of the selected folder, whoever holds them: the keyword and
     * its markers go. A message keeps its claim when it is copied or moved; release it where it is.
     *
     * @throws EmailProtocolException if the folder has no message with one of the UIDs (nothing is changed then)
     */
    void unclaim(Collection<Long> uids, String keyword);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    void unclaim(EmailConnection connection, Collection<Long> uids, String keyword);

    /**
     * The marker keyword this client's connection sets with its claims of the keyword ({@link #claim}).
     * Kept, it finds the messages the connection claimed after the connection was lost (a search for
     * it as a keyword, in any folder the messages went to), to release them; a new connection has a
     * new marker.
     */
    String claimMarker(String keyword);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    String claimMarker(EmailConnection connection, String keyword);

    /**
     * Waits on the selected folder until the server reports a change (a new, expunged or changed
     * message) or the time passes, with IMAP IDLE; the connection is held meanwhile. One wait lasts
     * at most the factory's read time limit less two seconds; wait again for longer.
     *
     * @return whether the server reported a change (look, e.g. with {@link #searchUids})
     * @throws EmailProtocolException if the server does not support IDLE
     */
    boolean awaitChanges(Duration limit);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    boolean awaitChanges(EmailConnection connection, Duration limit);

    /**
     * Ends the wait of {@link #awaitChanges} in progress on this client at once (it returns false),
     * or, if none is, the next one before it starts (asked as a wait ends, it may end neither). The one method another thread may call while the
     * client is in use: to stop a thread that waits for mail, e.g. when the application stops.
     */
    void stopAwaiting();
}
