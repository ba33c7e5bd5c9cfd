package io.github.ufskit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir Path directory;

    private long entries() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        }
    }

    @Test
    void writeCreatesParentsAndReplaces() throws IOException {
        Path file = directory.resolve("a/b/result.json");
        AtomicFiles.writeString(file, "first");
        AtomicFiles.writeString(file, "second");
        assertEquals("second", Files.readString(file));
        assertEquals(
                "rw-r--r--",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(file)));
    }

    @Test
    void failedWriteKeepsOldContent() throws IOException {
        Path file = directory.resolve("result.json");
        AtomicFiles.writeString(file, "good");
        IOException error =
                assertThrows(
                        IOException.class,
                        () ->
                                AtomicFiles.write(
                                        file,
                                        out -> {
                                            out.write("partial".getBytes());
                                            throw new IOException("disk full");
                                        }));
        assertEquals("disk full", error.getMessage());
        assertEquals("good", Files.readString(file));
        assertEquals(1, entries());
    }
}
