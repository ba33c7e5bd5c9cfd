package io.github.ufskit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import io.github.ufskit.nn.layers.SpectralNorm;

/**
 * D_L, the last linear layer of a critic: one output, score = sum_c w_c * Y_c + b.
 *
 * <p>For features (N, K) it returns (N). For a feature map (N, K, h, w) it applies the same
 * weights at every position, like a 1 x 1 convolution, and returns (N, h, w). The weight has
 * shape (1, K) and the bias shape (1).
 */
public final class LastLinearLayer extends AbstractBlock {

    private final int inputChannels;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter vector;

    /**
     * Creates the layer without spectral normalization.
     *
     * @param inputChannels K, the number of feature channels
     */
    public LastLinearLayer(int inputChannels) {
        this(inputChannels, false);
    }

    /**
     * Creates the layer, optionally with a spectrally normalized weight.
     *
     * <p>With spectral norm the forward uses w / sigma(w) (see {@link SpectralNorm}); for a
     * single-row weight sigma(w) is the l2 norm ||w||, estimated by the power iteration.
     *
     * @param inputChannels K, the number of feature channels
     * @param spectralNorm whether to divide the weight by its spectral norm
     */
    public LastLinearLayer(int inputChannels, boolean spectralNorm) {
        this.inputChannels = inputChannels;
        double bound = 1.0 / Math.sqrt(inputChannels);
        this.weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(1, inputChannels))
                                .optInitializer(new UniformInitializer((float) bound))
                                .build());
        this.bias =
                addParameter(
                        Parameter.builder()
                                .setName("bias")
                                .setType(Parameter.Type.BIAS)
                                .optShape(new Shape(1))
                                .build());
        this.vector = spectralNorm ? addParameter(SpectralNorm.vector("weight_u", 1)) : null;
    }

    /**
     * Returns the weight w as K values, with its gradient link intact.
     *
     * <p>With spectral norm this is w / sigma(w) computed with the stored vector u and does not
     * advance the power iteration, so reading it after each critic update leaves the critic's
     * state unchanged. The result belongs to the manager of {@code device}.
     *
     * @param parameterStore the store that contains the parameters
     * @param device any array on the device to use
     * @return w, shape (K)
     */
    public NDArray weight(ParameterStore parameterStore, NDArray device) {
        NDArray w = weightMatrix(parameterStore, device, false);
        NDArray flat = w.reshape(inputChannels);
        flat.attach(device.getManager());
        return flat;
    }

    /** Returns the (normalized) weight, shape (1, K), owned by the manager of {@code anchor}. */
    private NDArray weightMatrix(ParameterStore parameterStore, NDArray anchor, boolean training) {
        NDArray raw = parameterStore.getValue(weight, anchor.getDevice(), training);
        if (vector == null) {
            return raw;
        }
        NDArray u = parameterStore.getValue(vector, anchor.getDevice(), training);
        return SpectralNorm.normalize(raw, u, training, anchor.getManager());
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray features = inputs.singletonOrThrow();
        NDArray w = weightMatrix(parameterStore, features, training);
        NDArray b = parameterStore.getValue(bias, features.getDevice(), training);
        Shape shape = features.getShape();
        if (shape.dimension() == 2) {
            return new NDList(features.matMul(w.transpose()).reshape(shape.get(0)).add(b));
        }
        if (shape.dimension() == 4) {
            NDArray perChannel = features.mul(w.reshape(1, inputChannels, 1, 1));
            return new NDList(perChannel.sum(new int[] {1}).add(b));
        }
        throw new IllegalArgumentException(
                "D_L expects features (N, K) or (N, K, h, w), got " + shape);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape shape = inputShapes[0];
        if (shape.dimension() == 2) {
            return new Shape[] {new Shape(shape.get(0))};
        }
        return new Shape[] {new Shape(shape.get(0), shape.get(2), shape.get(3))};
    }

    /** {@inheritDoc} */
    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        long channels = inputShapes[0].get(1);
        if (channels != inputChannels) {
            throw new IllegalArgumentException(
                    "D_L was built for " + inputChannels + " channels, got input " + inputShapes[0]);
        }
    }

}
