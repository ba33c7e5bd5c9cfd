package io.github.ufskit.nn.layers;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Fully connected layer whose weight is optionally spectrally normalized.
 *
 * <p>y = x W_SN^T + b with W_SN = W / sigma(W) (see {@link SpectralNorm}); with spectral norm off,
 * W_SN = W. Input (N, in) gives output (N, out). The weight has shape (out, in), the bias shape
 * (out), and u shape (out).
 */
public final class SpectralLinear extends AbstractBlock {

    private final int inputs;
    private final int outputs;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter vector;

    /**
     * Creates the layer.
     *
     * @param inputs the number of input features, at least 1
     * @param outputs the number of output features, at least 1
     * @param bias whether to add a bias b (initialized to 0)
     * @param spectralNorm whether to divide the weight by its spectral norm
     * @param initializer the initializer of the raw weight W, not null
     * @throws IllegalArgumentException if a size is not positive or the initializer is null
     */
    public SpectralLinear(
            int inputs, int outputs, boolean bias, boolean spectralNorm, Initializer initializer) {
        Layers.checkPositive("inputs", inputs);
        Layers.checkPositive("outputs", outputs);
        Layers.checkInitializer(initializer);
        this.inputs = inputs;
        this.outputs = outputs;
        this.weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(outputs, inputs))
                                .optInitializer(initializer)
                                .build());
        this.bias = bias ? addParameter(Layers.bias(outputs)) : null;
        this.vector = spectralNorm ? addParameter(SpectralNorm.vector("weight_u", outputs)) : null;
    }

    /**
     * Returns the weight the forward uses: W / sigma(W) with spectral norm, else W.
     *
     * <p>With {@code training} true this advances the power iteration, exactly as a training
     * forward does. The result belongs to the manager of the weight parameter, which lives as
     * long as the model, so attach it to a shorter-lived manager when calling this repeatedly.
     *
     * @param store the store that contains the parameters
     * @param device the device of the result
     * @param training whether to run the power iteration and update u
     * @return the weight, shape (out, in), with its gradient link to W
     */
    public NDArray weight(ParameterStore store, Device device, boolean training) {
        NDArray raw = store.getValue(weight, device, training);
        return normalized(store, raw, training, raw.getManager());
    }

    private NDArray normalized(
            ParameterStore store, NDArray raw, boolean training, NDManager target) {
        if (vector == null) {
            return raw;
        }
        NDArray u = store.getValue(vector, raw.getDevice(), training);
        return SpectralNorm.normalize(raw, u, training, target);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.head();
        Layers.checkChannels("SpectralLinear", input.getShape(), 2, this.inputs);
        Device device = input.getDevice();
        NDArray raw = parameterStore.getValue(weight, device, training);
        NDArray matrix = normalized(parameterStore, raw, training, input.getManager());
        NDArray b = bias == null ? null : parameterStore.getValue(bias, device, training);
        return Linear.linear(input, matrix, b);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputs)};
    }

    /** {@inheritDoc} */
    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        Layers.checkChannels("SpectralLinear", inputShapes[0], 2, inputs);
    }
}
