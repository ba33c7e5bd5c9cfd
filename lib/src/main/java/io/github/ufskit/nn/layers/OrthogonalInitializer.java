package io.github.ufskit.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * Orthogonal initialization (Saxe et al., "Exact solutions to the nonlinear dynamics of learning
 * in deep linear neural networks", ICLR 2014), the default initialization of BigGAN
 * (ajbrock/BigGAN-PyTorch, {@code G_init} and {@code D_init} 'ortho').
 *
 * <p>The shape is viewed as a matrix (rows = first dimension, columns = product of the others). A
 * Gaussian matrix A is drawn from the manager, so the engine seed makes it reproducible. The
 * taller of A and A^T is factored as Q R with EJML; multiplying each column of Q by the sign of
 * the matching diagonal entry of R makes the result uniformly (Haar) distributed. The weight is
 * gain * Q, transposed back when the shape is wide, so it has orthonormal columns when rows >=
 * columns and orthonormal rows otherwise (scaled by the gain).
 */
public final class OrthogonalInitializer implements Initializer {

    private final double gain;

    /** Creates the initializer with gain 1. */
    public OrthogonalInitializer() {
        this(1.0);
    }

    /**
     * Creates the initializer with a gain.
     *
     * @param gain the factor applied to the orthogonal matrix, finite and positive
     * @throws IllegalArgumentException if the gain is not finite and positive
     */
    public OrthogonalInitializer(double gain) {
        if (!(gain > 0) || Double.isInfinite(gain)) {
            throw new IllegalArgumentException(
                    "The orthogonal initializer's gain must be finite and positive, got " + gain
                            + "; use 1 for a plain orthogonal matrix");
        }
        this.gain = gain;
    }

    /**
     * Draws an orthogonal weight of the given shape.
     *
     * @param manager the manager that draws the Gaussian matrix and owns the result
     * @param shape the weight shape, at least 2 dimensions
     * @param dataType the data type of the result
     * @return gain * Q reshaped to {@code shape}
     * @throws IllegalArgumentException if the shape has fewer than 2 dimensions
     */
    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException(
                    "Orthogonal initialization needs a shape with at least 2 dimensions, got "
                            + shape + "; use a zeros or normal initializer for vectors");
        }
        int rows = Math.toIntExact(shape.get(0));
        int columns = Math.toIntExact(shape.size() / rows);
        boolean wide = rows < columns;
        int tallRows = wide ? columns : rows;
        int tallColumns = wide ? rows : columns;

        float[] gaussian;
        try (NDArray draw = manager.randomNormal(new Shape(tallRows, tallColumns))) {
            gaussian = draw.toFloatArray();
        }
        DMatrixRMaj matrix = new DMatrixRMaj(tallRows, tallColumns);
        for (int i = 0; i < gaussian.length; i++) {
            matrix.data[i] = gaussian[i];
        }
        DMatrixRMaj q = signCorrectedQ(matrix);

        float[] values = new float[rows * columns];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                double entry = wide ? q.get(j, i) : q.get(i, j);
                values[i * columns + j] = (float) (gain * entry);
            }
        }
        return manager.create(values, shape).toType(dataType, false);
    }

    /** Returns the thin Q of a tall matrix with each column multiplied by sign(R_jj). */
    private static DMatrixRMaj signCorrectedQ(DMatrixRMaj tall) {
        QRDecomposition<DMatrixRMaj> qr =
                DecompositionFactory_DDRM.qr(tall.numRows, tall.numCols);
        if (!qr.decompose(tall)) {
            throw new IllegalStateException(
                    "EJML's QR decomposition failed on a " + tall.numRows + " x " + tall.numCols
                            + " Gaussian matrix");
        }
        DMatrixRMaj q = qr.getQ(null, true);
        DMatrixRMaj r = qr.getR(null, true);
        for (int j = 0; j < q.numCols; j++) {
            if (r.get(j, j) < 0) {
                for (int i = 0; i < q.numRows; i++) {
                    q.set(i, j, -q.get(i, j));
                }
            }
        }
        return q;
    }
}
