package io.github.ufskit.data;

import java.util.Locale;

/** Standard partition of a labelled image data set: the training or the test images. */
public enum Split {
    /** Training images (60,000 for Fashion-MNIST, 50,000 for CIFAR-10). */
    TRAIN,
    /** Held-out test images (10,000 for both Fashion-MNIST and CIFAR-10). */
    TEST;

    /**
     * Returns the lower-case name used in data set names, such as {@code "train"}.
     *
     * @return {@code "train"} or {@code "test"}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
