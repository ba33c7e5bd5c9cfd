package io.github.ufskit.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;

/**
 * Labelled images on disk that are decoded one at a time, such as a folder of JPEGs.
 *
 * <p>{@link PackedDataset#prepare} reads a source once and stores it resized in a compact file.
 * Labels are known without decoding, so a source can list them cheaply.
 */
public interface ImageSource {

    /**
     * Returns a name for logs and for the packed data set, such as {@code "CelebA train"}.
     *
     * @return a short human-readable name
     */
    String name();

    /**
     * Returns the number of images.
     *
     * @return the image count N
     */
    int size();

    /**
     * Returns the class names, indexed by label.
     *
     * @return an unmodifiable list with at least one name
     */
    List<String> classNames();

    /**
     * Returns the label of one image without decoding it.
     *
     * @param index image index in [0, {@link #size()})
     * @return the class index in [0, {@code classNames().size()})
     */
    int label(int index);

    /**
     * Decodes one image and crops it to a square, in the way the source defines.
     *
     * @param index image index in [0, {@link #size()})
     * @return a square RGB image
     * @throws DatasetFormatException if the file cannot be decoded
     * @throws IOException if the file cannot be read
     */
    BufferedImage read(int index) throws IOException;
}
