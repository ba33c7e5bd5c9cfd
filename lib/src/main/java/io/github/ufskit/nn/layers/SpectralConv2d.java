package io.github.ufskit.nn.layers;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * 2-D convolution with stride 1 whose kernel is optionally spectrally normalized.
 *
 * <p>y = conv(x, W_SN) + b with W_SN = W / sigma(W) (see {@link SpectralNorm}); with spectral
 * norm off, W_SN = W and the block is a plain convolution without the vector u. Input (N, C_in,
 * H, W) gives output (N, C_out, H + 2p - k + 1, W + 2p - k + 1). The kernel has shape (C_out,
 * C_in, k, k), the bias shape (C_out), and u shape (C_out).
 */
public final class SpectralConv2d extends AbstractBlock {

    private final int inputChannels;
    private final int outputChannels;
    private final int kernelSize;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter vector;

    /**
     * Creates the convolution.
     *
     * @param inputChannels C_in, at least 1
     * @param outputChannels C_out, at least 1
     * @param kernelSize k, the side of the square kernel, at least 1
     * @param padding p, zeros added on each side of both spatial axes, at least 0
     * @param bias whether to add a bias b (initialized to 0)
     * @param spectralNorm whether to divide the kernel by its spectral norm
     * @param initializer the initializer of the raw kernel W, not null
     * @throws IllegalArgumentException if a size is out of range or the initializer is null
     */
    public SpectralConv2d(
            int inputChannels,
            int outputChannels,
            int kernelSize,
            int padding,
            boolean bias,
            boolean spectralNorm,
            Initializer initializer) {
        Layers.checkPositive("inputChannels", inputChannels);
        Layers.checkPositive("outputChannels", outputChannels);
        Layers.checkPositive("kernelSize", kernelSize);
        if (padding < 0) {
            throw new IllegalArgumentException(
                    "padding must be 0 or more, got " + padding + "; use kernelSize / 2 to keep"
                            + " the spatial size");
        }
        Layers.checkInitializer(initializer);
        this.inputChannels = inputChannels;
        this.outputChannels = outputChannels;
        this.kernelSize = kernelSize;
        this.padding = padding;
        this.weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(
                                        new Shape(
                                                outputChannels,
                                                inputChannels,
                                                kernelSize,
                                                kernelSize))
                                .optInitializer(initializer)
                                .build());
        this.bias = bias ? addParameter(Layers.bias(outputChannels)) : null;
        this.vector =
                spectralNorm ? addParameter(SpectralNorm.vector("weight_u", outputChannels)) : null;
    }

    /**
     * Returns the kernel the forward uses: W / sigma(W) with spectral norm, else W.
     *
     * <p>With {@code training} true this advances the power iteration, exactly as a training
     * forward does. The result belongs to the manager of the weight parameter, which lives as
     * long as the model, so attach it to a shorter-lived manager when calling this repeatedly.
     *
     * @param store the store that contains the parameters
     * @param device the device of the result
     * @param training whether to run the power iteration and update u
     * @return the kernel, shape (C_out, C_in, k, k), with its gradient link to W
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
        Layers.checkChannels("SpectralConv2d", input.getShape(), 4, inputChannels);
        Device device = input.getDevice();
        NDArray raw = parameterStore.getValue(weight, device, training);
        NDArray kernel = normalized(parameterStore, raw, training, input.getManager());
        NDArray b = bias == null ? null : parameterStore.getValue(bias, device, training);
        return Conv2d.conv2d(
                input,
                kernel,
                b,
                new Shape(1, 1),
                new Shape(padding, padding),
                new Shape(1, 1));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long height = in.get(2) + 2L * padding - kernelSize + 1;
        long width = in.get(3) + 2L * padding - kernelSize + 1;
        return new Shape[] {new Shape(in.get(0), outputChannels, height, width)};
    }

    /** {@inheritDoc} */
    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        Layers.checkChannels("SpectralConv2d", inputShapes[0], 4, inputChannels);
    }
}
