package io.github.ufskit.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a folder with one subfolder of images per class, the layout of the ImageNet training
 * set ({@code train/n01440764/*.JPEG}, ...).
 *
 * <p>Classes are the subfolders sorted by name, so for ImageNet the label of a synset is its
 * position among the sorted synset ids (n01440764 is 0), the order that PyTorch's
 * {@code ImageFolder} and the SNGAN and BigGAN code use. Within a class, files are sorted by
 * name. Files ending in .jpg, .jpeg or .png (any case) are images; other files are ignored.
 * {@link #read} crops the central square of the shorter side, as the SNGAN projection code does
 * before resizing.
 */
public final class ImageFolder implements ImageSource {

    private static final Logger LOGGER = LoggerFactory.getLogger(ImageFolder.class);

    private final String name;
    private final Path root;
    private final List<String> classNames;
    private final List<Path> files;
    private final int[] labels;

    private ImageFolder(String name, Path root, List<String> classNames, List<Path> files,
            int[] labels) {
        this.name = name;
        this.root = root;
        this.classNames = List.copyOf(classNames);
        this.files = List.copyOf(files);
        this.labels = labels;
    }

    /**
     * Lists the images of every class folder under {@code root}.
     *
     * @param name a name for logs, such as {@code "ImageNet train"}
     * @param root the folder that contains one subfolder per class
     * @return the listed images; nothing is decoded yet
     * @throws NoSuchFileException if {@code root} is not a folder
     * @throws DatasetFormatException if {@code root} has no subfolder or a class folder has no
     *     image
     * @throws IOException if a folder cannot be listed
     */
    public static ImageFolder open(String name, Path root) throws IOException {
        List<String> classNames = classFolders(root);
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int label = 0; label < classNames.size(); label++) {
            Path classFolder = root.resolve(classNames.get(label));
            List<Path> images = listImages(classFolder);
            if (images.isEmpty()) {
                throw new DatasetFormatException(classFolder, "has no .jpg, .jpeg or .png file,"
                        + " so class " + label + " would be empty", "Extract the class's images"
                        + " into it, or remove the folder if the class is not wanted");
            }
            files.addAll(images);
            for (int i = 0; i < images.size(); i++) {
                labels.add(label);
            }
        }
        LOGGER.info("{}: {} images in {} classes under {}", name, files.size(),
                classNames.size(), root);
        int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
        return new ImageFolder(name, root, classNames, files, labelArray);
    }

    /**
     * Lists the class folders under {@code root}, sorted by name.
     *
     * @param root the folder that contains one subfolder per class
     * @return the subfolder names; hidden folders (starting with a dot) are skipped
     * @throws NoSuchFileException if {@code root} is not a folder
     * @throws DatasetFormatException if {@code root} has no subfolder
     * @throws IOException if the folder cannot be listed
     */
    public static List<String> classFolders(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "image folder not found; pass"
                    + " the folder that contains one subfolder per class");
        }
        List<String> names;
        try (Stream<Path> children = Files.list(root)) {
            names = children.filter(Files::isDirectory)
                    .map(child -> child.getFileName().toString())
                    .filter(child -> !child.startsWith("."))
                    .sorted()
                    .toList();
        }
        if (names.isEmpty()) {
            throw new DatasetFormatException(root, "has no class subfolder", "Pass the folder"
                    + " that contains one subfolder of images per class");
        }
        return names;
    }

    private static List<Path> listImages(Path classFolder) throws IOException {
        try (Stream<Path> children = Files.list(classFolder)) {
            return children.filter(Files::isRegularFile)
                    .filter(ImageFolder::isImageFile)
                    .sorted()
                    .toList();
        }
    }

    private static boolean isImageFile(Path file) {
        String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return fileName.endsWith(".jpg") || fileName.endsWith(".jpeg")
                || fileName.endsWith(".png");
    }

    /**
     * Keeps the classes with labels in {@code [fromLabel, toLabel)} and renumbers them from 0.
     *
     * @param subsetName the name of the result
     * @param fromLabel first class to keep, inclusive
     * @param toLabel end of the class range, exclusive, at most {@code classNames().size()}
     * @return the images of the kept classes, labelled {@code label - fromLabel}
     * @throws IllegalArgumentException if the range is empty or outside the classes
     */
    public ImageFolder classRange(String subsetName, int fromLabel, int toLabel) {
        if (fromLabel < 0 || toLabel > classNames.size() || fromLabel >= toLabel) {
            throw new IllegalArgumentException(String.format(
                    "Class range [%d, %d) is empty or outside the %d classes of %s; choose a"
                            + " range within [0, %d)", fromLabel, toLabel, classNames.size(),
                    name, classNames.size()));
        }
        List<Path> keptFiles = new ArrayList<>();
        List<Integer> keptLabels = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (labels[i] >= fromLabel && labels[i] < toLabel) {
                keptFiles.add(files.get(i));
                keptLabels.add(labels[i] - fromLabel);
            }
        }
        int[] labelArray = keptLabels.stream().mapToInt(Integer::intValue).toArray();
        return new ImageFolder(subsetName, root, classNames.subList(fromLabel, toLabel),
                keptFiles, labelArray);
    }

    /**
     * Returns the folder given at {@link #open}.
     *
     * @return the root folder
     */
    public Path root() {
        return root;
    }

    /**
     * Returns the path of one image file.
     *
     * @param index image index in [0, {@link #size()})
     * @return the file
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
        return classNames;
    }

    @Override
    public int label(int index) {
        checkIndex(index);
        return labels[index];
    }

    /**
     * Decodes one image and crops its central square, whose side is the shorter side.
     *
     * @param index image index in [0, {@link #size()})
     * @return a square RGB image
     * @throws DatasetFormatException if the file cannot be decoded
     * @throws IOException if the file cannot be read
     */
    @Override
    public BufferedImage read(int index) throws IOException {
        return ImageTransforms.centerSquare(ImageTransforms.readRgb(file(index)));
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= files.size()) {
            throw new IllegalArgumentException(String.format(
                    "Image index %d is outside [0, %d) of %s", index, files.size(), name));
        }
    }
}
