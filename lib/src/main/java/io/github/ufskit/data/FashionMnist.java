package io.github.ufskit.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017) from its IDX files.
 *
 * <p>Fashion-MNIST has 60,000 training and 10,000 test grayscale images of 28×28 pixels in 10
 * clothing classes. The reader expects the four files {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and {@code
 * t10k-labels-idx1-ubyte}, each either plain or gzip-compressed with a {@code .gz} suffix.
 * Compression is detected from the gzip magic bytes, so a plain file named {@code .gz} also
 * reads. Debian's package {@code dataset-fashion-mnist} installs the compressed files in
 * {@link #DEFAULT_DIRECTORY}.
 *
 * <p><b>Padding:</b> every image is padded with 2 black (zero) pixels on each side to 32×32,
 * so Fashion-MNIST fits the same 32×32 networks as CIFAR-10. Zero is the background value of
 * Fashion-MNIST, so the padding only widens the black border.
 */
public final class FashionMnist {

    /** Directory where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    /** Class names of Fashion-MNIST, indexed by label. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Side length of the images in the files. */
    public static final int SOURCE_SIZE = 28;

    /** Zero pixels added on each side of an image. */
    public static final int PADDING = 2;

    /** Side length of the returned images, {@code SOURCE_SIZE + 2 * PADDING}. */
    public static final int IMAGE_SIZE = SOURCE_SIZE + 2 * PADDING;

    private static final Logger LOGGER = LoggerFactory.getLogger(FashionMnist.class);

    private static final String FIX = "Reinstall the Debian package dataset-fashion-mnist"
            + " (apt-get install --reinstall dataset-fashion-mnist) or re-download the"
            + " Fashion-MNIST IDX files";

    private FashionMnist() {}

    /**
     * Reads a split from {@link #DEFAULT_DIRECTORY}.
     *
     * @param split the training or test split
     * @return the images padded to 32×32, named {@code "Fashion-MNIST train"} or {@code
     *     "Fashion-MNIST test"}
     * @throws NoSuchFileException if a file is missing
     * @throws DatasetFormatException if a file is malformed
     * @throws IOException if a file cannot be read
     */
    public static ImageDataset load(Split split) throws IOException {
        return load(DEFAULT_DIRECTORY, split);
    }

    /**
     * Reads a split from a directory and pads its images to 32×32.
     *
     * @param directory the directory with the IDX files
     * @param split the training or test split
     * @return the images padded to 32×32, named {@code "Fashion-MNIST train"} or {@code
     *     "Fashion-MNIST test"}
     * @throws NoSuchFileException if a file is missing
     * @throws DatasetFormatException if a file is malformed or images and labels disagree
     * @throws IOException if a file cannot be read
     */
    public static ImageDataset load(Path directory, Split split) throws IOException {
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        Path imagesFile = locate(directory, prefix + "-images-idx3-ubyte");
        Path labelsFile = locate(directory, prefix + "-labels-idx1-ubyte");
        IdxFile images = IdxFile.read(imagesFile, 3, FIX);
        IdxFile labels = IdxFile.read(labelsFile, 1, FIX);

        int[] imageDimensions = images.dimensions();
        if (imageDimensions[1] != SOURCE_SIZE || imageDimensions[2] != SOURCE_SIZE) {
            throw new DatasetFormatException(imagesFile, String.format(
                    "contains images of %dx%d pixels, expected %dx%d for Fashion-MNIST",
                    imageDimensions[1], imageDimensions[2], SOURCE_SIZE, SOURCE_SIZE), FIX);
        }
        int count = imageDimensions[0];
        int labelCount = labels.dimensions()[0];
        if (labelCount != count) {
            throw new DatasetFormatException(labelsFile, String.format(
                    "contains %d labels but %s contains %d images; the two must be equal",
                    labelCount, imagesFile.getFileName(), count), FIX);
        }

        int[] labelValues = toLabels(labelsFile, labels.values());
        byte[] padded = pad(images.values(), count);
        String name = "Fashion-MNIST " + split.label();
        LOGGER.debug("Read {} images of {} from {}", count, name, imagesFile);
        return ImageDataset.wrap(name, padded, labelValues, 1, IMAGE_SIZE, IMAGE_SIZE,
                CLASS_NAMES);
    }

    /** Returns the plain or the {@code .gz} file, preferring the one that exists. */
    private static Path locate(Path directory, String baseName) throws NoSuchFileException {
        Path plain = directory.resolve(baseName);
        Path compressed = directory.resolve(baseName + ".gz");
        if (Files.isRegularFile(compressed)) {
            return compressed;
        }
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new NoSuchFileException(compressed.toString(), null,
                "Fashion-MNIST file not found (neither " + baseName + " nor " + baseName
                        + ".gz is in " + directory + "). " + FIX + " into that directory");
    }

    private static int[] toLabels(Path labelsFile, byte[] bytes) throws DatasetFormatException {
        int[] labels = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            labels[i] = bytes[i] & 0xFF;
            if (labels[i] >= CLASS_NAMES.size()) {
                throw new DatasetFormatException(labelsFile, String.format(
                        "label %d of item %d is outside [0, %d)",
                        labels[i], i, CLASS_NAMES.size()), FIX);
            }
        }
        return labels;
    }

    /** Copies each 28×28 image into the middle of a zero 32×32 image. */
    private static byte[] pad(byte[] source, int count) {
        int sourcePixels = SOURCE_SIZE * SOURCE_SIZE;
        int paddedPixels = IMAGE_SIZE * IMAGE_SIZE;
        byte[] padded = new byte[count * paddedPixels];
        for (int i = 0; i < count; i++) {
            for (int row = 0; row < SOURCE_SIZE; row++) {
                int from = i * sourcePixels + row * SOURCE_SIZE;
                int to = i * paddedPixels + (row + PADDING) * IMAGE_SIZE + PADDING;
                System.arraycopy(source, from, padded, to, SOURCE_SIZE);
            }
        }
        return padded;
    }
}
