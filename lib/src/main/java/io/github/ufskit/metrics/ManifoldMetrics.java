package io.github.ufskit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.data.ImageDataset;
import io.github.ufskit.engine.KitEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Precision and recall of Kynkäänniemi et al., "Improved Precision and Recall Metric for
 * Assessing Generative Models" (2019), and density and coverage of Naeem et al., "Reliable
 * Fidelity and Diversity Metrics for Generative Models" (2020), on one feature space.
 *
 * <p>Every sample of a set gets a ball whose radius is the distance to its k-th nearest neighbour
 * in the same set, the sample itself excluded. With real samples {@code X_i} (N of them), fake
 * samples {@code Y_j} (M), real radii {@code r_i} and fake radii {@code s_j}:
 *
 * <pre>
 *   precision = (1/M) #{ j : d(Y_j, X_i) &lt; r_i for some i }          (k = 3 by default)
 *   recall    = (1/N) #{ i : d(X_i, Y_j) &lt; s_j for some j }          (k = 3 by default)
 *   density   = 1/(k M) sum_j #{ i : d(Y_j, X_i) &lt; r_i }             (k = 5 by default)
 *   coverage  = (1/N) #{ i : min_j d(X_i, Y_j) &lt; r_i }               (k = 5 by default)
 * </pre>
 *
 * <p>These are the definitions of the prdc package of Naeem et al.
 * (clovaai/generative-evaluation-prdc): Euclidean distances, the k-th neighbour radius taken as the (k+1)-th smallest distance
 * with the point itself counted, and a strict test {@code d < r} ({@link RadiusTest#STRICT}, the
 * default). The reference code of Kynkäänniemi et al. as ported to StyleGAN2-ADA, and
 * torch-fidelity, test {@code d <= r} instead ({@link RadiusTest#INCLUSIVE}). The two differ only
 * when a distance equals a radius, which real-valued features almost never produce. Precision and
 * recall use one k, density and coverage another, as in the papers.
 *
 * <p>Distances are computed on the device of the input arrays in blocks of rows, so no N×M
 * matrix is held. A block has about {@value #BLOCK_ELEMENTS} distances (a single row when one row
 * is longer), plus boolean masks of its shape. A block is computed as {@code |a|^2 + |b|^2 - 2
 * a.b}, clamped at 0, in the data type of the inputs (float32 for
 * extractor features; pass float64 arrays for exact agreement with a float64 reference). Both
 * sets are first centred on the real mean, which leaves every distance unchanged and reduces the
 * cancellation in that formula. The squared distances are compared with squared radii. Squaring
 * is monotone on non-negative numbers, so every decision equals prdc's up to rounding.
 */
public final class ManifoldMetrics {

    /** Maximum number of distances held in one block. */
    public static final int BLOCK_ELEMENTS = 1 << 24;

    private static final Logger LOGGER = LoggerFactory.getLogger(ManifoldMetrics.class);

    private ManifoldMetrics() {}

    /** Comparison of a distance with a k-nearest-neighbour radius. */
    public enum RadiusTest {
        /** {@code d < r}, as the prdc package computes it; the default. */
        STRICT,
        /** {@code d <= r}, as StyleGAN2-ADA's and torch-fidelity's precision and recall do. */
        INCLUSIVE
    }

    /**
     * Settings of the four metrics.
     *
     * @param precisionRecallK neighbourhood size k of precision and recall, at least 1; 3 in
     *     Kynkäänniemi et al.
     * @param densityCoverageK neighbourhood size k of density and coverage, at least 1; 5 in
     *     Naeem et al.
     * @param radiusTest whether a sample on a ball's boundary is inside it
     */
    public record Options(int precisionRecallK, int densityCoverageK, RadiusTest radiusTest) {

        /**
         * Checks the ranges given in the record documentation.
         *
         * @throws IllegalArgumentException if a k is below 1 or the test is null
         */
        public Options {
            if (precisionRecallK < 1 || densityCoverageK < 1) {
                throw new IllegalArgumentException(String.format(
                        "precisionRecallK = %d, densityCoverageK = %d; expected both >= 1"
                                + " (the papers use 3 and 5)", precisionRecallK,
                        densityCoverageK));
            }
            if (radiusTest == null) {
                throw new IllegalArgumentException(
                        "radiusTest is null; pass RadiusTest.STRICT (prdc) or INCLUSIVE");
            }
        }

        /**
         * Returns the papers' settings: k = 3 for precision and recall, k = 5 for density and
         * coverage, strict radius test.
         *
         * @return the default settings
         */
        public static Options defaults() {
            return new Options(3, 5, RadiusTest.STRICT);
        }
    }

    /**
     * The four metrics with the settings and sample counts behind them.
     *
     * @param precision fraction of fake samples inside the real manifold, in [0, 1]
     * @param recall fraction of real samples inside the fake manifold, in [0, 1]
     * @param density mean number of real balls containing a fake sample, divided by k, in [0,
     *     N/k]. It is about 1 when fake and real samples are identically distributed.
     * @param coverage fraction of real samples whose ball contains a fake sample, in [0, 1]
     * @param options the settings used
     * @param realCount number of real samples N
     * @param fakeCount number of fake samples M
     */
    public record Result(double precision, double recall, double density, double coverage,
            Options options, long realCount, long fakeCount) {}

    /**
     * Computes the four metrics with {@link Options#defaults()}.
     *
     * @param realFeatures real features of shape (N, D)
     * @param fakeFeatures fake features of shape (M, D), same data type
     * @return the metrics
     */
    public static Result compute(NDArray realFeatures, NDArray fakeFeatures) {
        return compute(realFeatures, fakeFeatures, Options.defaults());
    }

    /**
     * Computes the four metrics of fake features against real ones.
     *
     * @param realFeatures real features of shape (N, D), float32 or float64, N larger than both
     *     k; not closed
     * @param fakeFeatures fake features of shape (M, D) of the same data type, M larger than the
     *     precision-recall k; not closed
     * @param options the neighbourhood sizes and the radius test
     * @return the metrics
     * @throws IllegalArgumentException if the shapes or data types disagree, or a set has too few
     *     samples for its k
     */
    public static Result compute(NDArray realFeatures, NDArray fakeFeatures, Options options) {
        return compute(realFeatures, fakeFeatures, options, BLOCK_ELEMENTS);
    }

    /** Computes the metrics with at most {@code blockElements} distances per block. */
    static Result compute(NDArray realFeatures, NDArray fakeFeatures, Options options,
            int blockElements) {
        checkInputs(realFeatures, fakeFeatures, options);
        long realCount = realFeatures.getShape().get(0);
        long fakeCount = fakeFeatures.getShape().get(0);
        long start = System.nanoTime();
        try (NDManager scope = realFeatures.getManager().newSubManager()) {
            NDArray realMean = realFeatures.mean(new int[] {0}, true);
            realMean.attach(scope);
            NDArray real = realFeatures.sub(realMean);
            real.attach(scope);
            NDArray fake = fakeFeatures.toDevice(real.getDevice(), false).sub(realMean);
            fake.attach(scope);

            int largerK = Math.max(options.precisionRecallK(), options.densityCoverageK());
            NDArray realRadii =
                    kthNeighbourSquaredDistances(real, largerK, blockElements, scope);
            NDArray realPrRadii = realRadii.get(new NDIndex(":, {}",
                    options.precisionRecallK() - 1));
            NDArray realDcRadii = realRadii.get(new NDIndex(":, {}",
                    options.densityCoverageK() - 1));
            NDArray fakePrRadii = kthNeighbourSquaredDistances(fake, options.precisionRecallK(),
                    blockElements, scope).get(new NDIndex(":, {}",
                            options.precisionRecallK() - 1));

            Result result = crossCounts(real, fake, realPrRadii, realDcRadii, fakePrRadii,
                    options, blockElements, scope);
            LOGGER.debug("Precision, recall, density and coverage of {} real and {} fake"
                    + " samples in {} s", realCount, fakeCount,
                    String.format("%.2f", (System.nanoTime() - start) / 1e9));
            return result;
        }
    }

    /**
     * Computes the four metrics of feature rows in float64 on the engine's default device.
     *
     * @param realFeatures N rows of D features
     * @param fakeFeatures M rows of D features
     * @param options the neighbourhood sizes and the radius test
     * @return the metrics
     */
    public static Result compute(double[][] realFeatures, double[][] fakeFeatures,
            Options options) {
        try (NDManager manager = KitEngine.newManager()) {
            return compute(toArray(manager, realFeatures, "real"),
                    toArray(manager, fakeFeatures, "fake"), options);
        }
    }

    /**
     * Extracts the features of every image of a data set, in order, for {@link #compute}.
     *
     * <p>The result needs N × D × 4 bytes, 410 MB for 50,000 Inception features.
     *
     * @param extractor the feature network
     * @param dataset images of the extractor's input shape
     * @param batchSize images per forward pass, at least 1
     * @param manager the manager that owns the result
     * @return float32 features of shape (dataset size, D)
     */
    public static NDArray extractFeatures(FeatureExtractor extractor, ImageDataset dataset,
            int batchSize, NDManager manager) {
        NDList batches = new NDList();
        DatasetFeatures.forEachBatch(
                extractor,
                dataset,
                batchSize,
                manager,
                features -> {
                    NDArray kept = features.toType(DataType.FLOAT32, false);
                    kept.attach(manager);
                    batches.add(kept);
                });
        NDArray all = NDArrays.concat(batches, 0);
        batches.close();
        return all;
    }

    private static NDArray toArray(NDManager manager, double[][] rows, String role) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("No " + role + " feature rows given");
        }
        int dimension = rows[0].length;
        double[] values = new double[rows.length * dimension];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != dimension) {
                throw new IllegalArgumentException(String.format(
                        "The %s feature row %d has %d values, row 0 has %d",
                        role, i, rows[i].length, dimension));
            }
            System.arraycopy(rows[i], 0, values, i * dimension, dimension);
        }
        return manager.create(values, new Shape(rows.length, dimension));
    }

    private static void checkInputs(NDArray real, NDArray fake, Options options) {
        Shape realShape = real.getShape();
        Shape fakeShape = fake.getShape();
        if (realShape.dimension() != 2 || fakeShape.dimension() != 2
                || realShape.get(1) != fakeShape.get(1)) {
            throw new IllegalArgumentException(String.format(
                    "Real features have shape %s and fake features %s, expected (N, D) and"
                            + " (M, D) from the same extractor", realShape, fakeShape));
        }
        DataType type = real.getDataType();
        if (type != fake.getDataType()
                || (type != DataType.FLOAT32 && type != DataType.FLOAT64)) {
            throw new IllegalArgumentException(String.format(
                    "Real features are %s and fake features %s, expected both float32 or both"
                            + " float64", type, fake.getDataType()));
        }
        int largerK = Math.max(options.precisionRecallK(), options.densityCoverageK());
        if (realShape.get(0) <= largerK || fakeShape.get(0) <= options.precisionRecallK()) {
            throw new IllegalArgumentException(String.format(
                    "%d real and %d fake samples are too few: the real set needs more than %d"
                            + " and the fake set more than %d (the k of each metric)",
                    realShape.get(0), fakeShape.get(0), largerK, options.precisionRecallK()));
        }
    }

    /**
     * Returns, for each row of {@code points}, the squared distances to its 1st to k-th nearest
     * other row, in ascending order.
     *
     * @return an array of shape (N, k) attached to {@code scope}
     */
    private static NDArray kthNeighbourSquaredDistances(NDArray points, int k,
            int blockElements, NDManager scope) {
        long count = points.getShape().get(0);
        NDArray squaredNorms = points.square().sum(new int[] {1});
        squaredNorms.attach(scope);
        int rowsPerBlock = rowsPerBlock(count, blockElements);
        NDArray[] blocks = new NDArray[Math.toIntExact((count + rowsPerBlock - 1) / rowsPerBlock)];
        for (int b = 0; b < blocks.length; b++) {
            long from = (long) b * rowsPerBlock;
            long to = Math.min(from + rowsPerBlock, count);
            try (NDManager blockScope = scope.newSubManager()) {
                NDArray rows = points.get(new NDIndex("{}:{}", from, to));
                rows.attach(blockScope);
                NDArray distances = squaredDistances(rows, points, squaredNorms, blockScope);
                // Give each row's own distance the value -1, so it is the smallest and the
                // (k+1)-th smallest is the k-th nearest other point, even among duplicates.
                NDArray rowIndex = blockScope.arange(from, to, 1, DataType.INT64)
                        .reshape(to - from, 1);
                NDArray columnIndex = blockScope.arange(0, count, 1, DataType.INT64)
                        .reshape(1, count);
                NDArray self = rowIndex.eq(columnIndex).toType(distances.getDataType(), false);
                NDArray shifted = distances.sub(self.mul(distances.add(1)));
                NDArray nearest = shifted.topK(k + 1, 1, false, true).get(0);
                NDArray neighbours = nearest.get(new NDIndex(":, 1:"));
                neighbours.attach(scope);
                blocks[b] = neighbours;
            }
        }
        NDArray result = blocks.length == 1 ? blocks[0] : concat(blocks);
        result.attach(scope);
        return result;
    }

    private static NDArray concat(NDArray[] blocks) {
        return NDArrays.concat(new NDList(blocks), 0);
    }

    /** Evaluates the four counts in one pass over blocks of real rows against all fakes. */
    private static Result crossCounts(NDArray real, NDArray fake, NDArray realPrRadii,
            NDArray realDcRadii, NDArray fakePrRadii, Options options, int blockElements,
            NDManager scope) {
        long realCount = real.getShape().get(0);
        long fakeCount = fake.getShape().get(0);
        NDArray fakeNorms = fake.square().sum(new int[] {1});
        fakeNorms.attach(scope);
        NDArray fakeInRealManifold = scope.zeros(new Shape(fakeCount), DataType.BOOLEAN);
        NDArray realBallsPerFake = scope.zeros(new Shape(fakeCount), DataType.INT64);
        long recalled = 0;
        long covered = 0;
        boolean strict = options.radiusTest() == RadiusTest.STRICT;
        int rowsPerBlock = rowsPerBlock(fakeCount, blockElements);
        for (long from = 0; from < realCount; from += rowsPerBlock) {
            long to = Math.min(from + rowsPerBlock, realCount);
            try (NDManager blockScope = scope.newSubManager()) {
                NDIndex block = new NDIndex("{}:{}", from, to);
                NDArray rows = real.get(block);
                NDArray prRadii = realPrRadii.get(block).reshape(to - from, 1);
                NDArray dcRadii = realDcRadii.get(block).reshape(to - from, 1);
                NDArray fakeRadii = fakePrRadii.reshape(1, fakeCount);
                blockScope.attachAll(rows, prRadii, dcRadii, fakeRadii);
                NDArray distances = squaredDistances(rows, fake, fakeNorms, blockScope);

                // Precision and density: which real balls contain each fake sample.
                NDArray inPrBall = inside(distances, prRadii, strict);
                NDArray inDcBall = inside(distances, dcRadii, strict);
                NDArray hit = fakeInRealManifold.logicalOr(inPrBall.sum(new int[] {0}).gt(0));
                NDArray counts = realBallsPerFake.add(inDcBall.sum(new int[] {0}));
                fakeInRealManifold.close();
                realBallsPerFake.close();
                fakeInRealManifold = hit;
                realBallsPerFake = counts;

                // Recall and coverage: which real samples the fake balls and nearest fakes reach.
                NDArray inFakeBall = inside(distances, fakeRadii, strict);
                recalled += countTrue(inFakeBall.sum(new int[] {1}).gt(0));
                NDArray nearestFake = distances.min(new int[] {1}, true);
                covered += countTrue(inside(nearestFake, dcRadii, strict));
            }
        }
        long precise = countTrue(fakeInRealManifold);
        long ballHits = realBallsPerFake.sum().toType(DataType.INT64, false).getLong();
        return new Result(
                (double) precise / fakeCount,
                (double) recalled / realCount,
                (double) ballHits / ((double) options.densityCoverageK() * fakeCount),
                (double) covered / realCount,
                options, realCount, fakeCount);
    }

    private static long countTrue(NDArray mask) {
        try (NDArray count = mask.sum().toType(DataType.INT64, false)) {
            return count.getLong();
        }
    }

    private static NDArray inside(NDArray squaredDistances, NDArray squaredRadii,
            boolean strict) {
        return strict ? squaredDistances.lt(squaredRadii) : squaredDistances.lte(squaredRadii);
    }

    /** Returns {@code |a|^2 + |b|^2 - 2 a.b} clamped at 0, of shape (rows of a, rows of b). */
    private static NDArray squaredDistances(NDArray rows, NDArray columns,
            NDArray columnSquaredNorms, NDManager scope) {
        NDArray rowNorms = rows.square().sum(new int[] {1}, true);
        NDArray products = rows.matMul(columns.transpose());
        NDArray distances = rowNorms.add(columnSquaredNorms.reshape(1, -1))
                .sub(products.mul(2)).maximum(0);
        distances.attach(scope);
        return distances;
    }

    private static int rowsPerBlock(long columns, int blockElements) {
        return (int) Math.max(1, blockElements / columns);
    }
}
