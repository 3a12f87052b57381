package io.emailra.api;

import jakarta.mail.internet.MimeMessage;

import java.util.Collection;
import java.util.List;
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
     * touches a connection again.
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
}
