package io.github.ufskit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.io.AtomicFiles;
import io.github.ufskit.metrics.FeatureExtractor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Selects the most typical images of each class before GAN training, the instance selection of
 * DeVries, Drozdzal and Taylor (2020), "Instance Selection for GANs".
 *
 * <p>Each image is embedded by a {@link FeatureExtractor} (Inception-v3 in that paper). For
 * each class c the features x of its n images define a Gaussian with mean μ and covariance
 * Σ = cov(x) + λI, where cov divides by n - 1 and the ridge λ keeps Σ invertible when n is
 * smaller than the feature dimension D. An image scores its log-likelihood
 *
 * <pre>
 * log N(x; μ, Σ) = -(D log 2π + log det Σ + (x - μ)ᵀ Σ⁻¹ (x - μ)) / 2,
 * </pre>
 *
 * <p>computed through the Cholesky factor L of Σ: log det Σ = 2 Σᵢ log Lᵢᵢ and the quadratic
 * form is |L⁻¹(x - μ)|². Each class keeps its {@code round(r n)} highest-scoring images (at
 * least one, ties to the lower index); the UFS paper keeps r = 0.5 of ImageNet.
 */
public final class InstanceSelection {

    /** Fraction of each class to keep in the ImageNet experiments. */
    public static final double DEFAULT_KEEP_FRACTION = 0.5;

    /**
     * Ridge added to the diagonal of each class covariance. NOTE: this value is the kit's
     * choice, not taken from DeVries et al.; it suits features of magnitude about 1.
     */
    public static final double DEFAULT_RIDGE = 1e-3;

    private static final Logger LOGGER = LoggerFactory.getLogger(InstanceSelection.class);
    private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

    private InstanceSelection() {}

