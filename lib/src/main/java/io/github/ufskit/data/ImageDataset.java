package io.github.ufskit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/**
 * In-memory labelled image set stored as unsigned 8-bit pixels in NCHW order.
 *
 * <p>Image {@code i} occupies {@code channels * height * width} consecutive bytes of the pixel
 * array, channel planes first, each plane in row-major order. Pixel value 0 is black and 255 is
 * full intensity. {@link #batch(NDManager, int[])} turns a selection of images into the float
 * tensors the networks take, scaled from [0, 255] to [-1, 1].
 *
 * <p>Instances are immutable: the public constructor and every accessor copy arrays.
 */
public final class ImageDataset implements PixelSource {

    private final String name;
    private final byte[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final List<String> classNames;

    /**
     * Creates a data set from a copy of the given pixels and labels.
     *
     * @param name a name for logs and tables, such as {@code "Fashion-MNIST train"}
     * @param pixels unsigned 8-bit pixels in NCHW order, {@code labels.length * channels * height
     *     * width} bytes
     * @param labels class index of each image, in [0, {@code classNames.size()})
     * @param channels 1 (grayscale) or 3 (RGB)
     * @param height image height in pixels, at least 1
     * @param width image width in pixels, at least 1
     * @param classNames the name of each class, indexed by label
     * @throws IllegalArgumentException if the sizes disagree or a label is out of range
     */
    public ImageDataset(
            String name,
            byte[] pixels,
            int[] labels,
            int channels,
            int height,
            int width,
            List<String> classNames) {
        this(name, pixels.clone(), labels.clone(), channels, height, width, classNames, true);
    }

    private ImageDataset(
            String name,
            byte[] pixels,
            int[] labels,
            int channels,
            int height,
            int width,
            List<String> classNames,
            boolean validate) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Data set name is blank; give a name for logs");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException(
                    "channels = " + channels + " for " + name + "; expected 1 (gray) or 3 (RGB)");
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "Image size " + height + "x" + width + " for " + name + "; expected >= 1x1");
        }
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("No class names for " + name + "; give one name"
                    + " per label");
        }
        long expectedBytes = (long) labels.length * channels * height * width;
        if (pixels.length != expectedBytes) {
            throw new IllegalArgumentException(String.format(
                    "%s has %d pixel bytes, expected %d = %d labels x %d x %d x %d (N x C x H x W)",
                    name, pixels.length, expectedBytes, labels.length, channels, height, width));
        }
        if (validate) {
            checkLabels(name, labels, classNames.size());
        }
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classNames = List.copyOf(classNames);
    }

    /**
     * Creates a data set that takes ownership of the arrays without copying them; for readers
     * in this package that have already checked the labels.
     */
    static ImageDataset wrap(
            String name,
            byte[] pixels,
            int[] labels,
            int channels,
            int height,
            int width,
            List<String> classNames) {
        return new ImageDataset(name, pixels, labels, channels, height, width, classNames, false);
    }

    private static void checkLabels(String name, int[] labels, int classCount) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classCount) {
                throw new IllegalArgumentException(String.format(
                        "%s: label %d of image %d is outside [0, %d); check the class names",
                        name, labels[i], i, classCount));
            }
        }
    }

    /**
     * Returns the name given at construction.
     *
     * @return the data set name
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
        return labels.length;
    }

    /**
     * Returns the number of channels per image.
     *
     * @return 1 for grayscale, 3 for RGB
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
     * Returns the number of classes.
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
     * Counts the images of each class.
     *
     * @return an array of {@link #classCount()} counts, indexed by label
     */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * Returns a copy of the raw pixels of one image.
     *
     * @param index image index in [0, {@link #size()})
     * @return {@code channels * height * width} unsigned bytes in CHW order
     */
    public byte[] pixels(int index) {
        checkIndex(index);
        int imageBytes = imageBytes();
        return Arrays.copyOfRange(pixels, index * imageBytes, (index + 1) * imageBytes);
    }

    /**
     * Creates the float tensors of a mini-batch.
     *
     * <p>Pixels are mapped from [0, 255] to [-1, 1] by {@code x / 127.5 - 1}, so 0 becomes -1 and
     * 255 becomes 1.
     *
     * @param manager the manager that will own the returned arrays
     * @param indices the images to include, in order; repeats are allowed
     * @return a list of two arrays: images, float32 of shape (B, C, H, W), and labels, int64 of
     *     shape (B)
     * @throws IllegalArgumentException if {@code indices} is empty or an index is out of range
     */
    public NDList batch(NDManager manager, int[] indices) {
        NDArray images = images(manager, indices);
        long[] batchLabels = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            batchLabels[i] = labels[indices[i]];
        }
        NDArray labelArray = manager.create(batchLabels, new Shape(indices.length));
        return new NDList(images, labelArray);
    }

    /**
     * Creates the float image tensor of a mini-batch, without labels.
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
        float[] values = new float[indices.length * imageBytes];
        for (int i = 0; i < indices.length; i++) {
            checkIndex(indices[i]);
            int source = indices[i] * imageBytes;
            int target = i * imageBytes;
            for (int j = 0; j < imageBytes; j++) {
                values[target + j] = (pixels[source + j] & 0xFF) / 127.5f - 1f;
            }
        }
        return manager.create(values, new Shape(indices.length, channels, height, width));
    }

    /**
     * Creates a data set of the selected images, in the given order.
     *
     * @param indices the images to keep; repeats are allowed
     * @return a new data set named {@code name() + " subset"}
     * @throws IllegalArgumentException if an index is out of range
     */
    public ImageDataset subset(int[] indices) {
        int imageBytes = imageBytes();
        byte[] subsetPixels = new byte[indices.length * imageBytes];
        int[] subsetLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            checkIndex(indices[i]);
            System.arraycopy(pixels, indices[i] * imageBytes, subsetPixels, i * imageBytes,
                    imageBytes);
            subsetLabels[i] = labels[indices[i]];
        }
        return wrap(name + " subset", subsetPixels, subsetLabels, channels, height, width,
                classNames);
    }

    /**
     * Creates a data set of the contiguous range of images {@code [fromIndex, toIndex)}.
     *
     * @param fromIndex first image to keep, inclusive
     * @param toIndex end of the range, exclusive, at most {@link #size()}
     * @return a new data set named {@code name() + " [from, to)"}
     * @throws IllegalArgumentException if the range is empty or outside the data set
     */
    public ImageDataset subset(int fromIndex, int toIndex) {
        if (fromIndex < 0 || toIndex > size() || fromIndex >= toIndex) {
            throw new IllegalArgumentException(String.format(
                    "Range [%d, %d) of %s is empty or outside [0, %d)",
                    fromIndex, toIndex, name, size()));
        }
        int imageBytes = imageBytes();
        byte[] rangePixels =
                Arrays.copyOfRange(pixels, fromIndex * imageBytes, toIndex * imageBytes);
        int[] rangeLabels = Arrays.copyOfRange(labels, fromIndex, toIndex);
        String rangeName = name + " [" + fromIndex + ", " + toIndex + ")";
        return wrap(rangeName, rangePixels, rangeLabels, channels, height, width, classNames);
    }

    /**
     * Creates a preview image of one sample.
     *
     * @param index image index in [0, {@link #size()})
     * @return a {@code TYPE_BYTE_GRAY} image for one channel, {@code TYPE_INT_RGB} for three
     */
    public BufferedImage image(int index) {
        checkIndex(index);
        int offset = index * imageBytes();
        int plane = height * width;
        if (channels == 1) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, width, height,
                    Arrays.copyOfRange(pixels, offset, offset + plane));
            return image;
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int position = offset + y * width + x;
                int red = pixels[position] & 0xFF;
                int green = pixels[position + plane] & 0xFF;
                int blue = pixels[position + 2 * plane] & 0xFF;
                image.setRGB(x, y, (red << 16) | (green << 8) | blue);
            }
        }
        return image;
    }

    @Override
    public String toString() {
        return String.format("%s: %d images of %dx%dx%d, %d classes",
                name, size(), channels, height, width, classCount());
    }

    private int imageBytes() {
        return channels * height * width;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= labels.length) {
            throw new IllegalArgumentException(String.format(
                    "Image index %d is outside [0, %d) of %s", index, labels.length, name));
        }
    }
}
