package io.github.ufskit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import io.github.ufskit.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * Streaming mean and covariance of feature vectors, accumulated in float64 in one pass.
 *
 * <p>Each batch is reduced to its own mean and its scatter matrix {@code M2 = sum (x - mean)(x
 * - mean)^T} (two passes over the batch), then merged into the running totals with the pairwise
 * update of Chan, Golub and LeVeque (1979). With {@code n_a}, {@code n_b} samples and {@code
 * delta = mean_b - mean_a}:
 *
 * <pre>
 *   mean = mean_a + delta * n_b / n
 *   M2   = M2_a + M2_b + delta delta^T * n_a * n_b / n,     n = n_a + n_b
 * </pre>
 *
 * <p>This equals the two-pass result in exact arithmetic and, unlike summing {@code x x^T}, does
 * not lose precision when the features have a large common offset. {@link #covariance()} is the
 * unbiased estimate {@code M2 / (n - 1)}, as {@code numpy.cov} and pytorch-fid compute it.
 *
 * <p>Not thread-safe; use one instance per thread and {@link #merge(FeatureStatistics)} them.
 */
public final class FeatureStatistics {

    /** File magic number, the ASCII bytes "UFSFSTAT". */
    private static final long FILE_MAGIC = 0x5546534653544154L;

    /** Version of the binary file layout written by {@link #save(Path)}. */
    private static final int FILE_VERSION = 1;

    private final int dimension;
    private long count;
    private final double[] mean;
    private final DMatrixRMaj scatter;

    /**
     * Creates empty statistics for features of the given dimension.
     *
     * @param dimension feature dimension D, at least 1
     */
    public FeatureStatistics(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException(
                    "dimension = " + dimension + "; expected at least 1 feature");
        }
        this.dimension = dimension;
        this.mean = new double[dimension];
        this.scatter = new DMatrixRMaj(dimension, dimension);
    }

    /**
     * Computes the statistics of a fixed set of feature vectors.
     *
     * @param features N rows of D features each, N at least 1
     * @return statistics of the rows
     */
    public static FeatureStatistics of(double[][] features) {
        if (features.length == 0) {
            throw new IllegalArgumentException("No feature rows given; pass at least one row");
        }
        FeatureStatistics statistics = new FeatureStatistics(features[0].length);
        statistics.add(features);
        return statistics;
    }

    /**
     * Adds a batch of feature vectors given as rows.
     *
     * @param features N rows of {@link #dimension()} finite values each, N at least 1
     * @throws IllegalArgumentException if a row has the wrong length or a value is not finite
     */
    public void add(double[][] features) {
        if (features.length == 0) {
            throw new IllegalArgumentException("Empty batch of features; pass at least one row");
        }
        double[] rowMajor = new double[features.length * dimension];
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != dimension) {
                throw new IllegalArgumentException(String.format(
                        "Feature row %d has %d values, expected %d",
                        i, features[i].length, dimension));
            }
            System.arraycopy(features[i], 0, rowMajor, i * dimension, dimension);
        }
        addRowMajor(rowMajor, features.length);
    }

    /**
     * Adds a batch of feature vectors given as an array of shape (N, D).
     *
     * <p>The values are converted to float64 before any arithmetic. The array is not closed.
     *
     * @param features a float array of shape (N, {@link #dimension()}), N at least 1
     * @throws IllegalArgumentException if the shape is wrong or a value is not finite
     */
    public void add(NDArray features) {
        Shape shape = features.getShape();
        if (shape.dimension() != 2 || shape.get(1) != dimension || shape.get(0) < 1) {
            throw new IllegalArgumentException(String.format(
                    "Features have shape %s, expected (N, %d) with N >= 1; flatten each sample"
                            + " to one row", shape, dimension));
        }
        double[] rowMajor;
        try (NDArray asDouble = features.toType(DataType.FLOAT64, true)) {
            rowMajor = asDouble.toDoubleArray();
        }
        addRowMajor(rowMajor, Math.toIntExact(shape.get(0)));
    }

    /**
     * Merges the samples of other statistics into these, as if they had been added here.
     *
     * @param other statistics of the same dimension; left unchanged
     */
    public void merge(FeatureStatistics other) {
        if (other.dimension != dimension) {
            throw new IllegalArgumentException(String.format(
                    "Cannot merge statistics of dimension %d into dimension %d",
                    other.dimension, dimension));
        }
        combine(other.count, other.mean, other.scatter);
    }

    private void addRowMajor(double[] rows, int rowCount) {
        for (int i = 0; i < rows.length; i++) {
            if (!Double.isFinite(rows[i])) {
                throw new IllegalArgumentException(String.format(
                        "Feature %d of row %d is %s; features must be finite, so check the"
                                + " extractor's input", i % dimension, i / dimension, rows[i]));
            }
        }
        double[] batchMean = new double[dimension];
        for (int r = 0; r < rowCount; r++) {
            for (int j = 0; j < dimension; j++) {
                batchMean[j] += rows[r * dimension + j];
            }
        }
        for (int j = 0; j < dimension; j++) {
            batchMean[j] /= rowCount;
        }

        // Second pass over the batch: centre the rows, then M2_b = Xc^T Xc.
        DMatrixRMaj centered = DMatrixRMaj.wrap(rowCount, dimension, rows);
        for (int r = 0; r < rowCount; r++) {
            for (int j = 0; j < dimension; j++) {
                rows[r * dimension + j] -= batchMean[j];
            }
        }
        DMatrixRMaj batchScatter = new DMatrixRMaj(dimension, dimension);
        CommonOps_MT_DDRM.multTransA(centered, centered, batchScatter);
        combine(rowCount, batchMean, batchScatter);
    }

    /** Applies the pairwise update of the class documentation. */
    private void combine(long otherCount, double[] otherMean, DMatrixRMaj otherScatter) {
        if (otherCount == 0) {
            return;
        }
        long total = count + otherCount;
        double[] delta = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            delta[j] = otherMean[j] - mean[j];
        }
        double weight = (double) count * otherCount / total;
        double[] data = scatter.data;
        double[] otherData = otherScatter.data;
        for (int i = 0; i < dimension; i++) {
            for (int j = 0; j < dimension; j++) {
                int k = i * dimension + j;
                data[k] += otherData[k] + weight * delta[i] * delta[j];
            }
        }
        for (int j = 0; j < dimension; j++) {
            mean[j] += delta[j] * otherCount / total;
        }
        count = total;
    }

    /**
     * Returns the feature dimension.
     *
     * @return D
     */
    public int dimension() {
        return dimension;
    }

    /**
     * Returns the number of feature vectors added.
     *
     * @return N
     */
    public long count() {
        return count;
    }

    /**
     * Returns the mean feature vector.
     *
     * @return a copy of the mean, D values
     * @throws IllegalStateException if no feature vector was added
     */
    public double[] mean() {
        if (count == 0) {
            throw new IllegalStateException("No features added yet, so the mean is undefined");
        }
        return mean.clone();
    }

    /**
     * Returns the unbiased covariance {@code M2 / (N - 1)}.
     *
     * @return a new D×D array
     * @throws IllegalStateException if fewer than 2 feature vectors were added
     */
    public double[][] covariance() {
        DMatrixRMaj covariance = covarianceMatrix();
        double[][] rows = new double[dimension][dimension];
        for (int i = 0; i < dimension; i++) {
            System.arraycopy(covariance.data, i * dimension, rows[i], 0, dimension);
        }
        return rows;
    }

    /** Returns the covariance as a new EJML matrix. */
    DMatrixRMaj covarianceMatrix() {
        if (count < 2) {
            throw new IllegalStateException(String.format(
                    "Covariance needs at least 2 feature vectors, %d added", count));
        }
        DMatrixRMaj covariance = scatter.copy();
        double scale = 1.0 / (count - 1);
        for (int k = 0; k < covariance.data.length; k++) {
            covariance.data[k] *= scale;
        }
        return covariance;
    }

    /**
     * Saves the statistics to a binary file, atomically.
     *
     * <p>The file contains a magic number, a format version, D, N, the mean and the D×D scatter
     * matrix, big-endian. A crash while saving leaves any previous file intact.
     *
     * @param file the target file; missing parent directories are created
     * @throws IOException if the file cannot be written
     */
    public void save(Path file) throws IOException {
        AtomicFiles.write(file, stream -> {
            DataOutputStream out = new DataOutputStream(stream);
            out.writeLong(FILE_MAGIC);
            out.writeInt(FILE_VERSION);
            out.writeInt(dimension);
            out.writeLong(count);
            for (double value : mean) {
                out.writeDouble(value);
            }
            for (double value : scatter.data) {
                out.writeDouble(value);
            }
            out.flush();
        });
    }

    /**
     * Loads statistics saved by {@link #save(Path)}.
     *
     * @param file a file written by {@link #save(Path)}
     * @return the statistics in the file
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws IOException if the file is not a statistics file, has another format version, is
     *     truncated or has trailing bytes; the message names the file
     */
    public static FeatureStatistics load(Path file) throws IOException {
        String fix = "Delete it so the statistics are computed again";
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
                DataInputStream in = new DataInputStream(raw)) {
            long magic = in.readLong();
            if (magic != FILE_MAGIC) {
                throw new IOException(String.format(
                        "%s is not a feature statistics file: magic number 0x%016X, expected"
                                + " 0x%016X", file, magic, FILE_MAGIC));
            }
            int version = in.readInt();
            if (version != FILE_VERSION) {
                throw new IOException(String.format(
                        "%s has statistics format version %d, this version reads %d. %s",
                        file, version, FILE_VERSION, fix));
            }
            int dimension = in.readInt();
            long count = in.readLong();
            if (dimension < 1 || count < 0) {
                throw new IOException(String.format(
                        "%s declares dimension %d and count %d, expected D >= 1 and N >= 0. %s",
                        file, dimension, count, fix));
            }
            FeatureStatistics statistics = new FeatureStatistics(dimension);
            statistics.count = count;
            for (int j = 0; j < dimension; j++) {
                statistics.mean[j] = in.readDouble();
            }
            for (int k = 0; k < statistics.scatter.data.length; k++) {
                statistics.scatter.data[k] = in.readDouble();
            }
            if (in.read() != -1) {
                throw new IOException(file + " has bytes after the statistics. " + fix);
            }
            return statistics;
        } catch (EOFException e) {
            throw new IOException(file + " is truncated. " + fix, e);
        }
    }
}
