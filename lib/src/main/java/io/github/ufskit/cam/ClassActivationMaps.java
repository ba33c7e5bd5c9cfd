package io.github.ufskit.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.ufskit.nn.SplitCritic;
import io.github.ufskit.suppression.UnrealisticFeatureSuppression;
import java.util.Objects;

/**
 * The three class activation maps of equation 10 of Kim and Lee, "Unrealistic Feature
 * Suppression for Generative Adversarial Networks", for a batch of images.
 *
 * <p>With F the critic's feature map before global pooling, shape (N, K, h, w), w the weight of
 * its last linear layer D_L (K values) and S the suppression factors of the UFS module, each image
 * gets three maps of shape (h, w):
 *
 * <ul>
 *   <li>CAM(y, x) = sum_k w_k F_k(y, x), where the critic looks (Zhou et al., 2016);
 *   <li>CAM_UFS(y, x) = sum_k w_k S_k F_k(y, x), what still counts after suppression, because
 *       D_L scores Y * S;
 *   <li>CAM_SUP(y, x) = sum_k w_k (1 - S_k) F_k(y, x), what the module suppressed.
 * </ul>
 *
 * <p>CAM = CAM_UFS + CAM_SUP up to float rounding. For a projection critic (Miyato and Koyama,
 * 2018) the weight is the per-sample effective weight w + e_y of {@link
 * SplitCritic#effectiveWeight}, because that is what multiplies Y in the score.
 *
 * <p>The maps are float arrays on the host, indexed [sample][row][column], so they outlive the
 * arrays they came from and carry no gradient.
 */
public final class ClassActivationMaps {

    /** One of the three maps of equation 10. */
    public enum Kind {
        /** CAM, the weighted sum of all channels. */
        CAM,
        /** CAM_UFS, channels weighted by their suppression factors S. */
        CAM_UFS,
        /** CAM_SUP, channels weighted by 1 - S, the part UFS removed. */
        CAM_SUP
    }

    private final float[][][] cam;
    private final float[][][] camUfs;
    private final float[][][] camSuppressed;

    private ClassActivationMaps(float[][][] cam, float[][][] camUfs, float[][][] camSuppressed) {
        this.cam = cam;
        this.camUfs = camUfs;
        this.camSuppressed = camSuppressed;
    }

    /**
     * Computes the three maps of equation 10 from a feature map, a weight and suppression
     * factors.
     *
     * <p>The sums run in double precision on the host. The inputs may be on any device and of any
     * floating-point type; they are detached, so no gradient reaches them.
     *
     * @param featureMap F, the critic's features before global pooling, shape (N, K, h, w)
     * @param weight the weight of D_L, shape (K) for every sample or (N, K) per sample
     * @param factors S, shape (N, K) for a pooled critic, or (N, K, h, w) for a critic that
     *     scores every position of the map and so has factors per position
     * @return the maps, N of each kind, h x w each
     * @throws IllegalArgumentException if a shape does not match the layouts above
     */
    public static ClassActivationMaps compute(NDArray featureMap, NDArray weight, NDArray factors) {
        Objects.requireNonNull(featureMap, "featureMap is null; pass F (N, K, h, w)");
        Objects.requireNonNull(weight, "weight is null; pass w (K) or a per-sample weight (N, K)");
        Objects.requireNonNull(factors, "factors is null; pass S (N, K) or (N, K, h, w)");
        Shape mapShape = featureMap.getShape();
        if (mapShape.dimension() != 4 || mapShape.size() == 0) {
            throw new IllegalArgumentException(
                    "featureMap has shape " + mapShape + " but must be a non-empty (N, K, h, w)"
                            + " array; pass SplitCritic.featureMap, not the pooled features");
        }
        int count = Math.toIntExact(mapShape.get(0));
        int channels = Math.toIntExact(mapShape.get(1));
        int height = Math.toIntExact(mapShape.get(2));
        int width = Math.toIntExact(mapShape.get(3));
        boolean perSampleWeight = checkWeight(weight.getShape(), mapShape);
        boolean perPositionFactors = checkFactors(factors.getShape(), mapShape);

        float[] features = hostValues(featureMap);
        float[] weights = hostValues(weight);
        float[] suppression = hostValues(factors);
        float[][][] cam = new float[count][height][width];
        float[][][] camUfs = new float[count][height][width];
        float[][][] camSuppressed = new float[count][height][width];
        int plane = height * width;
        for (int sample = 0; sample < count; sample++) {
            int weightOffset = perSampleWeight ? sample * channels : 0;
            for (int position = 0; position < plane; position++) {
                double camSum = 0;
                double camUfsSum = 0;
                double camSupSum = 0;
                for (int channel = 0; channel < channels; channel++) {
                    int element = (sample * channels + channel) * plane + position;
                    double weighted = (double) weights[weightOffset + channel] * features[element];
                    double factor =
                            perPositionFactors
                                    ? suppression[element]
                                    : suppression[sample * channels + channel];
                    camSum += weighted;
                    camUfsSum += weighted * factor;
                    camSupSum += weighted * (1 - factor);
                }
                int row = position / width;
                int column = position % width;
                cam[sample][row][column] = (float) camSum;
                camUfs[sample][row][column] = (float) camUfsSum;
                camSuppressed[sample][row][column] = (float) camSupSum;
            }
        }
        return new ClassActivationMaps(cam, camUfs, camSuppressed);
    }

