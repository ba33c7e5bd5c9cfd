package io.github.ufskit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

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

    /**
     * Creates the layer.
     *
     * @param inputChannels K, the number of feature channels
     */
    public LastLinearLayer(int inputChannels) {
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
    }

    /**
     * Returns the weight w as K values, with its gradient link intact.
     *
     * @param parameterStore the store that contains the parameters
     * @param device any array on the device to use
     * @return w, shape (K)
     */
    public NDArray weight(ParameterStore parameterStore, NDArray device) {
        return parameterStore
                .getValue(weight, device.getDevice(), false)
                .reshape(inputChannels);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray features = inputs.singletonOrThrow();
        NDArray w = parameterStore.getValue(weight, features.getDevice(), training);
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
