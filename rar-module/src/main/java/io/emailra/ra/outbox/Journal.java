package io.emailra.ra.outbox;

import io.emailra.api.Envelope;
import io.emailra.ra.monitor.Backlog;
import io.emailra.ra.physical.smtp.DeferredMessage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The messages of ON_COMMIT transactions on disk, in three directories:
 * <ul>
 *   <li>{@code prepared/<xid>/}: a prepared transaction's messages, one file each, written and
 *       forced to disk before {@code prepare} votes yes; in doubt until the transaction manager
 *       commits or rolls back;</li>
 *   <li>{@code committed/<xid>/}: to be sent; the directory is renamed there at commit (one atomic
 *       step) and each file is deleted only once the server accepted its message;</li>
 *   <li>{@code failed/}: dead letters, each an {@code .eml} file (the message) and a {@code .txt}
 *       file (its envelope and why it failed).</li>
 * </ul>
 * A directory is written as {@code <xid>~} and renamed, so a crash never leaves half a transaction
 * under its name. Not thread-safe for one transaction; different transactions may run at once.
 */
final class Journal implements Backlog {

    private static final Logger LOG = Logger.getLogger(Journal.class.getName());
    private static final int MAGIC = 0x454d5241; // "EMRA"
    private static final int VERSION = 1;
    /** Ends the name of what is being written; no branch name has it (see {@link XidNames}). */
    private static final String TEMPORARY = "~";

    /** One message to send: its file, when it was recorded, and the message. */
    record Entry(Path file, Instant recordedAt, DeferredMessage message) {
    }

    private final FileChannel lock;
    private final Path prepared;
    private final Path committed;
    private final Path failed;

    /**
     * Opens the journal in the directory, dropping what a crash left half written (never voted on,
     * or a rewrite of an entry whose original is still there). One journal per directory: a second
     * one, in this JVM or another, is refused, since two couriers would send every message twice.
     */
    Journal(Path directory) throws IOException {
        lock = FileChannel.open(directory.resolve("journal.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (lock.tryLock() == null) {
                throw new IOException("another emailra outbox (another process) uses the journal " + directory);
            }
        } catch (OverlappingFileLockException e) {
            lock.close();
            throw new IOException("another emailra outbox of this server uses the journal " + directory
                    + "; give each connection factory a journalDirectory of its own", e);
        } catch (IOException e) {
            lock.close();
            throw e;
        }
        prepared = privateDirectory(directory.resolve("prepared"));
        committed = privateDirectory(directory.resolve("committed"));
        failed = privateDirectory(directory.resolve("failed"));
        for (Path parent : List.of(prepared, committed)) {
            for (Path partial : children(parent, Journal::isTemporary)) {
                deleteTree(partial);
            }
        }
        for (Path transaction : children(committed, Files::isDirectory)) {
            for (Path partial : children(transaction, Journal::isTemporary)) {
                Files.delete(partial);
            }
        }
    }

    /** Releases the directory for another journal. */
    void close() throws IOException {
        lock.close();
    }

