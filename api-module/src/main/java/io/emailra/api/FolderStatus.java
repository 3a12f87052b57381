package io.emailra.api;

/**
 * A folder's figures, read without selecting it ({@link ImapClient#folderStatus(String)}, IMAP
 * {@code STATUS}).
 *
 * @param folder      the folder's name
 * @param messages    how many messages it holds
 * @param unseen      how many of them do not have the SEEN flag
 * @param uidNext     the UID the next message added to it will get at least
 * @param uidValidity its UIDVALIDITY: its UIDs name the same messages while this stays the same
 */
public record FolderStatus(String folder, int messages, int unseen, long uidNext, long uidValidity) {
}
