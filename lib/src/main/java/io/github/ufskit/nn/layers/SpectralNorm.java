package io.github.ufskit.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/**
 * Spectral normalization of one weight (Miyato et al., "Spectral Normalization for Generative
 * Adversarial Networks", ICLR 2018): W_SN = W / sigma(W), with sigma(W) the largest singular value
 * estimated by power iteration.
 *
 * <p>The weight is viewed as a matrix with rows = its first dimension and columns = the product
 * of the others, so a convolution kernel (out, in, kh, kw) becomes (out, in * kh * kw), a linear
 * weight (out, in) stays as it is and an embedding table (classes, dimension) keeps classes as
 * rows. This is the orientation of {@code torch.nn.utils.spectral_norm} with its default
 * {@code dim=0} and of {@code SNEmbedID} in pfnet-research/sngan_projection
 * ({@code source/links/sn_embed_id.py}), whose vector u has one entry per class.
 *
 * <p>The vector u (shape (rows)) persists between calls as a parameter that is not trained. A
 * training forward runs one power iteration without gradient and stores the new u in place. The
 * vectors that enter the autograd graph are copies, so the weight may be normalized several times
 * (real batch, fake batch) before a single backward pass. The l2 normalization is
 * x / max(||x||, 1e-12), the default epsilon of {@code torch.nn.utils.spectral_norm}.
 *
 * <p>Evaluation recomputes v from the stored u. {@code torch.nn.utils.spectral_norm} instead
 * keeps the v of the last training step as a buffer, so evaluation outputs of the two differ
 * slightly until the power iteration has converged, while training steps agree.
 *
 * <p>NOTE: the layers pass the array that {@code ParameterStore.getValue} returns. On one device
 * that is the parameter's own array, so the update persists and is checkpointed. A store that
 * copies parameters to several devices would update only the copies.
 */
public final class SpectralNorm {

    /** Lower bound on a vector norm in the l2 normalization, as in PyTorch's spectral_norm. */
    public static final float EPSILON = 1e-12f;

    private SpectralNorm() {}

    /**
     * Creates the persistent power-iteration vector u of one weight.
     *
     * <p>u has shape (rows), is not trained ({@code requiresGrad} false), has type {@link
     * Parameter.Type#OTHER} and starts as a standard normal draw from the initializing manager
     * (so the engine seed makes it reproducible), divided by its l2 norm.
     *
     * @param name the parameter name, for example {@code "weight_u"}
     * @param rows the first dimension of the weight
     * @return the parameter, to be registered with {@code addParameter}
     * @throws IllegalArgumentException if rows is not positive
     */
    public static Parameter vector(String name, long rows) {
        if (rows < 1) {
            throw new IllegalArgumentException(
                    "Spectral norm vector " + name + " needs at least 1 row, got " + rows
                            + "; pass the weight's first dimension");
        }
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(rows))
                .optRequiresGrad(false)
                .optInitializer(new UnitNormalInitializer())
                .build();
    }

    /**
     * Divides a weight by its largest singular value, estimated with the stored vector u.
     *
     * <p>Same as {@link #normalize(NDArray, NDArray, boolean, NDManager)} with the weight's own
     * manager as the owner of the result. That manager usually lives as long as the model, so a
     * caller that runs this every step should attach the result to a per-step manager or use the
     * four-argument form.
     *
     * @param weight the raw weight, any shape whose first dimension equals the length of u
     * @param u the parameter array of the power-iteration vector, shape (rows); updated in place
     *     in training
     * @param training whether to run the power iteration and store the new u
     * @return the normalized weight, same shape as {@code weight}
     * @throws IllegalArgumentException if u does not have shape (rows)
     */
    public static NDArray normalize(NDArray weight, NDArray u, boolean training) {
        return normalize(weight, u, training, weight.getManager());
    }

    /**
     * Divides a weight by its largest singular value, estimated with the stored vector u.
     *
     * <p>With W the weight viewed as (rows, columns): in training, v = l2normalize(W^T u) and
     * u' = l2normalize(W v) are computed without gradient, u' is written into {@code u} in place,
     * and the result is W / (u'^T W v) with u' and v constants and W keeping its gradient. In
     * evaluation u is read but not changed: v = l2normalize(W^T u), sigma = u^T W v. The
     * vectors in the autograd graph are copies of u' and v, never the array {@code u}, so a later
     * in-place update of u does not invalidate a pending backward pass. Intermediate arrays are
     * closed before returning.
     *
     * @param weight the raw weight, any shape whose first dimension equals the length of u
     * @param u the parameter array of the power-iteration vector, shape (rows); updated in place
     *     in training
     * @param training whether to run the power iteration and store the new u
     * @param target the manager that owns the result, typically the manager of the layer input
     * @return the normalized weight, same shape as {@code weight}
     * @throws IllegalArgumentException if u does not have shape (rows)
     */
    public static NDArray normalize(
            NDArray weight, NDArray u, boolean training, NDManager target) {
        Shape shape = weight.getShape();
        if (shape.dimension() < 1
                || u.getShape().dimension() != 1
                || u.getShape().get(0) != shape.get(0)) {
            String rows = shape.dimension() < 1 ? "rows" : Long.toString(shape.get(0));
            throw new IllegalArgumentException(
                    "Spectral norm vector u has shape " + u.getShape() + " but the weight has"
                            + " shape " + shape + "; u must have shape (" + rows + "), the"
                            + " weight's first dimension");
        }
        try (NDManager scope = target.newSubManager(weight.getDevice())) {
            NDArray matrix = weight.reshape(shape.get(0), -1);
            matrix.attach(scope);
            NDArray constantMatrix = matrix.stopGradient();
            NDArray storedU = u.stopGradient();
            storedU.attach(scope);

            // Power iteration on detached arrays, so none of these steps enters the graph.
            NDArray v = l2normalize(constantMatrix.transpose().matMul(storedU));
            NDArray leftVector;
            if (training) {
                NDArray updatedU = l2normalize(constantMatrix.matMul(v));
                u.set(new NDIndex(":"), updatedU);
                leftVector = updatedU.duplicate();
            } else {
                leftVector = storedU.duplicate();
            }

            // sigma = u^T W v keeps the gradient with respect to W only.
            NDArray sigma = leftVector.matMul(matrix.matMul(v.duplicate()));
            NDArray normalized = matrix.div(sigma).reshape(shape);
            normalized.attach(target);
            return normalized;
        }
    }

    /** Returns x / max(||x||_2, 1e-12) for a vector x. */
    static NDArray l2normalize(NDArray vector) {
        return vector.div(vector.square().sum().sqrt().maximum(EPSILON));
    }

    /** Draws a standard normal vector and divides it by its l2 norm. */
    private static final class UnitNormalInitializer implements Initializer {

        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            return l2normalize(manager.randomNormal(0f, 1f, shape, dataType));
        }
    }
}
