package io.github.ufskit.nn.sngan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Checks of the class labels that conditional generators and projection critics take. */
public final class ClassLabels {

    private ClassLabels() {}

    /**
     * Checks that labels are int64 class indices (N) in [0, classes).
     *
     * <p>Reading the smallest and largest label copies two numbers from the device.
     *
     * @param labels the labels, may be null (rejected)
     * @param batchSize N, the batch size the labels must match
     * @param classes the number of classes, at least 1
     * @param owner the network that takes the labels, for the messages
     * @throws IllegalArgumentException when the labels are missing, of the wrong shape or type,
     *     or out of range
     */
    public static void check(NDArray labels, long batchSize, int classes, String owner) {
        if (labels == null) {
            throw new IllegalArgumentException(
                    owner
                            + " is conditional on "
                            + classes
                            + " classes but got no labels; pass int64 labels (N) in [0, "
                            + classes
                            + ")");
        }
        Shape shape = labels.getShape();
        if (shape.dimension() != 1 || shape.get(0) != batchSize) {
            throw new IllegalArgumentException(
                    owner + " expects labels (" + batchSize + "), got shape " + shape);
        }
        if (labels.getDataType() != DataType.INT64) {
            throw new IllegalArgumentException(
                    owner
                            + " expects int64 labels, got "
                            + labels.getDataType()
                            + "; convert them with toType(DataType.INT64, false)");
        }
        if (batchSize == 0) {
            return;
        }
        long smallest = labels.min().getLong();
        long largest = labels.max().getLong();
        if (smallest < 0 || largest >= classes) {
            long bad = smallest < 0 ? smallest : largest;
            throw new IllegalArgumentException(
                    owner
                            + " got label "
                            + bad
                            + ", outside [0, "
                            + classes
                            + "); labels must index the "
                            + classes
                            + " classes the network was built for");
        }
    }
}
