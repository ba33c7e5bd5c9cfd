package io.github.ufskit.metrics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes the squared Fréchet distance between two Gaussians fitted to feature vectors, the
 * quantity reported as FID (Fréchet Inception Distance) when the features come from Inception v3,
 * and here also for other feature extractors.
 *
 * <p>For means {@code mu1}, {@code mu2} and covariances {@code S1}, {@code S2}:
 *
 * <pre>
 *   d^2 = |mu1 - mu2|^2 + tr S1 + tr S2 - 2 tr sqrt(sqrt(S1) S2 sqrt(S1))
 * </pre>
 *
 * <p>pytorch-fid computes the last term as {@code tr sqrtm(S1 S2)}. The matrix {@code S1 S2} is
 * not symmetric, so a general matrix square root can return complex values or NaN through
 * rounding. This class uses the similar matrix {@code sqrt(S1) S2 sqrt(S1)}, which has the same
 * eigenvalues but is symmetric positive semi-definite, and works only with symmetric
 * eigendecompositions in float64:
 *
 * <ol>
 *   <li>{@code sqrt(S1) = V diag(sqrt(max(lambda, 0))) V^T} from the eigendecomposition of
 *       {@code S1}. Eigenvalues that rounding made slightly negative are clamped to 0.
 *   <li>{@code M = sqrt(S1) S2 sqrt(S1)}, symmetrized as {@code (M + M^T) / 2}.
 *   <li>{@code tr sqrt(M)} is the sum of {@code sqrt(max(lambda_i(M), 0))}.
 * </ol>
 *
 * <p>The result is never NaN for finite input. It is clamped at 0, because only rounding can
 * make the formula negative.
 */
public final class FrechetDistance {

    private static final Logger LOGGER = LoggerFactory.getLogger(FrechetDistance.class);

    /** Relative asymmetry {@code max|S - S^T| / max|S|} above which a covariance is rejected. */
    private static final double SYMMETRY_TOLERANCE = 1e-9;

    private FrechetDistance() {}

    /**
     * Computes the squared Fréchet distance between two sets of feature statistics.
     *
     * <p>Logs a warning when a set has fewer samples than feature dimensions. Its covariance is
     * then singular and the distance is biased upwards; FID is usually computed from 10,000 or
     * more samples.
     *
     * @param first statistics of the first set, with at least 2 samples
     * @param second statistics of the second set, of the same dimension and with at least 2
     *     samples
     * @return d², the FID when the features come from the FID network
     * @throws IllegalArgumentException if the dimensions differ
     * @throws IllegalStateException if a set has fewer than 2 samples
     */
    public static double compute(FeatureStatistics first, FeatureStatistics second) {
        if (first.dimension() != second.dimension()) {
            throw new IllegalArgumentException(String.format(
                    "Feature dimensions differ: %d and %d; use the same feature extractor for"
                            + " both sets", first.dimension(), second.dimension()));
        }
        warnIfFewSamples("first", first);
        warnIfFewSamples("second", second);
        return compute(first.mean(), first.covarianceMatrix(), second.mean(),
                second.covarianceMatrix());
    }

    /**
     * Computes the squared Fréchet distance between two Gaussians given as arrays.
     *
     * @param firstMean mean of the first Gaussian, D values
     * @param firstCovariance symmetric positive semi-definite D×D covariance
     * @param secondMean mean of the second Gaussian, D values
     * @param secondCovariance symmetric positive semi-definite D×D covariance
     * @return d², at least 0
     * @throws IllegalArgumentException if the sizes disagree, a value is not finite or a
     *     covariance is not symmetric
     */
    public static double compute(double[] firstMean, double[][] firstCovariance,
            double[] secondMean, double[][] secondCovariance) {
        return compute(firstMean, toMatrix("first", firstCovariance, firstMean.length),
                secondMean, toMatrix("second", secondCovariance, firstMean.length));
    }

    private static double compute(double[] firstMean, DMatrixRMaj firstCovariance,
            double[] secondMean, DMatrixRMaj secondCovariance) {
        int dimension = firstMean.length;
        if (secondMean.length != dimension) {
            throw new IllegalArgumentException(String.format(
                    "Mean lengths differ: %d and %d", dimension, secondMean.length));
        }
        checkFinite("first mean", firstMean);
        checkFinite("second mean", secondMean);
        checkSymmetric("first", firstCovariance);
        checkSymmetric("second", secondCovariance);

        double meanTerm = 0;
        for (int j = 0; j < dimension; j++) {
            double difference = firstMean[j] - secondMean[j];
            meanTerm += difference * difference;
        }
        double traceTerm = CommonOps_DDRM.trace(firstCovariance)
                + CommonOps_DDRM.trace(secondCovariance);
        double crossTerm = traceOfSqrtProduct(firstCovariance, secondCovariance);
        double squaredDistance = meanTerm + traceTerm - 2 * crossTerm;
        return Math.max(0, squaredDistance);
    }

