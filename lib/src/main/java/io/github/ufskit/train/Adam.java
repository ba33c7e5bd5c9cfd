package io.github.ufskit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam over the trainable parameters of one network, with state that can be saved and restored
 * so that a resumed run continues exactly.
 *
 * <p>For gradient g at update t: m = beta1 m + (1 - beta1) g, v = beta2 v + (1 - beta2) g^2,
 * w = w - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon). After the update the
 * gradient is set to zero, because DJL's PyTorch engine accumulates gradients across backward
 * passes. Parameters are keyed by their path in the block ({@code block1_conv1_weight}), which is
 * stable across runs.
 */
public final class Adam implements AutoCloseable {

    private final NDManager manager;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private long updates;

    /**
     * Creates the optimizer for every trainable parameter of {@code block}.
     *
     * @param parent manager on the parameters' device
     * @param block an initialized network
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     * @param epsilon added to the denominator, positive
     */
    public Adam(NDManager parent, Block block, double beta1, double beta2, double epsilon) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException(
                    "Adam betas must be in [0, 1), got beta1=" + beta1 + ", beta2=" + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Adam epsilon must be positive, got " + epsilon);
        }
        this.manager = parent.newSubManager();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        for (Pair<String, Parameter> entry : block.getParameters()) {
            Parameter parameter = entry.getValue();
            if (parameter.requiresGradient()) {
                NDArray weight = parameter.getArray();
                parameters.put(entry.getKey(), parameter);
                firstMoments.put(entry.getKey(), manager.zeros(weight.getShape()));
                secondMoments.put(entry.getKey(), manager.zeros(weight.getShape()));
            }
        }
    }

    /**
     * Returns how many updates have been applied.
     *
     * @return t
     */
    public long updates() {
        return updates;
    }

    /**
     * Applies one update with the gradients the last backward pass left, then zeroes them.
     *
     * @param learningRate the step size for this update, at least 0
     */
    public void step(double learningRate) {
        updates++;
        double firstCorrection = 1 - Math.pow(beta1, updates);
        double secondCorrection = 1 - Math.pow(beta2, updates);
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            NDArray weight = entry.getValue().getArray();
            NDArray firstMoment = firstMoments.get(entry.getKey());
            NDArray secondMoment = secondMoments.get(entry.getKey());
            try (NDManager scratch = manager.newSubManager()) {
                NDArray gradient = weight.getGradient();
                gradient.attach(scratch);
                firstMoment.muli((float) beta1).addi(gradient.mul((float) (1 - beta1)));
                secondMoment.muli((float) beta2).addi(gradient.square().mul((float) (1 - beta2)));
                NDArray denominator = secondMoment.div((float) secondCorrection);
                denominator.attach(scratch);
                denominator = denominator.sqrt().add((float) epsilon);
                NDArray update = firstMoment.div((float) firstCorrection);
                update.attach(scratch);
                weight.subi(update.div(denominator).mul((float) learningRate));
                gradient.subi(gradient);
            }
        }
    }

    /**
     * Sets the gradients of every parameter to zero, for instance after a backward pass whose
     * result must not be applied.
     */
    public void zeroGradients() {
        for (Parameter parameter : parameters.values()) {
            try (NDArray gradient = parameter.getArray().getGradient()) {
                gradient.subi(gradient);
            }
        }
    }

    /**
     * Encodes the moments and the update count.
     *
     * @return bytes for {@link #load}
     */
    public byte[] save() {
        List<NDArray> arrays = new ArrayList<>();
        NDArray count = manager.create(new long[] {updates});
        arrays.add(count);
        for (String key : parameters.keySet()) {
            NDArray first = firstMoments.get(key);
            first.setName("m:" + key);
            NDArray second = secondMoments.get(key);
            second.setName("v:" + key);
            arrays.add(first);
            arrays.add(second);
        }
        byte[] bytes = new NDList(arrays).encode();
        count.close();
        return bytes;
    }

    /**
     * Restores the state that {@link #save} encoded for the same network.
     *
     * @param bytes the saved state
     */
    public void load(byte[] bytes) {
        try (NDManager scratch = manager.newSubManager()) {
            NDList saved = NDList.decode(scratch, bytes);
            int expected = 1 + 2 * parameters.size();
            if (saved.size() != expected) {
                throw new IllegalArgumentException(
                        "optimizer state has "
                                + saved.size()
                                + " arrays, expected "
                                + expected
                                + "; the checkpoint belongs to a different network");
            }
            updates = saved.get(0).getLong();
            int index = 1;
            for (String key : parameters.keySet()) {
                copyInto(firstMoments.get(key), saved.get(index++), key);
                copyInto(secondMoments.get(key), saved.get(index++), key);
            }
        }
    }

    private static void copyInto(NDArray target, NDArray source, String key) {
        if (!target.getShape().equals(source.getShape())) {
            throw new IllegalArgumentException(
                    "optimizer state for "
                            + key
                            + " has shape "
                            + source.getShape()
                            + ", expected "
                            + target.getShape());
        }
        source.copyTo(target);
    }

    /** Frees the moments. */
    @Override
    public void close() {
        manager.close();
    }
}
