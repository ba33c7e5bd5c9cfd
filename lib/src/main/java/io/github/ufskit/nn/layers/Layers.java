package io.github.ufskit.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/** Argument checks and parameter builders shared by the layers of this package. */
final class Layers {

    private Layers() {}

    static void checkPositive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }

    static void checkInitializer(Initializer initializer) {
        if (initializer == null) {
            throw new IllegalArgumentException(
                    "The weight initializer is missing (null). Pass one, for example new"
                            + " OrthogonalInitializer() or new XavierInitializer()");
        }
    }

    /** Checks the rank and the channel axis (axis 1) of an input shape. */
    static void checkChannels(String layer, Shape shape, int rank, long channels) {
        if (shape.dimension() != rank || shape.get(1) != channels) {
            String expected = rank == 4 ? "(N, " + channels + ", H, W)" : "(N, " + channels + ")";
            throw new IllegalArgumentException(
                    layer + " expects input " + expected + ", got " + shape);
        }
    }

    /** Checks that labels are int64 of shape (N) with every value in [0, classes). */
    static void checkLabels(String layer, NDArray labels, long classes) {
        Shape shape = labels.getShape();
        if (shape.dimension() != 1 || labels.getDataType() != DataType.INT64) {
            throw new IllegalArgumentException(
                    layer + " expects int64 labels of shape (N), got " + labels.getDataType()
                            + " " + shape);
        }
        if (shape.get(0) == 0) {
            return;
        }
        long smallest = labels.min().getLong();
        long largest = labels.max().getLong();
        if (smallest < 0 || largest >= classes) {
            long bad = smallest < 0 ? smallest : largest;
            throw new IllegalArgumentException(
                    layer + " got label " + bad + ", outside [0, " + classes + "); labels must"
                            + " be class indices below the number of classes");
        }
    }

    /** Builds a bias of shape (size) initialized to 0. */
    static Parameter bias(long size) {
        return Parameter.builder()
                .setName("bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(size))
                .optInitializer(Initializer.ZEROS)
                .build();
    }
}