    /**
     * Runs a critic and a UFS module on a batch of images and computes the three maps.
     *
     * <p>The steps, all in inference mode ({@code training = false}):
     *
     * <ol>
     *   <li>F = {@link SplitCritic#featureMap}, shape (N, K, h, w);
     *   <li>Y = {@link SplitCritic#features}, F pooled as the critic pools it before D_L, or F
     *       itself for a critic that scores every position;
     *   <li>the weight = {@link SplitCritic#effectiveWeight}: w (K) for an unconditional critic,
     *       w + e_y (N, K) for a projection critic;
     *   <li>S = {@link UnrealisticFeatureSuppression#suppressionFactors}(Y, weight), treating the
     *       images as fake images, as the generator step does;
     *   <li>the maps by {@link #compute}.
     * </ol>
     *
     * <p>NOTE: {@code suppressionFactors} marks the module's statistics as used, so the next
     * {@link UnrealisticFeatureSuppression#recordCriticStep} starts a new average. Call this
     * after a generator step or after training, not between the critic steps of one round.
     *
     * <p>Intermediate arrays are freed before this returns. The images and labels stay attached
     * to their managers.
     *
     * @param critic the critic
     * @param parameterStore the critic's parameter store
     * @param images images (N, C, H, W) in [-1, 1], in the layout the critic expects
     * @param labels int64 class labels (N) for a projection critic; null for an unconditional
     *     critic, which ignores labels when they are given
     * @param suppression a UFS module with recorded critic statistics
     * @return the maps, N of each kind, of the critic's feature map size h x w
     * @throws IllegalArgumentException if the images are not (N, C, H, W), the labels are
     *     missing for a class-conditional critic or not of shape (N), or the module has no
     *     statistics
     */
    public static ClassActivationMaps of(
            SplitCritic critic,
            ParameterStore parameterStore,
            NDArray images,
            NDArray labels,
            UnrealisticFeatureSuppression suppression) {
        Objects.requireNonNull(critic, "critic is null; pass the SplitCritic to explain");
        Objects.requireNonNull(parameterStore, "parameterStore is null; pass the critic's store");
        Objects.requireNonNull(images, "images is null; pass an (N, C, H, W) array");
        Objects.requireNonNull(suppression, "suppression is null; pass a UFS module");
        Shape imageShape = images.getShape();
        if (imageShape.dimension() != 4 || imageShape.get(0) < 1) {
            throw new IllegalArgumentException(
                    "images has shape " + imageShape + " but must be (N, C, H, W) with N >= 1;"
                            + " add a batch axis with expandDims(0) for a single image");
        }
        checkLabels(critic, labels, imageShape.get(0));
        if (!suppression.hasStatistics()) {
            throw new IllegalArgumentException(
                    "the UFS module has no critic statistics, so it cannot compute S; call"
                            + " recordCriticStep with real and fake features first");
        }

        try (NDManager scope = images.getManager().newSubManager()) {
            images.tempAttach(scope);
            if (labels != null) {
                labels.tempAttach(scope);
            }
            NDArray featureMap = critic.featureMap(parameterStore, images, false);
            NDArray features = critic.features(parameterStore, images, false);
            NDArray weight = critic.effectiveWeight(parameterStore, features, labels);
            NDArray factors = suppression.suppressionFactors(features, weight);
            return compute(featureMap, weight, factors);
        }
    }

    /**
     * Returns the number of images.
     *
     * @return N
     */
    public int count() {
        return cam.length;
    }

