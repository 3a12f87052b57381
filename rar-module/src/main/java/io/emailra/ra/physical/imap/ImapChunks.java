package io.emailra.ra.physical.imap;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A message or part read as a stream of partial fetches ({@code BODY.PEEK[section]<offset.256K>}),
 * one command per chunk: at most one chunk is in memory, whatever the size. Every command completes
 * before its bytes are handed on, so a reader that stops (or fails to write them on) leaves the
 * connection between commands, usable.
 */
final class ImapChunks extends InputStream {

    static final int CHUNK = 256 * 1024;

    /** Why a chunk could not be read: the protocol's exception, for the caller to unwrap. */
    static final class ChunkFailure extends IOException {
        private static final long serialVersionUID = 1L;

        ChunkFailure(MessagingException cause) {
            super(cause);
        }

        MessagingException messagingException() {
            return (MessagingException) getCause();
        }
    }

    private final IMAPFolder folder;
    private final long uid;
    private final String section;
    private final boolean peek;
    private ByteArray chunk;
    private int position;
    private long offset;
    private boolean last;

    /** The first chunk is fetched here: null if the server has no such message. */
    static ImapChunks open(IMAPFolder folder, long uid, String section, boolean peek) throws MessagingException {
        ImapChunks chunks = new ImapChunks(folder, uid, section, peek);
        return chunks.next() ? chunks : null;
    }

    private ImapChunks(IMAPFolder folder, long uid, String section, boolean peek) {
        this.folder = folder;
        this.uid = uid;
        this.section = section;
        this.peek = peek;
    }

    /** Fetches the next chunk; false if the server sent nothing for it (the message is gone). */
    private boolean next() throws MessagingException {
        BODY body = ImapCommands.fetchBody(folder, uid, section, peek, "<" + offset + "." + CHUNK + ">");
        if (body == null) {
            return false;
        }
        ByteArray bytes = body.getByteArray();
        chunk = bytes == null ? new ByteArray(0) : bytes;
        position = 0;
        offset += chunk.getCount();
        last = chunk.getCount() < CHUNK;
        return true;
    }

    private boolean available0() throws IOException {
        while (position == chunk.getCount()) {
            if (last) {
                return false;
            }
            try {
                if (!next()) {
                    throw new ChunkFailure(new MessagingException("message uid " + uid + " disappeared after "
                            + offset + " bytes"));
                }
            } catch (MessagingException e) {
                throw new ChunkFailure(e);
            }
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        return available0() ? chunk.getBytes()[chunk.getStart() + position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] buffer, int from, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!available0()) {
            return -1;
        }
        int count = Math.min(length, chunk.getCount() - position);
        System.arraycopy(chunk.getBytes(), chunk.getStart() + position, buffer, from, count);
        position += count;
        return count;
    }

    /** Copies everything to the stream; an {@link IOException} is the stream's own. */
    long copyTo(OutputStream out) throws MessagingException, IOException {
        long copied = 0;
        try {
            while (available0()) {
                int count = chunk.getCount() - position;
                out.write(chunk.getBytes(), chunk.getStart() + position, count);
                position += count;
                copied += count;
            }
        } catch (ChunkFailure e) {
            throw e.messagingException();
        }
        return copied;
    }
}
