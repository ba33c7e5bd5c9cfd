package io.github.ufskit.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the aligned and cropped CelebA faces (Liu et al., 2015).
 *
 * <p>The folder that {@code data-scripts/celeba} prepares contains {@value #IMAGE_FOLDER}, with
 * 202,599 JPEGs of 178×218 pixels (width × height), and {@value #PARTITION_FILE}, one line
 * {@code NAME.jpg SPLIT} per image with SPLIT 0 (train, 162,770 images), 1 (validation) or 2
 * (test). {@link #read} crops the central {@code cropSize × cropSize} square before the packer
 * resizes it to 64×64. The default crop, {@value #DEFAULT_CROP_SIZE}, is the one of the DCGAN
 * CelebA preprocessing that many GAN papers reuse (for example togheppi/DCGAN,
 * {@code celebA_preprocess.py}: {@code crop_size = 108}, then a resize to 64); some works crop
 * 140 or 128 instead, and FID values are comparable only with the same crop.
 */
public final class CelebA implements ImageSource {

    /** Name of the image folder inside the CelebA folder. */
    public static final String IMAGE_FOLDER = "img_align_celeba";

    /** Name of the partition list inside the CelebA folder. */
    public static final String PARTITION_FILE = "list_eval_partition.txt";

    /** Default side of the central square crop, in pixels of the 178×218 images. */
    public static final int DEFAULT_CROP_SIZE = 108;

    /** The single class name: CelebA is used without labels. */
    public static final List<String> CLASS_NAMES = List.of("face");

    private static final Logger LOGGER = LoggerFactory.getLogger(CelebA.class);
    private static final String FIX = "Run data-scripts/celeba to check and extract the files";

    /** The images to read, by the SPLIT column of the partition list. */
    public enum Partition {
        /** SPLIT 0, 162,770 images. */
        TRAIN,
        /** SPLIT 1, 19,867 images. */
        VALIDATION,
        /** SPLIT 2, 19,962 images. */
        TEST,
        /** Every image, 202,599 in the released set. */
        ALL
    }

    private final String name;
    private final List<Path> files;
    private final int cropSize;

    private CelebA(String name, List<Path> files, int cropSize) {
        this.name = name;
        this.files = List.copyOf(files);
        this.cropSize = cropSize;
    }

    /**
     * Lists the images of one partition with the default crop of {@value #DEFAULT_CROP_SIZE}.
     *
     * @param folder the CelebA folder, with {@value #IMAGE_FOLDER} and {@value #PARTITION_FILE}
     * @param partition the images to read
     * @return the listed images; nothing is decoded yet
     * @throws NoSuchFileException if the partition list or a listed image is missing
     * @throws DatasetFormatException if a line of the partition list is malformed
     * @throws IOException if a file cannot be read
     */
    public static CelebA open(Path folder, Partition partition) throws IOException {
        return open(folder, partition, DEFAULT_CROP_SIZE);
    }

    /**
     * Lists the images of one partition.
     *
     * @param folder the CelebA folder, with {@value #IMAGE_FOLDER} and {@value #PARTITION_FILE}
     * @param partition the images to read
     * @param cropSize side of the central square crop, in [1, 178]
     * @return the listed images; nothing is decoded yet
     * @throws IllegalArgumentException if {@code cropSize} is outside [1, 178]
     * @throws NoSuchFileException if the partition list or a listed image is missing
     * @throws DatasetFormatException if a line of the partition list is malformed
     * @throws IOException if a file cannot be read
     */
    public static CelebA open(Path folder, Partition partition, int cropSize)
            throws IOException {
        if (cropSize < 1 || cropSize > 178) {
            throw new IllegalArgumentException("cropSize = " + cropSize + " is outside [1, 178],"
                    + " the width of the aligned CelebA images; 108 is the usual value");
        }
        Path partitionFile = folder.resolve(PARTITION_FILE);
        if (!Files.isRegularFile(partitionFile)) {
            throw new NoSuchFileException(partitionFile.toString(), null,
                    "CelebA partition list not found. " + FIX + " in " + folder.getParent());
        }
        Path images = folder.resolve(IMAGE_FOLDER);
        List<Path> files = new ArrayList<>();
        List<String> lines = Files.readAllLines(partitionFile, StandardCharsets.UTF_8);
        for (int lineNumber = 1; lineNumber <= lines.size(); lineNumber++) {
            String line = lines.get(lineNumber - 1).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length != 2 || !fields[1].matches("[012]")) {
                throw new DatasetFormatException(partitionFile, "line " + lineNumber + " is '"
                        + line + "', expected 'NAME.jpg SPLIT' with SPLIT 0, 1 or 2", FIX);
            }
            int split = Integer.parseInt(fields[1]);
            if (partition == Partition.ALL || partition.ordinal() == split) {
                files.add(images.resolve(fields[0]));
            }
        }
        if (files.isEmpty()) {
            throw new DatasetFormatException(partitionFile, "lists no image of partition "
                    + partition, FIX);
        }
        checkFirstAndLast(files);
        String name = "CelebA " + partition.name().toLowerCase(Locale.ROOT);
        LOGGER.info("{}: {} images in {}, central crop {}x{}", name, files.size(), images,
                cropSize, cropSize);
        return new CelebA(name, files, cropSize);
    }

    /** Checks two files so that a missing image folder fails here, not hours into packing. */
    private static void checkFirstAndLast(List<Path> files) throws NoSuchFileException {
        for (Path file : List.of(files.get(0), files.get(files.size() - 1))) {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null,
                        "CelebA image listed in " + PARTITION_FILE + " not found. " + FIX);
            }
        }
    }

    /**
     * Returns the side of the central square crop.
     *
     * @return the crop size in pixels
     */
    public int cropSize() {
        return cropSize;
    }

    /**
     * Returns the path of one image file.
     *
     * @param index image index in [0, {@link #size()})
     * @return the JPEG file
     */
    public Path file(int index) {
        checkIndex(index);
        return files.get(index);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public List<String> classNames() {
        return CLASS_NAMES;
    }

    @Override
    public int label(int index) {
        checkIndex(index);
        return 0;
    }

    /**
     * Decodes one image and crops its central {@code cropSize × cropSize} square.
     *
     * @param index image index in [0, {@link #size()})
     * @return a square RGB image
     * @throws DatasetFormatException if the file cannot be decoded or is smaller than the crop
     * @throws IOException if the file cannot be read
     */
    @Override
    public BufferedImage read(int index) throws IOException {
        Path file = file(index);
        BufferedImage image = ImageTransforms.readRgb(file);
        if (image.getWidth() < cropSize || image.getHeight() < cropSize) {
            throw new DatasetFormatException(file, String.format("is %dx%d, smaller than the"
                    + " %dx%d crop; the aligned images are 178x218", image.getWidth(),
                    image.getHeight(), cropSize, cropSize), FIX);
        }
        return ImageTransforms.centerCrop(image, cropSize, cropSize);
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= files.size()) {
            throw new IllegalArgumentException(String.format(
                    "Image index %d is outside [0, %d) of %s", index, files.size(), name));
        }
    }
}
