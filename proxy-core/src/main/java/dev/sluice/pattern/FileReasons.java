package dev.sluice.pattern;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file could not be used, in the words of the operating system rather than of Java's
 * exception classes (whose messages are often just the path).
 */
public final class FileReasons {
    private FileReasons() {
    }

    /** The reason alone, for messages that name the path already: {@code No such file or directory}. */
    public static String of(IOException e) {
        if (e instanceof NoSuchFileException) return "No such file or directory";
        if (e instanceof AccessDeniedException) return "Permission denied";
        if (e instanceof NotDirectoryException) return "Not a directory";
        if (e instanceof FileSystemException fs && fs.getReason() != null) return fs.getReason();
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** The reason and the path, for messages that do not name it: {@code No such file or directory: /x}. */
    public static String withPath(IOException e, Object path) {
        return of(e) + ": " + path;
    }
}
