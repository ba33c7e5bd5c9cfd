package io.github.ufskit.selection;

/**
 * Rule that picks the fake samples of a batch that train the generator, by the critic's score
 * of each sample.
 *
 * <p>Top-k keeps the k samples the critic finds most realistic (highest scores), bottom-k the k
 * least realistic, random-k any k. {@link #ALL} keeps the whole batch, the ordinary training.
 */
public enum SampleSelection {
    /** Every sample of the batch. */
    ALL("all"),
    /** The k samples with the highest critic scores. */
    TOP_K("top-k"),
    /** The k samples with the lowest critic scores. */
    BOTTOM_K("bottom-k"),
    /** k samples drawn uniformly without replacement. */
    RANDOM_K("random-k");

    private final String label;

    SampleSelection(String label) {
        this.label = label;
    }

    /**
     * Returns the short name used in run names and tables, such as {@code top-k}.
     *
     * @return the label
     */
    public String label() {
        return label;
    }
}
