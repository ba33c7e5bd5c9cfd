package io.github.ufskit.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that readers see either the old content or the whole new content, never a
 * partial file: the content goes to a temporary file in the same directory, which then replaces
 * the target in one rename.
 */
public final class AtomicFiles {

    /** Writes content to an output stream. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the content.
         *
         * @param out the stream of the temporary file
         * @throws IOException when writing fails
         */
        void write(OutputStream out) throws IOException;
    }

    private static final Set<PosixFilePermission> SHARED_READ =
            PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {}

    /**
     * Writes a file atomically.
     *
     * @param target the file to create or replace
     * @param writer writes the content
     * @throws IOException when writing or renaming fails; the target is then unchanged
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary))) {
                writer.write(out);
            }
            // Temporary files are created readable by the owner only; results are for everyone.
            boolean posix =
                    Files.getFileStore(temporary)
                            .supportsFileAttributeView(PosixFileAttributeView.class);
            if (posix) {
                Files.setPosixFilePermissions(temporary, SHARED_READ);
            }
            move(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Writes a UTF-8 text file atomically.
     *
     * @param target the file to create or replace
     * @param text the content
     * @throws IOException when writing or renaming fails
     */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Renames a file or directory, atomically where the file system allows it.
     *
     * @param source the existing path
     * @param target the new path, replaced if it is a file
     * @throws IOException when the rename fails
     */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(
                    source,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