    /** The journal holds mail (and its recipients): only the server's user may read it. */
    private static Path privateDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return directory;
        }
        if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createDirectories(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return Files.createDirectories(directory);
    }

    private static boolean isTemporary(Path path) {
        return path.getFileName().toString().endsWith(TEMPORARY);
    }

    /** Writes the transaction's messages durably, in doubt until {@link #commit} or {@link #rollback}. */
    void prepare(String xid, List<DeferredMessage> messages) throws IOException {
        write(messages, prepared.resolve(xid));
    }

    /** Writes the messages of a transaction committed in one phase: to be sent. */
    void commitOnePhase(String xid, List<DeferredMessage> messages) throws IOException {
        write(messages, committed.resolve(xid));
    }

    /**
     * The prepared transaction is committed: its messages are to be sent. Committing one already
     * committed again does nothing (a transaction manager may repeat a commit after a failure).
     *
     * @throws NoSuchFileException if the journal has no such transaction
     */
    void commit(String xid) throws IOException {
        Path from = prepared.resolve(xid);
        Path to = committed.resolve(xid);
        if (!Files.isDirectory(from)) {
            if (Files.isDirectory(to)) {
                return;
            }
            throw new NoSuchFileException(from.toString(), null, "no prepared transaction " + xid);
        }
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        force(committed);
        force(prepared);
    }

    /** Forgets a prepared transaction's messages (nothing if it has none). */
    void rollback(String xid) throws IOException {
        Path directory = prepared.resolve(xid);
        if (Files.isDirectory(directory)) {
            deleteTree(directory);
            force(prepared);
        }
    }

    /** The transactions prepared and neither committed nor rolled back yet. */
    List<String> inDoubt() throws IOException {
        return children(prepared, path -> Files.isDirectory(path) && !isTemporary(path)).stream()
                .map(path -> path.getFileName().toString()).sorted().toList();
    }

    /**
     * The committed messages not yet accepted by the server, oldest first. An entry that cannot be
     * read (a damaged disk, a file from elsewhere) is moved to {@code failed/} and logged, so that it
     * neither stops the others nor is lost.
     */
    List<Entry> committed() throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (Path transaction : children(committed, path -> Files.isDirectory(path) && !isTemporary(path))) {
            for (Path file : children(transaction, path -> path.getFileName().toString().endsWith(".msg"))) {
                try {
                    entries.add(read(file));
                } catch (IOException | RuntimeException unreadable) {
                    Path kept = failed.resolve(transaction.getFileName().toString().hashCode() + "-" + file.getFileName()
                            + "-" + UUID.randomUUID() + ".unreadable");
                    Files.move(file, kept);
                    LOG.log(Level.SEVERE, "emailra outbox: a journal entry cannot be read and was moved to " + kept,
                            unreadable);
                }
            }
        }
        entries.sort(Comparator.comparing(Entry::recordedAt).thenComparing(entry -> entry.file().toString()));
        return entries;
    }

    /** Committed messages not yet accepted: their files, counted without reading them. */
    @Override
    public int pending() {
        return pendingFiles().size();
    }

    /** The age of the oldest committed message not yet accepted, from its file's time. */
    @Override
    public double oldestPendingSeconds() {
        long oldest = Long.MAX_VALUE;
        for (Path file : pendingFiles()) {
            try {
                oldest = Math.min(oldest, Files.getLastModifiedTime(file).toMillis());
            } catch (IOException gone) {
                // sent meanwhile
            }
        }
        return oldest == Long.MAX_VALUE ? 0 : Math.max(0, System.currentTimeMillis() - oldest) / 1000.0;
    }

    private List<Path> pendingFiles() {
        List<Path> files = new ArrayList<>();
        try {
            for (Path transaction : children(committed, path -> Files.isDirectory(path) && !isTemporary(path))) {
                files.addAll(children(transaction, path -> path.getFileName().toString().endsWith(".msg")));
            }
        } catch (IOException | RuntimeException e) {
            // a transaction's directory went while it was listed: the next look counts it
        }
        return files;
    }

    /** The server accepted the message: its entry goes, and its transaction's directory once empty. */
    void delivered(Entry entry) throws IOException {
        Files.deleteIfExists(entry.file());
        Path transaction = entry.file().getParent();
        try (Stream<Path> rest = Files.list(transaction)) {
            if (rest.findAny().isEmpty()) {
                Files.deleteIfExists(transaction);
            }
        }
    }

    /** Keeps only these of the message's recipients to send to later (the others got it or failed for good). */
    Entry retain(Entry entry, List<String> recipients) throws IOException {
        Envelope old = entry.message().envelope();
        DeferredMessage rest = new DeferredMessage(entry.message().messageId(),
                new Envelope(old.sender(), recipients, old.notifyOn(), old.dsnReturn()), entry.message().content());
        Path temporary = entry.file().resolveSibling(entry.file().getFileName() + TEMPORARY);
        writeFile(temporary, rest, entry.recordedAt());
        Files.move(temporary, entry.file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Entry(entry.file(), entry.recordedAt(), rest);
    }

    /**
     * Keeps the message for these recipients as a dead letter, with the reason, in {@code failed/}.
     *
     * @return the dead letter's message file
     */
    Path deadLetter(Entry entry, List<String> recipients, String reason) throws IOException {
        String name = Instant.now().toEpochMilli() + "-" + UUID.randomUUID();
        Path message = failed.resolve(name + ".eml");
        DeferredMessage letter = entry.message();
        String description = "Message-ID: " + letter.messageId() + "\n"
                + "Envelope sender: " + (letter.envelope().sender() == null ? "(the message's From)" : "<" + letter.envelope().sender() + ">") + "\n"
                + "Recipients: " + recipients + "\n"
                + "Recorded: " + entry.recordedAt() + "\n"
                + "Failed: " + Instant.now() + "\n"
                + "Reason: " + reason + "\n";
        // The reason first, the message whole under its name last: whoever sees a dead letter's .eml
        // (an operator's script, a test) finds it complete and its .txt beside it.
        writeDurably(failed.resolve(name + ".txt"), description.getBytes(StandardCharsets.UTF_8));
        Path partial = failed.resolve(name + ".eml" + TEMPORARY);
        writeDurably(partial, entry.message().content());
        Files.move(partial, message, StandardCopyOption.ATOMIC_MOVE);
        force(failed);
        return message;
    }

    /** The dead letters' message files. */
    List<Path> deadLetters() throws IOException {
        return children(failed, path -> path.getFileName().toString().endsWith(".eml")).stream().sorted().toList();
    }

    private void write(List<DeferredMessage> messages, Path target) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + TEMPORARY);
        deleteTree(temporary);
        Files.createDirectory(temporary);
        Instant now = Instant.now();
        for (int i = 0; i < messages.size(); i++) {
            writeFile(temporary.resolve(String.format("%05d.msg", i)), messages.get(i), now);
        }
        force(temporary);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            deleteTree(temporary);
            throw new IOException("the journal already holds transaction " + target.getFileName(), e);
        }
        force(target.getParent());
    }

    private static void writeFile(Path file, DeferredMessage message, Instant recordedAt) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(message.content().length + 512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(recordedAt.toEpochMilli());
            out.writeUTF(message.messageId());
            Envelope envelope = message.envelope();
            out.writeBoolean(envelope.sender() != null);
            if (envelope.sender() != null) {
                out.writeUTF(envelope.sender());
            }
            out.writeInt(envelope.recipients().size());
            for (String recipient : envelope.recipients()) {
                out.writeUTF(recipient);
            }
            int notify = 0;
            for (Envelope.Notify when : envelope.notifyOn()) {
                notify |= 1 << when.ordinal();
            }
            out.writeInt(notify);
            out.writeByte(envelope.dsnReturn() == null ? -1 : envelope.dsnReturn().ordinal());
            out.writeInt(message.content().length);
            out.write(message.content());
        }
        writeDurably(file, bytes.toByteArray());
    }

    /** Writes the file (replacing a leftover of the same name) and forces it to disk. */
    private static void writeDurably(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private static Entry read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException("not an emailra journal entry (version " + VERSION + "): " + file);
            }
            Instant recordedAt = Instant.ofEpochMilli(in.readLong());
            String messageId = in.readUTF();
            String sender = in.readBoolean() ? in.readUTF() : null;
            int count = in.readInt();
            List<String> recipients = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                recipients.add(in.readUTF());
            }
            int notifyBits = in.readInt();
            Set<Envelope.Notify> notify = EnumSet.noneOf(Envelope.Notify.class);
            for (Envelope.Notify when : Envelope.Notify.values()) {
                if ((notifyBits & (1 << when.ordinal())) != 0) {
                    notify.add(when);
                }
            }
            int dsnReturn = in.readByte();
            byte[] content = new byte[in.readInt()];
            in.readFully(content);
            return new Entry(file, recordedAt, new DeferredMessage(messageId, new Envelope(sender, recipients, notify,
                    dsnReturn < 0 ? null : Envelope.DsnReturn.values()[dsnReturn]), content));
        }
    }

    /** Forces a directory's entries (a rename, a new file) to disk. */
    private static void force(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static List<Path> children(Path directory, DirectoryStream.Filter<Path> filter) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, filter)) {
            stream.forEach(children::add);
        }
        return children;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
