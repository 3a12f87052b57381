package io.emailra.api;

import java.util.Objects;

/**
 * A folder of an IMAP account.
 *
 * @param fullName      the full name, with the server's hierarchy separator
 * @param holdsMessages whether the folder can hold messages
 * @param holdsFolders  whether the folder can hold sub-folders
 * @param messageCount  how many messages it holds, or -1 where not known ({@code listFolders} does not ask)
 * @param unreadCount   how many of them are unseen, or -1 where not known
 * @param uidValidity   the folder's UIDVALIDITY when it was selected, or -1 where not known: its UIDs
 *                      name the same messages as long as this stays the same
 */
public record FolderInfo(String fullName, boolean holdsMessages, boolean holdsFolders,
                         int messageCount, int unreadCount, long uidValidity) {

    public FolderInfo {
        Objects.requireNonNull(fullName, "fullName");
    }
}