    /**
     * Returns {@code tr sqrt(sqrt(S1) S2 sqrt(S1))} through symmetric eigendecompositions.
     *
     * @param first S1, symmetric positive semi-definite
     * @param second S2, symmetric positive semi-definite
     * @return the trace, at least 0
     */
    static double traceOfSqrtProduct(DMatrixRMaj first, DMatrixRMaj second) {
        DMatrixRMaj sqrtFirst = symmetricSqrt(first);
        DMatrixRMaj left = new DMatrixRMaj(first.numRows, first.numCols);
        CommonOps_MT_DDRM.mult(sqrtFirst, second, left);
        DMatrixRMaj product = new DMatrixRMaj(first.numRows, first.numCols);
        CommonOps_MT_DDRM.mult(left, sqrtFirst, product);
        symmetrize(product);

        double[] eigenvalues = symmetricEigenvalues(product);
        double trace = 0;
        for (double eigenvalue : eigenvalues) {
            trace += Math.sqrt(Math.max(eigenvalue, 0));
        }
        return trace;
    }

    /** Returns {@code V diag(sqrt(max(lambda, 0))) V^T} for a symmetric matrix. */
    static DMatrixRMaj symmetricSqrt(DMatrixRMaj matrix) {
        int n = matrix.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eigen.decompose(matrix.copy())) {
            throw new IllegalStateException(
                    "Symmetric eigendecomposition of a " + n + "x" + n + " covariance failed");
        }
        // scaledVectors = V diag(sqrt(lambda)), so the square root is scaledVectors V^T.
        DMatrixRMaj vectors = new DMatrixRMaj(n, n);
        DMatrixRMaj scaledVectors = new DMatrixRMaj(n, n);
        for (int k = 0; k < n; k++) {
            double root = Math.sqrt(Math.max(eigen.getEigenvalue(k).real, 0));
            DMatrixRMaj vector = eigen.getEigenVector(k);
            for (int i = 0; i < n; i++) {
                vectors.unsafe_set(i, k, vector.data[i]);
                scaledVectors.unsafe_set(i, k, vector.data[i] * root);
            }
        }
        DMatrixRMaj root = new DMatrixRMaj(n, n);
        CommonOps_MT_DDRM.multTransB(scaledVectors, vectors, root);
        symmetrize(root);
        return root;
    }

    private static double[] symmetricEigenvalues(DMatrixRMaj matrix) {
        int n = matrix.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eigen.decompose(matrix.copy())) {
            throw new IllegalStateException(
                    "Symmetric eigendecomposition of a " + n + "x" + n + " matrix failed");
        }
        double[] values = new double[n];
        for (int k = 0; k < n; k++) {
            values[k] = eigen.getEigenvalue(k).real;
        }
        return values;
    }

    private static void symmetrize(DMatrixRMaj matrix) {
        int n = matrix.numRows;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double average = 0.5 * (matrix.unsafe_get(i, j) + matrix.unsafe_get(j, i));
                matrix.unsafe_set(i, j, average);
                matrix.unsafe_set(j, i, average);
            }
        }
    }

    private static DMatrixRMaj toMatrix(String role, double[][] rows, int dimension) {
        if (rows.length != dimension) {
            throw new IllegalArgumentException(String.format(
                    "The %s covariance has %d rows, expected %d (the mean length)",
                    role, rows.length, dimension));
        }
        DMatrixRMaj matrix = new DMatrixRMaj(dimension, dimension);
        for (int i = 0; i < dimension; i++) {
            if (rows[i].length != dimension) {
                throw new IllegalArgumentException(String.format(
                        "Row %d of the %s covariance has %d values, expected %d",
                        i, role, rows[i].length, dimension));
            }
            checkFinite(role + " covariance row " + i, rows[i]);
            System.arraycopy(rows[i], 0, matrix.data, i * dimension, dimension);
        }
        return matrix;
    }

    private static void checkFinite(String description, double[] values) {
        for (int j = 0; j < values.length; j++) {
            if (!Double.isFinite(values[j])) {
                throw new IllegalArgumentException(String.format(
                        "Value %d of the %s is %s; expected finite values", j, description, values[j]));
            }
        }
    }

    private static void checkSymmetric(String role, DMatrixRMaj matrix) {
        int n = matrix.numRows;
        double largest = CommonOps_DDRM.elementMaxAbs(matrix);
        double asymmetry = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                asymmetry = Math.max(asymmetry,
                        Math.abs(matrix.unsafe_get(i, j) - matrix.unsafe_get(j, i)));
            }
        }
        if (asymmetry > SYMMETRY_TOLERANCE * largest) {
            throw new IllegalArgumentException(String.format(
                    "The %s covariance is not symmetric: max |S - S^T| = %.3g for max |S| = %.3g;"
                            + " pass a covariance matrix", role, asymmetry, largest));
        }
    }

    private static void warnIfFewSamples(String role, FeatureStatistics statistics) {
        if (statistics.count() < statistics.dimension()) {
            LOGGER.warn("The {} set has {} samples, fewer than its {} feature dimensions, so its"
                            + " covariance is singular and the Fréchet distance is biased upwards;"
                            + " use more samples", role, statistics.count(),
                    statistics.dimension());
        }
    }
}
