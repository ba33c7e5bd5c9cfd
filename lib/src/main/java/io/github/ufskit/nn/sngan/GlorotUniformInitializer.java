package io.github.ufskit.nn.sngan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * Glorot (Xavier) uniform initialization with a gain, as Chainer's {@code
 * chainer.initializers.GlorotUniform(scale)} defines it: every value is drawn from U(-s, s) with
 * s = gain * sqrt(6 / (fan_in + fan_out)).
 *
 * <p>For a weight of shape (out, in, k...) the fans are fan_in = in * prod(k) and fan_out = out *
 * prod(k). An embedding table (classes, dimension) is treated as a weight with out = classes and
 * in = dimension, which gives the same bound because the formula is symmetric. The values come
 * from the manager's random generator, so the engine seed makes them reproducible.
 */
public final class GlorotUniformInitializer implements Initializer {

    private final double gain;

    /**
     * Creates the initializer.
     *
     * @param gain the factor on the bound, positive; sngan_projection uses sqrt(2) for the 3 x 3
     *     convolutions of its residual blocks and 1 elsewhere
     */
    public GlorotUniformInitializer(double gain) {
        if (!(gain > 0) || Double.isInfinite(gain)) {
            throw new IllegalArgumentException(
                    "Glorot gain must be a positive finite number, got " + gain);
        }
        this.gain = gain;
    }

    /**
     * Returns the bound s of the uniform distribution for a weight shape.
     *
     * @param shape the weight shape, at least two dimensions (out, in, k...)
     * @return gain * sqrt(6 / (fan_in + fan_out))
     */
    public double bound(Shape shape) {
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException(
                    "Glorot initialization needs a weight of at least 2 dimensions (out, in, ...),"
                            + " got "
                            + shape);
        }
        long receptiveField = shape.dimension() > 2 ? shape.slice(2).size() : 1;
        double fanIn = (double) shape.get(1) * receptiveField;
        double fanOut = (double) shape.get(0) * receptiveField;
        return gain * Math.sqrt(6.0 / (fanIn + fanOut));
    }

    /** {@inheritDoc} */
    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        float limit = (float) bound(shape);
        return manager.randomUniform(-limit, limit, shape, dataType);
    }
}
