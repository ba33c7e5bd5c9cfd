package io.github.ufskit.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens the ILSVRC2012 (ImageNet) training set and its "dog and cat" subset.
 *
 * <p>The training folder contains 1,000 synset folders; {@link ImageFolder} labels them by sorted
 * synset id. The dog and cat subset of the SNGAN projection discriminator paper (Miyato and
 * Koyama, 2018) is the 143 classes with labels 151 to 293 inclusive: the code released with it
 * (pfnet-research/sngan_projection, {@code datasets/imagenet_dog_and_cat.py}) keeps
 * {@code np.arange(151, 294)} and renumbers them from 0, which {@link #dogsAndCats} does too.
 */
public final class ImageNet {

    /** Number of synset folders in the ILSVRC2012 training set. */
    public static final int CLASS_COUNT = 1000;

    /** Label of the first dog and cat class (n02085620, Chihuahua). */
    public static final int FIRST_DOG_AND_CAT_LABEL = 151;

    /** Label of the last dog and cat class, inclusive. */
    public static final int LAST_DOG_AND_CAT_LABEL = 293;

    /** Number of dog and cat classes. */
    public static final int DOG_AND_CAT_CLASS_COUNT =
            LAST_DOG_AND_CAT_LABEL - FIRST_DOG_AND_CAT_LABEL + 1;

    private static final String FIX = "Pass the ILSVRC2012 train folder with all 1,000 synset"
            + " folders; data-scripts/imagenet checks and links it";

    private ImageNet() {}

    /**
     * Opens the full training set.
     *
     * @param trainFolder the ILSVRC2012 train folder, with the 1,000 synset folders
     * @return the 1,000-class image folder
     * @throws DatasetFormatException if the folder does not have 1,000 class folders or one is
     *     empty
     * @throws IOException if a folder cannot be listed
     */
    public static ImageFolder train(Path trainFolder) throws IOException {
        int found = ImageFolder.classFolders(trainFolder).size();
        if (found != CLASS_COUNT) {
            throw new DatasetFormatException(trainFolder, "has " + found + " class folders,"
                    + " expected " + CLASS_COUNT + ", so labels would not match the standard"
                    + " synset order", FIX);
        }
        return ImageFolder.open("ImageNet train", trainFolder);
    }

    /**
     * Opens the 143 dog and cat classes of the training set, labelled 0 to 142.
     *
     * @param trainFolder the ILSVRC2012 train folder, with the 1,000 synset folders
     * @return the dog and cat images
     * @throws DatasetFormatException if the folder does not have 1,000 class folders or one is
     *     empty
     * @throws IOException if a folder cannot be listed
     */
    public static ImageFolder dogsAndCats(Path trainFolder) throws IOException {
        return train(trainFolder).classRange("ImageNet dog and cat", FIRST_DOG_AND_CAT_LABEL,
                LAST_DOG_AND_CAT_LABEL + 1);
    }
}
