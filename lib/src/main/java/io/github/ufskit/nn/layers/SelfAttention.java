package io.github.ufskit.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Self-attention (non-local) block of SAGAN (Zhang et al., 2019) in the form BigGAN uses
 * (ajbrock/BigGAN-PyTorch, {@code layers.py}, class {@code Attention}).
 *
 * <p>For x of shape (N, C, H, W) with P = H * W positions:
 *
 * <ul>
 *   <li>theta = conv_theta(x) viewed as (N, C/8, P),
 *   <li>phi = maxpool2x2(conv_phi(x)) viewed as (N, C/8, P/4),
 *   <li>g = maxpool2x2(conv_g(x)) viewed as (N, C/2, P/4),
 *   <li>beta = softmax over the last axis of theta^T phi, shape (N, P, P/4),
 *   <li>o = conv_o(g beta^T viewed as (N, C/2, H, W)),
 *   <li>y = x + gamma * o.
 * </ul>
 *
 * <p> All four convolutions are
 * 1 x 1 without bias, with {@link OrthogonalInitializer} weights (BigGAN-PyTorch's default
 * 'ortho' initialization) and optional spectral norm. gamma is a trained scalar, shape (1),
 * starting at 0, so the block starts as the identity. The output has the shape of x.
 */
public final class SelfAttention extends AbstractBlock {

    private final int channels;
    private final SpectralConv2d theta;
    private final SpectralConv2d phi;
    private final SpectralConv2d g;
    private final SpectralConv2d o;
    private final Parameter gamma;

    /**
     * Creates the block.
     *
     * @param channels C, a positive multiple of 8
     * @param spectralNorm whether to spectrally normalize the four convolutions
     * @throws IllegalArgumentException if channels is not a positive multiple of 8
     */
    public SelfAttention(int channels, boolean spectralNorm) {
        if (channels < 8 || channels % 8 != 0) {
            throw new IllegalArgumentException(
                    "SelfAttention needs channels divisible by 8 (theta and phi have C/8"
                            + " channels), got " + channels + "; use a multiple of 8 such as "
                            + Math.max(8, channels / 8 * 8));
        }
        this.channels = channels;
        theta = addChildBlock("theta", convolution(channels, channels / 8, spectralNorm));
        phi = addChildBlock("phi", convolution(channels, channels / 8, spectralNorm));
        g = addChildBlock("g", convolution(channels, channels / 2, spectralNorm));
        o = addChildBlock("o", convolution(channels / 2, channels, spectralNorm));
        gamma =
                addParameter(
                        Parameter.builder()
                                .setName("gamma")
                                .setType(Parameter.Type.GAMMA)
                                .optShape(new Shape(1))
                                .optInitializer(Initializer.ZEROS)
                                .build());
    }

    private static SpectralConv2d convolution(int inputs, int outputs, boolean spectralNorm) {
        return new SpectralConv2d(
                inputs, outputs, 1, 0, false, spectralNorm, new OrthogonalInitializer());
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        Shape shape = x.getShape();
        checkInput(shape);
        long batch = shape.get(0);
        long height = shape.get(2);
        long width = shape.get(3);
        long positions = height * width;

        long pooled = positions / 4;
        NDArray query = apply(theta, parameterStore, x, training).reshape(batch, -1, positions);
        NDArray key = pool(apply(phi, parameterStore, x, training)).reshape(batch, -1, pooled);
        NDArray value = pool(apply(g, parameterStore, x, training)).reshape(batch, -1, pooled);

        // attention[n, p, q]: weight of pooled position q for output position p.
        NDArray attention = query.transpose(0, 2, 1).matMul(key).softmax(-1);
        NDArray attended =
                value.matMul(attention.transpose(0, 2, 1))
                        .reshape(batch, channels / 2, height, width);
        NDArray output = apply(o, parameterStore, attended, training);
        NDArray scale = parameterStore.getValue(gamma, x.getDevice(), training);
        return new NDList(x.add(output.mul(scale)));
    }

    private static NDArray apply(
            SpectralConv2d convolution, ParameterStore store, NDArray input, boolean training) {
        return convolution.forward(store, new NDList(input), training).singletonOrThrow();
    }

    private static NDArray pool(NDArray input) {
        return Pool.maxPool2d(input, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }

    private void checkInput(Shape shape) {
        Layers.checkChannels("SelfAttention", shape, 4, channels);
        if (shape.get(2) % 2 != 0 || shape.get(3) % 2 != 0) {
            throw new IllegalArgumentException(
                    "SelfAttention needs even height and width for its 2 x 2 max pooling, got "
                            + shape + "; place the block at an even resolution");
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInput(inputShapes[0]);
        Shape in = inputShapes[0];
        theta.initialize(manager, dataType, in);
        phi.initialize(manager, dataType, in);
        g.initialize(manager, dataType, in);
        o.initialize(manager, dataType, new Shape(in.get(0), channels / 2, in.get(2), in.get(3)));
    }
}
