package io.github.ufskit.data;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Contents of one IDX file of unsigned bytes, the format of the MNIST and Fashion-MNIST files.
 *
 * <p>An IDX file starts with a big-endian 32-bit magic number: two zero bytes, a type code
 * (0x08 for unsigned bytes) and the number of dimensions. One big-endian 32-bit size per
 * dimension follows, then the values in row-major order. Files may be gzip-compressed; the
 * reader recognizes gzip by its magic bytes 0x1F 0x8B, not by the file name.
 */
final class IdxFile {

    /** IDX type code of unsigned 8-bit values. */
    static final int UNSIGNED_BYTE = 0x08;

    private static final int GZIP_MAGIC_FIRST = 0x1F;
    private static final int GZIP_MAGIC_SECOND = 0x8B;

    private final Path file;
    private final int[] dimensions;
    private final byte[] values;

    private IdxFile(Path file, int[] dimensions, byte[] values) {
        this.file = file;
        this.dimensions = dimensions;
        this.values = values;
    }

    /**
     * Reads an unsigned-byte IDX file with the given number of dimensions.
     *
     * @param file the file, plain or gzip-compressed
     * @param dimensionCount the expected number of dimensions, such as 3 for images
     * @param fix what to tell the user when the file is malformed
     * @throws DatasetFormatException if the magic number, the sizes or the length are wrong
     * @throws IOException if the file cannot be read
     */
    static IdxFile read(Path file, int dimensionCount, String fix) throws IOException {
        byte[] content = readMaybeCompressed(file, fix);
        int expectedMagic = (UNSIGNED_BYTE << 8) | dimensionCount;
        if (content.length < 4) {
            throw new DatasetFormatException(file, String.format(
                    "is truncated: %d bytes, fewer than the 4-byte IDX magic number 0x%08X",
                    content.length, expectedMagic), fix);
        }
        ByteBuffer buffer = ByteBuffer.wrap(content);
        int magic = buffer.getInt();
        if (magic != expectedMagic) {
            throw new DatasetFormatException(file, String.format(
                    "has magic number 0x%08X, expected 0x%08X (IDX, unsigned bytes, %d dimensions)",
                    magic, expectedMagic, dimensionCount), fix);
        }
        int headerBytes = 4 + 4 * dimensionCount;
        if (content.length < headerBytes) {
            throw new DatasetFormatException(file, String.format(
                    "is truncated: %d bytes, fewer than the %d-byte IDX header",
                    content.length, headerBytes), fix);
        }
        int[] dimensions = new int[dimensionCount];
        long expectedValues = 1;
        for (int d = 0; d < dimensionCount; d++) {
            dimensions[d] = buffer.getInt();
            if (dimensions[d] < 1) {
                throw new DatasetFormatException(file, String.format(
                        "declares size %d for dimension %d, expected at least 1",
                        dimensions[d], d), fix);
            }
            expectedValues *= dimensions[d];
        }
        long actualValues = content.length - (long) headerBytes;
        if (actualValues != expectedValues) {
            String problem = actualValues < expectedValues ? "is truncated" : "is too long";
            throw new DatasetFormatException(file, String.format(
                    "%s: the header declares %s = %d values, found %d bytes after the header",
                    problem, Arrays.toString(dimensions), expectedValues, actualValues), fix);
        }
        return new IdxFile(file, dimensions, Arrays.copyOfRange(content, headerBytes,
                content.length));
    }

    /**
     * Reads a whole file, decompressing it when it starts with the gzip magic bytes.
     *
     * @throws DatasetFormatException if the gzip stream is corrupt or truncated
     */
    static byte[] readMaybeCompressed(Path file, String fix) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        boolean gzip = raw.length >= 2
                && (raw[0] & 0xFF) == GZIP_MAGIC_FIRST
                && (raw[1] & 0xFF) == GZIP_MAGIC_SECOND;
        if (!gzip) {
            return raw;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
            return in.readAllBytes();
        } catch (EOFException | ZipException e) {
            throw new DatasetFormatException(file,
                    "is a truncated or corrupt gzip file (" + e.getMessage() + ")", fix, e);
        }
    }

    /** Returns the file the contents came from. */
    Path file() {
        return file;
    }

    /** Returns the size of each dimension, outermost first. */
    int[] dimensions() {
        return dimensions.clone();
    }

    /** Returns the values in row-major order; the caller owns the array. */
    byte[] values() {
        return values;
    }
}
