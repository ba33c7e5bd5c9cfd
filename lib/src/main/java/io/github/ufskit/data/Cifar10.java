package io.github.ufskit.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the binary version of CIFAR-10 (Krizhevsky, 2009).
 *
 * <p>The archive {@code cifar-10-binary.tar.gz} extracts to a directory {@value #DIRECTORY_NAME}
 * with the training files {@code data_batch_1.bin} to {@code data_batch_5.bin}, the test file
 * {@code test_batch.bin} and the class names in {@code batches.meta.txt}, one per line. Each
 * file is a sequence of 3,073-byte records: one label byte in [0, 9], then 3,072 pixel bytes of
 * a 32×32 RGB image as three planes (1,024 red, 1,024 green, 1,024 blue), each plane in
 * row-major order. That is the NCHW layout of {@link ImageDataset}, so records are copied as
 * they are. The released files hold 10,000 records each; this reader accepts any positive
 * number of records.
 */
public final class Cifar10 {

    /** Name of the directory that {@code cifar-10-binary.tar.gz} extracts to. */
    public static final String DIRECTORY_NAME = "cifar-10-batches-bin";

    /** Class names of CIFAR-10, indexed by label, as listed in {@code batches.meta.txt}. */
    public static final List<String> CLASS_NAMES = List.of(
            "airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");

    /** Side length of the images. */
    public static final int IMAGE_SIZE = 32;

    /** Bytes per image: 3 channels of 32×32. */
    public static final int IMAGE_BYTES = 3 * IMAGE_SIZE * IMAGE_SIZE;

    /** Bytes per record: the label byte and the image. */
    public static final int RECORD_BYTES = 1 + IMAGE_BYTES;

    /** Name of the file with the class names. */
    public static final String META_FILE = "batches.meta.txt";

    private static final Logger LOGGER = LoggerFactory.getLogger(Cifar10.class);

    private static final String FIX = "Re-download cifar-10-binary.tar.gz (the binary version,"
            + " not the Python or MATLAB one) and extract it";

    private Cifar10() {}

    /**
     * Reads a split from a directory of the extracted binary version.
     *
     * @param directory the directory with the {@code .bin} files, usually named {@value
     *     #DIRECTORY_NAME}
     * @param split {@link Split#TRAIN} reads the five {@code data_batch_*.bin} files in order,
     *     {@link Split#TEST} reads {@code test_batch.bin}
     * @return the images, named {@code "CIFAR-10 train"} or {@code "CIFAR-10 test"}
     * @throws NoSuchFileException if a file is missing
     * @throws DatasetFormatException if a file is malformed
     * @throws IOException if a file cannot be read
     */
    public static ImageDataset load(Path directory, Split split) throws IOException {
        List<Path> files = new ArrayList<>();
        if (split == Split.TRAIN) {
            for (int i = 1; i <= 5; i++) {
                files.add(directory.resolve("data_batch_" + i + ".bin"));
            }
        } else {
            files.add(directory.resolve("test_batch.bin"));
        }
        return readBatches("CIFAR-10 " + split.label(), files, readClassNames(directory));
    }

    /**
     * Reads and concatenates CIFAR-10 binary files.
     *
     * @param name the name of the returned data set
     * @param files the {@code .bin} files, read in order
     * @param classNames the names of the 10 classes
     * @return the images of all files
     * @throws NoSuchFileException if a file is missing
     * @throws DatasetFormatException if a file size is not a positive multiple of 3,073 bytes or
     *     a label is 10 or more
     * @throws IOException if a file cannot be read
     */
    public static ImageDataset readBatches(String name, List<Path> files, List<String> classNames)
            throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("No CIFAR-10 files given for " + name);
        }
        if (classNames.size() != CLASS_NAMES.size()) {
            throw new IllegalArgumentException(String.format(
                    "%d class names given for %s, expected %d",
                    classNames.size(), name, CLASS_NAMES.size()));
        }
        long totalRecords = 0;
        for (Path file : files) {
            totalRecords += recordCount(file);
        }
        if (totalRecords * IMAGE_BYTES > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(String.format(
                    "%d records for %s exceed the 2 GiB limit of one in-memory data set",
                    totalRecords, name));
        }
        byte[] pixels = new byte[Math.toIntExact(totalRecords * IMAGE_BYTES)];
        int[] labels = new int[Math.toIntExact(totalRecords)];
        int offset = 0;
        for (Path file : files) {
            offset = readFile(file, pixels, labels, offset);
        }
        LOGGER.debug("Read {} images of {} from {} files", totalRecords, name, files.size());
        return ImageDataset.wrap(name, pixels, labels, 3, IMAGE_SIZE, IMAGE_SIZE, classNames);
    }

    /**
     * Reads the class names from {@code batches.meta.txt}, or returns {@link #CLASS_NAMES} when
     * the directory has no such file.
     *
     * @param directory the directory of the binary version
     * @return the 10 class names, indexed by label
     * @throws DatasetFormatException if the file does not list exactly 10 names
     * @throws IOException if the file cannot be read
     */
    public static List<String> readClassNames(Path directory) throws IOException {
        Path metaFile = directory.resolve(META_FILE);
        if (!Files.isRegularFile(metaFile)) {
            LOGGER.debug("{} not found; using the standard CIFAR-10 class names", metaFile);
            return CLASS_NAMES;
        }
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(metaFile, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        if (names.size() != CLASS_NAMES.size()) {
            throw new DatasetFormatException(metaFile, String.format(
                    "lists %d class names, expected %d", names.size(), CLASS_NAMES.size()),
                    FIX);
        }
        return List.copyOf(names);
    }

    private static long recordCount(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    "CIFAR-10 file not found. " + FIX + " into " + file.getParent());
        }
        long size = Files.size(file);
        if (size == 0 || size % RECORD_BYTES != 0) {
            throw new DatasetFormatException(file, String.format(
                    "has %d bytes, expected a positive multiple of %d (1 label byte + %d pixel"
                            + " bytes per record); the file is truncated or not the binary"
                            + " version", size, RECORD_BYTES, IMAGE_BYTES), FIX);
        }
        return size / RECORD_BYTES;
    }

    /** Copies the records of one file into the arrays from image {@code offset} on. */
    private static int readFile(Path file, byte[] pixels, int[] labels, int offset)
            throws IOException {
        byte[] content = Files.readAllBytes(file);
        int records = content.length / RECORD_BYTES;
        if (content.length % RECORD_BYTES != 0 || offset + records > labels.length) {
            throw new IOException(file + " changed size while it was read; read it again");
        }
        for (int r = 0; r < records; r++) {
            int label = content[r * RECORD_BYTES] & 0xFF;
            if (label >= CLASS_NAMES.size()) {
                throw new DatasetFormatException(file, String.format(
                        "label %d of record %d is outside [0, %d); the file is corrupt or not"
                                + " CIFAR-10 (CIFAR-100 records have two label bytes)",
                        label, r, CLASS_NAMES.size()), FIX);
            }
            labels[offset + r] = label;
            System.arraycopy(content, r * RECORD_BYTES + 1, pixels,
                    (offset + r) * IMAGE_BYTES, IMAGE_BYTES);
        }
        return offset + records;
    }
}
