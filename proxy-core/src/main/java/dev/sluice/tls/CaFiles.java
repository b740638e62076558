package dev.sluice.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The CA's files in the confdir and how they are written: to a temporary name first, then moved
 * into place, so a crash or a second Sluice starting at the same moment never sees half a file.
 */
final class CaFiles {
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** Public certificates stay readable by others, e.g. by tools that copy them to a system store. */
    static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private CaFiles() {
    }

    /** {@code <base>-ca.pem}: key and certificate, the file that is loaded. */
    static Path keyAndCertificate(Path confdir, String base) {
        return confdir.resolve(base + "-ca.pem");
    }

    /** {@code <base>-ca-cert.<ext>}: the public certificate in one download form. */
    static Path certificate(Path confdir, String base, CaDownload form) {
        return confdir.resolve(base + "-ca-cert." + form.extension());
    }

    static void createDirectoryIfMissing(Path confdir) throws IOException {
        if (Files.isDirectory(confdir)) return;
        if (isPosix(confdir)) {
            Files.createDirectories(confdir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        } else {
            Files.createDirectories(confdir);
        }
    }

    /**
     * Creates {@code target} with the content unless it exists. Returns false when another process
     * created it first. A hard link from a complete temporary file makes the creation both
     * exclusive and atomic.
     */
    static boolean createExclusively(Path target, byte[] content, Set<PosixFilePermission> permissions)
            throws IOException {
        Path temp = writeTemporary(target, content, permissions);
        try {
            Files.createLink(target, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
            return createNewWithoutLink(target, content, permissions);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** For file systems without hard links: still exclusive, no longer atomic. */
    private static boolean createNewWithoutLink(Path target, byte[] content, Set<PosixFilePermission> permissions)
            throws IOException {
        try (FileChannel out = FileChannel.open(target, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                attributes(target, permissions))) {
            writeFully(out, content);
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        setPermissions(target, permissions);
        return true;
    }

    /** Writes or replaces {@code target} atomically. */
    static void replace(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        Path temp = writeTemporary(target, content, permissions);
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Path writeTemporary(Path target, byte[] content, Set<PosixFilePermission> permissions)
            throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp",
                attributes(target, permissions));
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            writeFully(out, content);
        }
        // The umask may have narrowed the mode given at creation; set it exactly.
        setPermissions(temp, permissions);
        return temp;
    }

    private static void writeFully(FileChannel out, byte[] content) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) out.write(buffer);
        out.force(true); // a CA key file cut short by a crash would stop every later start
    }

    private static FileAttribute<?>[] attributes(Path path, Set<PosixFilePermission> permissions) {
        return isPosix(path)
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    private static void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (isPosix(path)) Files.setPosixFilePermissions(path, permissions);
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