    /**
     * Scores images by their log-likelihood under the Gaussian fitted to all of them.
     *
     * @param features the features of one class, n rows of D values, n at least 2
     * @param ridge λ added to the covariance diagonal, at least 0
     * @return the log-likelihood of each row, in row order
     * @throws IllegalArgumentException if there are fewer than 2 rows, the rows differ in
     *     length, the ridge is negative, or the covariance is not positive definite
     */
    public static double[] logLikelihoods(double[][] features, double ridge) {
        if (features.length < 2) {
            throw new IllegalArgumentException("A class has " + features.length + " images;"
                    + " a Gaussian needs at least 2, so drop the class or add images");
        }
        if (!(ridge >= 0)) {
            throw new IllegalArgumentException("ridge = " + ridge + "; expected >= 0, such as "
                    + DEFAULT_RIDGE);
        }
        int n = features.length;
        int dimension = features[0].length;
        DMatrixRMaj centered = center(features);
        DMatrixRMaj lower = choleskyFactor(centered, ridge);
        double logDeterminant = 0;
        for (int j = 0; j < dimension; j++) {
            logDeterminant += 2 * Math.log(lower.get(j, j));
        }

        // Solve L Y = (X - μ)ᵀ for all images at once; column i of Y is L⁻¹(xᵢ - μ).
        DMatrixRMaj whitened = new DMatrixRMaj(dimension, n);
        CommonOps_DDRM.transpose(centered, whitened);
        TriangularSolver_DDRM.solveL(lower.data, whitened.data, dimension, n);
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            double squaredNorm = 0;
            for (int j = 0; j < dimension; j++) {
                double value = whitened.get(j, i);
                squaredNorm += value * value;
            }
            scores[i] = -0.5 * (dimension * LOG_TWO_PI + logDeterminant + squaredNorm);
        }
        return scores;
    }

    /** Returns the rows minus their mean, as an n × D matrix. */
    private static DMatrixRMaj center(double[][] features) {
        int n = features.length;
        int dimension = features[0].length;
        double[] mean = new double[dimension];
        for (double[] row : features) {
            if (row.length != dimension) {
                throw new IllegalArgumentException("Feature rows have lengths " + dimension
                        + " and " + row.length + "; every row needs the same dimension");
            }
            for (int j = 0; j < dimension; j++) {
                mean[j] += row[j] / n;
            }
        }
        DMatrixRMaj centered = new DMatrixRMaj(n, dimension);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dimension; j++) {
                centered.set(i, j, features[i][j] - mean[j]);
            }
        }
        return centered;
    }

    /** Returns the lower Cholesky factor L of Σ = XᵀX / (n - 1) + λI for centered rows X. */
    private static DMatrixRMaj choleskyFactor(DMatrixRMaj centered, double ridge) {
        int n = centered.numRows;
        int dimension = centered.numCols;
        DMatrixRMaj covariance = new DMatrixRMaj(dimension, dimension);
        CommonOps_DDRM.multTransA(centered, centered, covariance);
        CommonOps_DDRM.scale(1.0 / (n - 1), covariance);
        for (int j = 0; j < dimension; j++) {
            covariance.add(j, j, ridge);
        }
        CholeskyDecompositionInner_DDRM cholesky = new CholeskyDecompositionInner_DDRM(true);
        if (!cholesky.decompose(covariance)) {
            throw new IllegalArgumentException("The class covariance (" + n + " images, "
                    + dimension + " features) is not positive definite; raise the ridge above "
                    + ridge);
        }
        return cholesky.getT(null);
    }

    /**
     * Returns the positions of the highest scores, the images a class keeps.
     *
     * @param scores the score of each image of one class
     * @param keepFraction r in (0, 1]
     * @return {@code max(1, round(r n))} positions in increasing order
     * @throws IllegalArgumentException if {@code keepFraction} is outside (0, 1] or there are
     *     no scores
     */
    public static int[] keepHighest(double[] scores, double keepFraction) {
        checkFraction(keepFraction);
        if (scores.length == 0) {
            throw new IllegalArgumentException("No scores to select from; a class is empty");
        }
        int keep = (int) Math.max(1, Math.round(keepFraction * scores.length));
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i])
                        .thenComparingInt(i -> i))
                .limit(keep)
                .mapToInt(Integer::intValue)
                .sorted()
                .toArray();
    }

    private static void checkFraction(double keepFraction) {
        if (!(keepFraction > 0 && keepFraction <= 1)) {
            throw new IllegalArgumentException("keepFraction = " + keepFraction + " is outside"
                    + " (0, 1]; the paper keeps 0.5 of each class");
        }
    }

    /**
     * Embeds every image of a pack, class by class, and returns the indices each class keeps.
     *
     * <p>Only one class's features are in memory at a time, so the memory use is about
     * {@code largest class × D × 8} bytes plus the D × D covariance.
     *
     * @param pack the images; every class needs at least 2
     * @param extractor the embedding network; its input shape must equal the pack's image shape
     * @param batchSize images per forward pass, at least 1
     * @param keepFraction r in (0, 1]
     * @param ridge λ added to each covariance diagonal
     * @return the kept image indices of the pack, in increasing order
     * @throws IllegalArgumentException if an argument is invalid or a class has fewer than 2
     *     images
     */
    public static int[] select(PackedDataset pack, FeatureExtractor extractor, int batchSize,
            double keepFraction, double ridge) {
        checkFraction(keepFraction);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize = " + batchSize + "; expected >= 1");
        }
        if (!extractor.inputShape().equals(pack.imageShape())) {
            throw new IllegalArgumentException("The extractor " + extractor.name() + " takes "
                    + extractor.inputShape() + " but " + pack.name() + " has images of "
                    + pack.imageShape() + "; load the extractor for the pack's shape");
        }
        List<List<Integer>> classes = indicesByClass(pack);
        List<Integer> kept = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            int[] members = classes.get(label).stream().mapToInt(Integer::intValue).toArray();
            if (members.length < 2) {
                throw new IllegalArgumentException(String.format("Class %d (%s) of %s has %d"
                        + " images; instance selection needs at least 2 per class", label,
                        pack.classNames().get(label), pack.name(), members.length));
            }
            double[][] features = embed(pack, extractor, members, batchSize);
            for (int position : keepHighest(logLikelihoods(features, ridge), keepFraction)) {
                kept.add(members[position]);
            }
            LOGGER.info("Instance selection on {}: class {} of {}, kept {} images so far",
                    pack.name(), label + 1, classes.size(), kept.size());
        }
        return kept.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static List<List<Integer>> indicesByClass(PackedDataset pack) {
        List<List<Integer>> classes = new ArrayList<>();
        for (int label = 0; label < pack.classNames().size(); label++) {
            classes.add(new ArrayList<>());
        }
        for (int i = 0; i < pack.size(); i++) {
            classes.get(pack.label(i)).add(i);
        }
        return classes;
    }

    private static double[][] embed(PackedDataset pack, FeatureExtractor extractor,
            int[] members, int batchSize) {
        double[][] features = new double[members.length][];
        for (int from = 0; from < members.length; from += batchSize) {
            int[] batch = Arrays.copyOfRange(members, from,
                    Math.min(members.length, from + batchSize));
            try (NDManager manager = KitEngine.newManager()) {
                NDArray images = pack.images(manager, batch);
                float[] values = extractor.extract(images).toFloatArray();
                int dimension = values.length / batch.length;
                for (int i = 0; i < batch.length; i++) {
                    double[] row = new double[dimension];
                    for (int j = 0; j < dimension; j++) {
                        row[j] = values[i * dimension + j];
                    }
                    features[from + i] = row;
                }
            }
        }
        return features;
    }

    /**
     * Returns the file beside a pack where {@link #selectAndStore} keeps its indices.
     *
     * @param pack the pack file
     * @param extractor the embedding network, whose fingerprint goes into the name
     * @param keepFraction r in (0, 1]
     * @return {@code PACK.selected-PERCENT-FINGERPRINT.txt}, such as
     *     {@code imagenet64.pack.selected-50-inception.txt}
     */
    public static Path indicesFile(Path pack, FeatureExtractor extractor, double keepFraction) {
        checkFraction(keepFraction);
        String percent = String.format(Locale.ROOT, "%.4g", 100 * keepFraction)
                .replaceAll("\\.?0+$", "");
        return pack.resolveSibling(pack.getFileName() + ".selected-" + percent + "-"
                + extractor.fingerprint() + ".txt");
    }

    /**
     * Returns the stored selection of a pack, or selects and stores it atomically beside the
     * pack.
     *
     * @param pack the images; every class needs at least 2
     * @param extractor the embedding network; its input shape must equal the pack's image shape
     * @param batchSize images per forward pass, at least 1
     * @param keepFraction r in (0, 1]
     * @param ridge λ added to each covariance diagonal
     * @return the kept image indices, in increasing order
     * @throws DatasetFormatException if a stored file is malformed
     * @throws IOException if the file cannot be read or written
     */
    public static int[] selectAndStore(PackedDataset pack, FeatureExtractor extractor,
            int batchSize, double keepFraction, double ridge) throws IOException {
        Path file = indicesFile(pack.file(), extractor, keepFraction);
        if (Files.isRegularFile(file)) {
            LOGGER.info("Reading the instance selection of {} from {}", pack.name(), file);
            return readIndices(file, pack.size());
        }
        int[] kept = select(pack, extractor, batchSize, keepFraction, ridge);
        writeIndices(file, kept, String.format(Locale.ROOT, "instance selection of %s: %d of"
                + " %d images, keep fraction %s per class, ridge %s, features %s", pack.name(),
                kept.length, pack.size(), keepFraction, ridge, extractor.name()));
        LOGGER.info("Kept {} of {} images of {}; indices in {}", kept.length, pack.size(),
                pack.name(), file);
        return kept;
    }

    /**
     * Writes indices atomically as text: a {@code #} comment line, then one index per line.
     *
     * @param file the file to create or replace
     * @param indices the indices
     * @param description the text of the comment line, without line breaks
     * @throws IOException if writing fails; the file is then unchanged
     */
    public static void writeIndices(Path file, int[] indices, String description)
            throws IOException {
        StringBuilder text = new StringBuilder("# ")
                .append(description.replace('\n', ' ')).append('\n');
        for (int index : indices) {
            text.append(index).append('\n');
        }
        AtomicFiles.writeString(file, text.toString());
    }

    /**
     * Reads indices written by {@link #writeIndices}.
     *
     * @param file the index file
     * @param size the size of the data set the indices refer to
     * @return the indices, in file order
     * @throws DatasetFormatException if a line is not an integer in [0, size)
     * @throws IOException if the file cannot be read
     */
    public static int[] readIndices(Path file, int size) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Integer> indices = new ArrayList<>();
        for (int lineNumber = 1; lineNumber <= lines.size(); lineNumber++) {
            String line = lines.get(lineNumber - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int index;
            try {
                index = Integer.parseInt(line);
            } catch (NumberFormatException e) {
                index = -1;
            }
            if (index < 0 || index >= size) {
                throw new DatasetFormatException(file, "line " + lineNumber + " is '" + line
                        + "', expected an image index in [0, " + size + ")",
                        "Delete the file so that the selection is computed again");
            }
            indices.add(index);
        }
        return indices.stream().mapToInt(Integer::intValue).toArray();
    }
}