    /**
     * Returns the height of every map.
     *
     * @return h, the feature map height
     */
    public int height() {
        return cam[0].length;
    }

    /**
     * Returns the width of every map.
     *
     * @return w, the feature map width
     */
    public int width() {
        return cam[0][0].length;
    }

    /**
     * Returns a copy of one map of one image.
     *
     * @param kind which of the three maps
     * @param sample the image index, 0 to N - 1
     * @return the map, indexed [row][column]
     * @throws IndexOutOfBoundsException if {@code sample} is outside 0 to N - 1
     */
    public float[][] map(Kind kind, int sample) {
        Objects.requireNonNull(kind, "kind is null; pass CAM, CAM_UFS or CAM_SUP");
        Objects.checkIndex(sample, count());
        float[][] source = all(kind)[sample];
        float[][] copy = new float[source.length][];
        for (int row = 0; row < source.length; row++) {
            copy[row] = source[row].clone();
        }
        return copy;
    }

    /**
     * Returns a copy of CAM for every image.
     *
     * @return CAM, indexed [sample][row][column]
     */
    public float[][][] cam() {
        return copyAll(Kind.CAM);
    }

    /**
     * Returns a copy of CAM_UFS for every image.
     *
     * @return CAM_UFS, indexed [sample][row][column]
     */
    public float[][][] camUfs() {
        return copyAll(Kind.CAM_UFS);
    }

    /**
     * Returns a copy of CAM_SUP for every image.
     *
     * @return CAM_SUP, indexed [sample][row][column]
     */
    public float[][][] camSuppressed() {
        return copyAll(Kind.CAM_SUP);
    }

    private float[][][] all(Kind kind) {
        return switch (kind) {
            case CAM -> cam;
            case CAM_UFS -> camUfs;
            case CAM_SUP -> camSuppressed;
        };
    }

    private float[][][] copyAll(Kind kind) {
        float[][][] copy = new float[count()][][];
        for (int sample = 0; sample < copy.length; sample++) {
            copy[sample] = map(kind, sample);
        }
        return copy;
    }

    private static void checkLabels(SplitCritic critic, NDArray labels, long count) {
        if (labels == null) {
            if (critic.classCount() > 0) {
                throw new IllegalArgumentException(
                        "labels is null but the critic is class-conditional with "
                                + critic.classCount() + " classes; pass the images' int64"
                                + " class labels (N)");
            }
            return;
        }
        Shape shape = labels.getShape();
        if (shape.dimension() != 1 || shape.get(0) != count) {
            throw new IllegalArgumentException(
                    "labels has shape " + shape + " but must be (" + count + "), one class per"
                            + " image");
        }
    }

    /** Checks the weight and returns whether it has one row per sample. */
    private static boolean checkWeight(Shape weightShape, Shape mapShape) {
        long count = mapShape.get(0);
        long channels = mapShape.get(1);
        if (weightShape.dimension() == 1 && weightShape.get(0) == channels) {
            return false;
        }
        if (weightShape.dimension() == 2
                && weightShape.get(0) == count
                && weightShape.get(1) == channels) {
            return true;
        }
        throw new IllegalArgumentException(
                "weight has shape " + weightShape + " but the feature map " + mapShape
                        + " needs (" + channels + ") or (" + count + ", " + channels
                        + "); pass the last linear layer's weight or the critic's effective"
                        + " weight");
    }

    /** Checks the factors and returns whether they have one value per position. */
    private static boolean checkFactors(Shape factorShape, Shape mapShape) {
        long count = mapShape.get(0);
        long channels = mapShape.get(1);
        if (factorShape.dimension() == 2
                && factorShape.get(0) == count
                && factorShape.get(1) == channels) {
            return false;
        }
        if (factorShape.equals(mapShape)) {
            return true;
        }
        throw new IllegalArgumentException(
                "factors has shape " + factorShape + " but the feature map " + mapShape
                        + " needs (" + count + ", " + channels + ") or " + mapShape
                        + "; pass the UFS factors of the same images' critic features");
    }

    /** Copies an array to the host as float32 values, without its gradient link. */
    private static float[] hostValues(NDArray array) {
        try (NDArray detached = array.stopGradient()) {
            if (detached.getDataType() == DataType.FLOAT32) {
                return detached.toFloatArray();
            }
            try (NDArray floats = detached.toType(DataType.FLOAT32, true)) {
                return floats.toFloatArray();
            }
        }
    }
}
