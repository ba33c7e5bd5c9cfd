package io.github.ufskit.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.Locale;

/**
 * BigGAN's modified orthogonal regularization (Brock et al., "Large Scale GAN Training for High
 * Fidelity Natural Image Synthesis", ICLR 2019, equation 3).
 *
 * <p>R = beta * sum over weights W of || W W^T (.) (1 - I) ||_F^2, where W is viewed as (rows =
 * first dimension, columns = the rest) and (.) is the elementwise product, so only the
 * off-diagonal cosine terms are penalized and the row norms are free. The sum covers every
 * trainable parameter of type {@link Parameter.Type#WEIGHT} with at least 2 dimensions and more
 * than one row, except class embeddings, recognized by a parameter path that contains
 * "embedding" (case-insensitive), as BigGAN-PyTorch excludes its shared class embedding. The raw
 * weights are used, not the spectrally normalized ones, as in the reference.
 *
 * <p>BigGAN-PyTorch ({@code utils.py}, function {@code ortho}) does not build this loss: after
 * the backward pass it adds strength * 2 (W W^T (.) (1 - I)) W to each weight's gradient. The
 * gradient of R is 4 beta (W W^T (.) (1 - I)) W, so beta = strength / 2 reproduces the
 * reference. Its {@code G_ortho} option defaults to 0 there, with a comment naming 1e-4 as the
 * BigGAN setting, which corresponds to beta = 5e-5 here.
 */
public final class OrthogonalRegularization {

    private OrthogonalRegularization() {}

    /**
     * Computes R for every eligible weight of a block.
     *
     * @param block the network whose weights are regularized
     * @param store the store that contains the parameters
     * @param device any array on the device to use; its manager owns the intermediate arrays
     * @param beta the strength, finite and 0 or more
     * @return R as a scalar (shape ()) with its gradient link to the weights; 0 without gradient
     *     when no weight qualifies
     * @throws IllegalArgumentException if beta is negative or not finite
     */
    public static NDArray penalty(Block block, ParameterStore store, NDArray device, double beta) {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException(
                    "The orthogonal regularization strength beta must be finite and 0 or more, got "
                            + beta + "; BigGAN-PyTorch's strength 1e-4 is beta = 5e-5 here");
        }
        NDManager manager = device.getManager();
        NDArray total = manager.zeros(new Shape(), device.getDataType(), device.getDevice());
        for (Pair<String, Parameter> entry : block.getParameters()) {
            if (!isRegularized(entry.getKey(), entry.getValue())) {
                continue;
            }
            NDArray weight = store.getValue(entry.getValue(), device.getDevice(), true);
            total = total.add(offDiagonalSquares(weight, manager));
        }
        return total.mul((float) beta);
    }

    static boolean isRegularized(String path, Parameter parameter) {
        Shape shape = parameter.getArray().getShape();
        return parameter.getType() == Parameter.Type.WEIGHT
                && parameter.requiresGradient()
                && shape.dimension() >= 2
                && shape.get(0) > 1
                && !path.toLowerCase(Locale.ROOT).contains("embedding");
    }

    /** Returns || W W^T (.) (1 - I) ||_F^2 for W viewed as (rows, rest). */
    private static NDArray offDiagonalSquares(NDArray weight, NDManager manager) {
        long rows = weight.getShape().get(0);
        NDArray matrix = weight.reshape(rows, -1);
        matrix.attach(manager);
        NDArray gram = matrix.matMul(matrix.transpose());
        NDArray offDiagonal =
                manager.ones(new Shape(rows, rows), gram.getDataType(), gram.getDevice())
                        .sub(manager.eye((int) rows, (int) rows, 0, gram.getDataType())
                                .toDevice(gram.getDevice(), false));
        return gram.mul(offDiagonal).square().sum();
    }
}
