package io.github.ufskit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labelled RGB images prepared once into one file and read by memory mapping, for data sets
 * too large to decode at every epoch or to hold on the Java heap (ImageNet at 64×64 is about
 * 15.7 GB).
 *
 * <p>File layout, all integers big-endian:
 *
 * <pre>
 * offset 0   int32 magic 0x55465350 ("UFSP")
 *        4   int32 format version, 1
 *        8   int32 image count N
 *       12   int32 channels C (3)
 *       16   int32 height H
 *       20   int32 width W
 *       24   int32 class count K
 *       28   int32 byte length L of the class names
 *       32   N × C × H × W uint8 pixels, NCHW, each plane row-major
 *            N × int32 labels in [0, K)
 *            L bytes of UTF-8 class names, separated by '\n'
 * </pre>
 *
 * <p>{@link #prepare} decodes each image of an {@link ImageSource}, which crops it to a square,
 * and resizes it by area averaging ({@link ImageTransforms#resize}). It writes to
 * {@code NAME.partial} and records after each chunk how many images are done in
 * {@code NAME.partial.progress}, so an interrupted preparation resumes at the last chunk. Only
 * the finished file is renamed to {@code NAME}, so a failed preparation never leaves a
 * half-written pack under the final name.
 */
public final class PackedDataset implements PixelSource {

    /** Magic number of the file, the ASCII bytes "UFSP". */
    public static final int MAGIC = 0x55465350;

    /** Version of the file layout. */
    public static final int VERSION = 1;

    /** Bytes of the header before the pixels. */
    public static final int HEADER_BYTES = 32;

    static final int DEFAULT_CHUNK_IMAGES = 1024;

    private static final Logger LOGGER = LoggerFactory.getLogger(PackedDataset.class);
    private static final long PROGRESS_INTERVAL_NANOS = 10_000_000_000L;
    private static final String FIX = "Delete the file and prepare it again with"
            + " PackedDataset.prepare";

    private final Path file;
    private final String name;
    private final int count;
    private final int channels;
    private final int height;
    private final int width;
    private final int[] labels;
    private final List<String> classNames;
    private final List<MappedByteBuffer> segments;
    private final int imagesPerSegment;

    private PackedDataset(Path file, Header header, int[] labels, List<String> classNames,
            List<MappedByteBuffer> segments, int imagesPerSegment) {
        this.file = file;
        this.name = file.getFileName().toString();
        this.count = header.count();
        this.channels = header.channels();
        this.height = header.height();
        this.width = header.width();
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.segments = segments;
        this.imagesPerSegment = imagesPerSegment;
    }

    private record Header(int count, int channels, int height, int width, int classCount,
            int classNameBytes) {

        long imageBytes() {
            return (long) channels * height * width;
        }

        long pixelBytes() {
            return imageBytes() * count;
        }

        long fileBytes() {
            return HEADER_BYTES + pixelBytes() + 4L * count + classNameBytes;
        }

        ByteBuffer encode() {
            ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES);
            buffer.putInt(MAGIC).putInt(VERSION).putInt(count).putInt(channels).putInt(height)
                    .putInt(width).putInt(classCount).putInt(classNameBytes);
            return buffer.flip();
        }
    }

    /**
     * Prepares a pack of {@code size × size} RGB images from a source, or opens the pack that
     * an earlier call finished.
     *
     * @param source the images; each is read once
     * @param target the pack file to create
     * @param size side length of the packed images, such as 64 or 128
     * @return the opened pack
     * @throws IllegalArgumentException if {@code size < 1} or the source is empty
     * @throws DatasetFormatException if an image cannot be decoded; the images packed so far
     *     are kept for the next call
     * @throws IOException if reading or writing fails
     */
    public static PackedDataset prepare(ImageSource source, Path target, int size)
            throws IOException {
        return prepare(source, target, size, DEFAULT_CHUNK_IMAGES);
    }

    static PackedDataset prepare(ImageSource source, Path target, int size, int chunkImages)
            throws IOException {
        if (size < 1) {
            throw new IllegalArgumentException("size = " + size + "; expected the side length"
                    + " of the packed images, such as 64 or 128");
        }
        if (source.size() < 1) {
            throw new IllegalArgumentException(source.name() + " has no image to pack");
        }
        byte[] classNameBytes =
                String.join("\n", source.classNames()).getBytes(StandardCharsets.UTF_8);
        Header header = new Header(source.size(), 3, size, size, source.classNames().size(),
                classNameBytes.length);
        if (Files.isRegularFile(target)) {
            PackedDataset existing = open(target);
            if (existing.size() == header.count() && existing.height() == size
                    && existing.classNames().equals(source.classNames())) {
                LOGGER.info("{} is already packed in {}", source.name(), target);
                return existing;
            }
            LOGGER.warn("{} contains {} images of {}x{}, not {} of {}x{}; packing it again",
                    target, existing.size(), existing.height(), existing.width(),
                    header.count(), size, size);
        }
        new Packer(source, target, header, chunkImages).run(classNameBytes);
        return open(target);
    }

    /** Writes one pack, resuming from the progress marker of an interrupted run. */
    private static final class Packer {
        private final ImageSource source;
        private final Path target;
        private final Path partial;
        private final Path marker;
        private final Header header;
        private final int chunkImages;
        private final String identity;

        Packer(ImageSource source, Path target, Header header, int chunkImages) {
            this.source = source;
            this.target = target;
            this.partial = target.resolveSibling(target.getFileName() + ".partial");
            this.marker = target.resolveSibling(target.getFileName() + ".partial.progress");
            this.header = header;
            this.chunkImages = chunkImages;
            this.identity = "source=" + source.name() + "\ncount=" + header.count() + "\nsize="
                    + header.height() + "\n";
        }

        void run(byte[] classNameBytes) throws IOException {
            int done = resumableImages();
            if (done == 0) {
                Files.deleteIfExists(partial);
            }
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                long resumeAt = HEADER_BYTES + done * header.imageBytes();
                channel.truncate(resumeAt);
                writeFully(channel, header.encode(), 0);
                writeImages(channel, done);
                writeLabelsAndNames(channel, classNameBytes);
                channel.force(true);
            }
            AtomicFiles.move(partial, target);
            Files.deleteIfExists(marker);
            LOGGER.info("Packed {} images of {} into {} ({} bytes)", header.count(),
                    source.name(), target, Files.size(target));
        }

        /** Returns the images of an earlier run that can be kept, or 0 to start afresh. */
        private int resumableImages() throws IOException {
            if (!Files.isRegularFile(marker) || !Files.isRegularFile(partial)) {
                return 0;
            }
            String progress = Files.readString(marker, StandardCharsets.UTF_8);
            if (!progress.startsWith(identity)) {
                LOGGER.info("{} belongs to another source or size; starting afresh", marker);
                return 0;
            }
            String doneLine = progress.substring(identity.length()).strip();
            int done;
            try {
                done = Integer.parseInt(doneLine.replace("done=", ""));
            } catch (NumberFormatException e) {
                LOGGER.warn("{} has an invalid line '{}'; starting afresh", marker, doneLine);
                return 0;
            }
            if (done < 0 || done > header.count()
                    || Files.size(partial) < HEADER_BYTES + done * header.imageBytes()) {
                LOGGER.warn("{} records {} images but {} is shorter; starting afresh", marker,
                        done, partial);
                return 0;
            }
            LOGGER.info("Resuming {} at image {} of {}", target, done, header.count());
            return done;
        }

        private void writeImages(FileChannel channel, int done) throws IOException {
            int imageBytes = Math.toIntExact(header.imageBytes());
            long started = System.nanoTime();
            long lastReport = started;
            for (int from = done; from < header.count(); from += chunkImages) {
                int to = Math.min(header.count(), from + chunkImages);
                byte[] chunk = decodeChunk(from, to, imageBytes);
                long position = HEADER_BYTES + from * (long) imageBytes;
                writeFully(channel, ByteBuffer.wrap(chunk), position);
                channel.force(false);
                AtomicFiles.writeString(marker, identity + "done=" + to + "\n");
                long now = System.nanoTime();
                if (now - lastReport >= PROGRESS_INTERVAL_NANOS || to == header.count()) {
                    double seconds = Math.max(1e-9, (now - started) / 1e9);
                    LOGGER.info("Packing {}: {} of {} images ({}%), {} images/s",
                            source.name(), to, header.count(), 100L * to / header.count(),
                            Math.round((to - done) / seconds));
                    lastReport = now;
                }
            }
        }

        /** Decodes, crops and resizes images {@code [from, to)} on all cores. */
        private byte[] decodeChunk(int from, int to, int imageBytes) throws IOException {
            byte[] chunk = new byte[(to - from) * imageBytes];
            try {
                IntStream.range(from, to).parallel().forEach(index -> {
                    try {
                        BufferedImage image = ImageTransforms.resize(source.read(index),
                                header.height());
                        ImageTransforms.copyChw(image, chunk, (index - from) * imageBytes);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return chunk;
        }

        private void writeLabelsAndNames(FileChannel channel, byte[] classNameBytes)
                throws IOException {
            ByteBuffer tail = ByteBuffer.allocate(4 * header.count() + classNameBytes.length);
            for (int i = 0; i < header.count(); i++) {
                int label = source.label(i);
                if (label < 0 || label >= header.classCount()) {
                    throw new IllegalStateException(String.format("%s: label %d of image %d is"
                            + " outside [0, %d)", source.name(), label, i, header.classCount()));
                }
                tail.putInt(label);
            }
            tail.put(classNameBytes).flip();
            writeFully(channel, tail, HEADER_BYTES + header.pixelBytes());
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long position)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    /**
     * Opens a pack by memory mapping its pixels.
     *
     * @param file the pack written by {@link #prepare}
     * @return the pack; its labels and class names are read into memory
     * @throws NoSuchFileException if the file does not exist
     * @throws DatasetFormatException if the magic number, version, sizes or labels are invalid,
     *     or the file is truncated
     * @throws IOException if the file cannot be read
     */
    public static PackedDataset open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    "packed data set not found; prepare it with PackedDataset.prepare");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = readHeader(file, channel);
            int imagesPerSegment = (int) Math.max(1, Integer.MAX_VALUE / header.imageBytes());
            List<MappedByteBuffer> segments = new ArrayList<>();
            for (long first = 0; first < header.count(); first += imagesPerSegment) {
                long images = Math.min(imagesPerSegment, header.count() - first);
                segments.add(channel.map(FileChannel.MapMode.READ_ONLY,
                        HEADER_BYTES + first * header.imageBytes(), images * header.imageBytes()));
            }
            ByteBuffer tail = ByteBuffer.allocate(4 * header.count() + header.classNameBytes());
            readFully(channel, tail, HEADER_BYTES + header.pixelBytes());
            tail.flip();
            int[] labels = new int[header.count()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = tail.getInt();
                if (labels[i] < 0 || labels[i] >= header.classCount()) {
                    throw new DatasetFormatException(file, String.format("label %d of image %d"
                            + " is outside [0, %d)", labels[i], i, header.classCount()), FIX);
                }
            }
            byte[] nameBytes = new byte[header.classNameBytes()];
            tail.get(nameBytes);
            List<String> classNames =
                    Arrays.asList(new String(nameBytes, StandardCharsets.UTF_8).split("\n", -1));
            if (classNames.size() != header.classCount()) {
                throw new DatasetFormatException(file, String.format("lists %d class names,"
                        + " expected %d", classNames.size(), header.classCount()), FIX);
            }
            return new PackedDataset(file, header, labels, classNames, segments,
                    imagesPerSegment);
        }
    }

    private static Header readHeader(Path file, FileChannel channel) throws IOException {
        long fileBytes = channel.size();
        if (fileBytes < HEADER_BYTES) {
            throw new DatasetFormatException(file, "has " + fileBytes + " bytes, fewer than the"
                    + " " + HEADER_BYTES + "-byte header; the file is truncated", FIX);
        }
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES);
        readFully(channel, buffer, 0);
        buffer.flip();
        int magic = buffer.getInt();
        if (magic != MAGIC) {
            throw new DatasetFormatException(file, String.format("starts with 0x%08X, expected"
                    + " the magic number 0x%08X of a packed data set", magic, MAGIC),
                    "Pass a file written by PackedDataset.prepare");
        }
        int version = buffer.getInt();
        if (version != VERSION) {
            throw new DatasetFormatException(file, "has format version " + version
                    + ", expected " + VERSION, FIX);
        }
        Header header = new Header(buffer.getInt(), buffer.getInt(), buffer.getInt(),
                buffer.getInt(), buffer.getInt(), buffer.getInt());
        if (header.count() < 1 || (header.channels() != 1 && header.channels() != 3)
                || header.height() < 1 || header.width() < 1 || header.classCount() < 1
                || header.classNameBytes() < 0) {
            throw new DatasetFormatException(file, "has an invalid header " + header
                    + "; expected count, height, width and classCount >= 1 and 1 or 3 channels",
                    FIX);
        }
        if (fileBytes != header.fileBytes()) {
            throw new DatasetFormatException(file, String.format("has %d bytes, expected %d for"
                    + " %d images of %dx%dx%d; the file is truncated or was not fully written",
                    fileBytes, header.fileBytes(), header.count(), header.channels(),
                    header.height(), header.width()), FIX);
        }
        return header;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("Unexpected end of file at byte " + at);
            }
            at += read;
        }
    }

    /**
     * Returns the pack file.
     *
     * @return the path given to {@link #open}
     */
    public Path file() {
        return file;
    }

    /**
     * Returns the file name, used in logs and messages.
     *
     * @return the name of the pack file
     */
    public String name() {
        return name;
    }

    /**
     * Returns the number of images.
     *
     * @return the image count N
     */
    public int size() {
        return count;
    }

    /**
     * Returns the number of channels per image.
     *
     * @return 3 for the RGB packs that {@link #prepare} writes
     */
    public int channels() {
        return channels;
    }

    /**
     * Returns the image height.
     *
     * @return height in pixels
     */
    public int height() {
        return height;
    }

    /**
     * Returns the image width.
     *
     * @return width in pixels
     */
    public int width() {
        return width;
    }

    /**
     * Returns the shape of one image as the networks take it.
     *
     * @return (C, H, W)
     */
    public Shape imageShape() {
        return new Shape(channels, height, width);
    }

    /**
     * Returns the class names, indexed by label.
     *
     * @return an unmodifiable list of class names
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * Returns the number of classes, for a class-conditional model's {@code classCount}.
     *
     * @return the size of {@link #classNames()}
     */
    public int classCount() {
        return classNames.size();
    }

    /**
     * Returns the label of one image.
     *
     * @param index image index in [0, {@link #size()})
     * @return the class index of the image
     */
    public int label(int index) {
        checkIndex(index);
        return labels[index];
    }

    /**
     * Returns a copy of all labels.
     *
     * @return the class index of each image
     */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * Copies the raw pixels of one image out of the mapped file.
     *
     * @param index image index in [0, {@link #size()})
     * @return {@code channels * height * width} unsigned bytes in CHW order
     */
    public byte[] pixels(int index) {
        checkIndex(index);
        byte[] pixels = new byte[imageBytes()];
        copyPixels(index, pixels, 0);
        return pixels;
    }

    private void copyPixels(int index, byte[] target, int offset) {
        MappedByteBuffer segment = segments.get(index / imagesPerSegment);
        int position = (index % imagesPerSegment) * imageBytes();
        segment.get(position, target, offset, imageBytes());
    }

    /**
     * Creates the float image tensor of a mini-batch, as {@link ImageDataset#images} does.
     *
     * <p>Pixels are mapped from [0, 255] to [-1, 1] by {@code x / 127.5 - 1}.
     *
     * @param manager the manager that will own the returned array
     * @param indices the images to include, in order; repeats are allowed
     * @return float32 images in [-1, 1] of shape (B, C, H, W)
     * @throws IllegalArgumentException if {@code indices} is empty or an index is out of range
     */
    public NDArray images(NDManager manager, int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("Empty index list for a batch of " + name
                    + "; pass at least one image index");
        }
        int imageBytes = imageBytes();
        byte[] bytes = new byte[imageBytes];
        float[] values = new float[indices.length * imageBytes];
        for (int i = 0; i < indices.length; i++) {
            checkIndex(indices[i]);
            copyPixels(indices[i], bytes, 0);
            for (int j = 0; j < imageBytes; j++) {
                values[i * imageBytes + j] = (bytes[j] & 0xFF) / 127.5f - 1f;
            }
        }
        return manager.create(values, new Shape(indices.length, channels, height, width));
    }

    /**
     * Creates the image and label tensors of a mini-batch, as {@link ImageDataset#batch} does.
     *
     * @param manager the manager that will own the returned arrays
     * @param indices the images to include, in order; repeats are allowed
     * @return images, float32 of shape (B, C, H, W) in [-1, 1], and labels, int64 of shape (B)
     * @throws IllegalArgumentException if {@code indices} is empty or an index is out of range
     */
    public NDList batch(NDManager manager, int[] indices) {
        NDArray images = images(manager, indices);
        long[] batchLabels = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            batchLabels[i] = labels[indices[i]];
        }
        return new NDList(images, manager.create(batchLabels, new Shape(indices.length)));
    }

    /**
     * Copies the selected images into an in-memory data set, for packs or subsets small enough
     * for the Java heap.
     *
     * @param indices the images to copy, in order
     * @return a data set named after the pack file
     * @throws IllegalArgumentException if the copy would exceed 2 GiB or an index is invalid
     */
    public ImageDataset toImageDataset(int[] indices) {
        long bytes = (long) indices.length * imageBytes();
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(String.format("%d images of %s need %d bytes,"
                    + " more than the 2 GiB of one in-memory data set; use images() per batch",
                    indices.length, name, bytes));
        }
        byte[] pixels = new byte[(int) bytes];
        int[] selectedLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            checkIndex(indices[i]);
            copyPixels(indices[i], pixels, i * imageBytes());
            selectedLabels[i] = labels[indices[i]];
        }
        return ImageDataset.wrap(name, pixels, selectedLabels, channels, height, width,
                classNames);
    }

    @Override
    public String toString() {
        return String.format("%s: %d images of %dx%dx%d, %d classes",
                name, count, channels, height, width, classNames.size());
    }

    private int imageBytes() {
        return channels * height * width;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(String.format(
                    "Image index %d is outside [0, %d) of %s", index, count, name));
        }
    }
}
