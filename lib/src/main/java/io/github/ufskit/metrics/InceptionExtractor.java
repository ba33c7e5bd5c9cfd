package io.github.ufskit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import io.github.ufskit.engine.KitEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inception-v3 network of the TensorFlow graph of 2015-12-05, the standard FID and Inception
 * Score network, run from its TorchScript port {@code inception-2015-12-05.pt}.
 *
 * <p>The port is the one StyleGAN2-ADA's metrics and clean-fid load. Its method {@code
 * forward(img, return_features=False, use_fp16=False, no_output_bias=False)} takes images of
 * shape (N, 3, H, W) with pixel values in [0, 255], usually uint8, resizes them to 299×299 with
 * TensorFlow's bilinear alignment, scales them to [-1, 1) by {@code (x - 128) / 128}, and returns
 * either the 2048 pool features ({@code return_features=True}) or the softmax probabilities of
 * the 1008-way classifier head. With {@code no_output_bias=True} the head's bias is left out of
 * the logits before the softmax, as in the original Inception Score code of Salimans et al. The
 * module never returns the logits themselves. This class passes the flags as positional
 * TorchScript arguments through {@link PtSymbolBlock#forward(IValue...)}.
 *
 * <p>Kit images are float32 in [-1, 1]. They are converted to uint8 as StyleGAN2-ADA converts
 * generator output, {@code uint8(clamp(x * 127.5 + 128, 0, 255))} with the cast truncating, which
 * is {@code (x + 1) * 127.5} rounded half up. Grayscale images are repeated over 3 channels.
 *
 * <p>The weights cannot be bundled. {@code data-scripts/inception-weights} downloads them to
 * {@link #defaultWeightsPath()} and verifies {@link #OFFICIAL_SHA256}.
 */
public final class InceptionExtractor implements FeatureExtractor {

    /** Name of the extractor, used in log messages. */
    public static final String NAME = "Inception-v3 (2015-12-05)";

    /** File name of the TorchScript weights. */
    public static final String WEIGHTS_FILE = "inception-2015-12-05.pt";

    /**
     * SHA-256 of the official {@code inception-2015-12-05.pt} from NVIDIA's StyleGAN2-ADA metrics
     * URL, as pinned by crowsonkb/k-diffusion ({@code k_diffusion/evaluation.py}).
     */
    public static final String OFFICIAL_SHA256 =
            "f58cb9b6ec323ed63459aa4fb441fe750cfe39fafad6da5cb504a16f19e958f4";

    /** Environment variable that, when set, replaces {@link #defaultWeightsPath()}. */
    public static final String WEIGHTS_ENVIRONMENT_VARIABLE = "UFSKIT_INCEPTION_WEIGHTS";

    /** Script, relative to the repository root, that downloads and verifies the weights. */
    public static final String FETCH_SCRIPT = "data-scripts/inception-weights";

    private static final Logger LOGGER = LoggerFactory.getLogger(InceptionExtractor.class);

    private final NDManager manager;
    private final PtSymbolBlock module;
    private final Shape inputShape;
    private final int dimension;
    private final int classCount;
    private final String sha256;

    private InceptionExtractor(NDManager manager, PtSymbolBlock module, Shape inputShape,
            String sha256) {
        this.manager = manager;
        this.module = module;
        this.inputShape = inputShape;
        this.sha256 = sha256;
        // The network accepts any image size, so one tiny image reveals both output widths.
        try (NDManager scope = manager.newSubManager()) {
            NDArray probe = scope.zeros(new Shape(1, 3, 8, 8), DataType.UINT8);
            this.dimension = Math.toIntExact(run(probe, true, false).getShape().get(1));
            this.classCount = Math.toIntExact(run(probe, false, true).getShape().get(1));
        }
    }

    /**
     * Returns where the weights are looked for by default: {@code $UFSKIT_INCEPTION_WEIGHTS} when
     * set, else {@code $XDG_CACHE_HOME/ufskit/weights/inception-2015-12-05.pt} or {@code
     * ~/.cache/ufskit/weights/inception-2015-12-05.pt}.
     *
     * @return the default weights file
     */
    public static Path defaultWeightsPath() {
        String override = System.getenv(WEIGHTS_ENVIRONMENT_VARIABLE);
        if (override != null && !override.isBlank()) {
            return Paths.get(override);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base =
                xdg == null || xdg.isBlank()
                        ? Paths.get(System.getProperty("user.home"), ".cache")
                        : Paths.get(xdg);
        return base.resolve("ufskit").resolve("weights").resolve(WEIGHTS_FILE);
    }

    /**
     * Loads the network from {@link #defaultWeightsPath()} for images of the given shape.
     *
     * @param inputShape (C, H, W) of the images to score, C 1 or 3, H and W at least 1
     * @return the extractor; the caller closes it
     * @throws IOException if the weights file is missing or is not a TorchScript module
     */
    public static InceptionExtractor load(Shape inputShape) throws IOException {
        return load(defaultWeightsPath(), inputShape);
    }

    /**
     * Loads the network from a TorchScript file onto the engine's default device.
     *
     * <p>Logs a warning when the file's SHA-256 differs from {@link #OFFICIAL_SHA256}, because
     * its scores are then not comparable with published ones.
     *
     * @param weights an {@code inception-2015-12-05.pt} file, or a module with its interface
     * @param inputShape (C, H, W) of the images to score, C 1 or 3, H and W at least 1
     * @return the extractor; the caller closes it
     * @throws NoSuchFileException if {@code weights} does not exist; the message names the
     *     script that downloads it
     * @throws IOException if the file cannot be read or is not a TorchScript module with the
     *     interface above
     */
    public static InceptionExtractor load(Path weights, Shape inputShape) throws IOException {
        checkInputShape(inputShape);
        if (!Files.isRegularFile(weights)) {
            throw new NoSuchFileException(weights.toString(), null, String.format(
                    "Inception weights not found. Run %s (it downloads %s and verifies its"
                            + " SHA-256), or set %s to an existing copy", FETCH_SCRIPT,
                    WEIGHTS_FILE, WEIGHTS_ENVIRONMENT_VARIABLE));
        }
        String sha256 = sha256(weights);
        NDManager manager = KitEngine.newManager();
        try {
            PtSymbolBlock module = loadModule((PtNDManager) manager, weights);
            InceptionExtractor extractor =
                    new InceptionExtractor(manager, module, inputShape, sha256);
            LOGGER.info("Loaded {} from {}: {} features, {} classes, on {}", NAME, weights,
                    extractor.dimension, extractor.classCount, manager.getDevice());
            if (!sha256.equals(OFFICIAL_SHA256)) {
                LOGGER.warn("{} has SHA-256 {}, not the official {}; its scores are not"
                        + " comparable with published FID or IS values", weights, sha256,
                        OFFICIAL_SHA256);
            }
            return extractor;
        } catch (RuntimeException e) {
            manager.close();
            throw new IOException(String.format(
                    "%s is not a TorchScript module with forward(img, return_features,"
                            + " use_fp16, no_output_bias) (%s). Delete it and run %s",
                    weights, e.getMessage(), FETCH_SCRIPT), e);
        }
    }

    private static PtSymbolBlock loadModule(PtNDManager manager, Path weights) {
        PtSymbolBlock module = JniUtils.loadModule(manager, weights, true, new String[0],
                new String[0], false);
        JniUtils.enableInferenceMode(module);
        return module;
    }

    private static void checkInputShape(Shape inputShape) {
        boolean valid = inputShape.dimension() == 3
                && (inputShape.get(0) == 1 || inputShape.get(0) == 3)
                && inputShape.get(1) >= 1 && inputShape.get(2) >= 1;
        if (!valid) {
            throw new IllegalArgumentException(String.format(
                    "inputShape = %s; expected (C, H, W) with C = 1 (grayscale) or 3 (RGB)",
                    inputShape));
        }
    }

    /**
     * Returns {@code "FID"}, because FID means the Fréchet distance on these features.
     *
     * @return {@code "FID"}
     */
    @Override
    public String scoreLabel() {
        return "FID";
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Returns the feature width, 2048 for the official weights.
     *
     * @return D, read from the module's output
     */
    @Override
    public int dimension() {
        return dimension;
    }

    /**
     * Returns the number of classes of the head, 1008 for the official weights.
     *
     * @return the width of {@link #classProbabilities(NDArray)}
     */
    public int classCount() {
        return classCount;
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    /**
     * Returns {@code "sha256-"} followed by the first 16 hexadecimal digits of the weights'
     * SHA-256.
     *
     * @return an identifier of the weights
     */
    @Override
    public String fingerprint() {
        return "sha256-" + sha256.substring(0, 16);
    }

    /**
     * Returns the SHA-256 of the loaded weights file.
     *
     * @return 64 lowercase hexadecimal digits
     */
    public String sha256() {
        return sha256;
    }

    /**
     * Computes the pool features, {@code forward(img, return_features=True)}.
     *
     * @param images float32 images in [-1, 1] of shape (N, C, H, W), (C, H, W) equal to {@link
     *     #inputShape()}
     * @return float32 features of shape (N, {@link #dimension()}), attached to the manager of
     *     {@code images}
     */
    @Override
    public NDArray extract(NDArray images) {
        return forward(images, true, false);
    }

    /**
     * Computes the class probabilities that the Inception Score uses: the softmax of the head's
     * logits without the head's bias, {@code forward(img, no_output_bias=True)}.
     *
     * @param images float32 images in [-1, 1] of shape (N, C, H, W), (C, H, W) equal to {@link
     *     #inputShape()}
     * @return float32 probabilities of shape (N, {@link #classCount()}), each row summing to 1,
     *     attached to the manager of {@code images}
     */
    public NDArray classProbabilities(NDArray images) {
        return forward(images, false, true);
    }

    private NDArray forward(NDArray images, boolean returnFeatures, boolean noOutputBias) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4 || !shape.slice(1).equals(inputShape)
                || images.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException(String.format(
                    "Images have shape %s and type %s, expected (N, %d, %d, %d) float32 in"
                            + " [-1, 1]; load the extractor with the generator's image shape",
                    shape, images.getDataType(), inputShape.get(0), inputShape.get(1),
                    inputShape.get(2)));
        }
        NDManager caller = images.getManager();
        try (NDManager scope = caller.newSubManager()) {
            images.tempAttach(scope);
            if (images.isNaN().any().getBoolean()) {
                throw new IllegalArgumentException(
                        "Images contain NaN; check the generator's output before scoring it");
            }
            NDArray pixels = toPixels(images.toDevice(manager.getDevice(), false));
            NDArray output = run(pixels, returnFeatures, noOutputBias);
            NDArray result = output.toDevice(caller.getDevice(), false);
            result.attach(caller);
            return result;
        }
    }

    /**
     * Converts float images in [-1, 1] to uint8 RGB pixels.
     *
     * @param images float32 (N, C, H, W) with C 1 or 3
     * @return uint8 (N, 3, H, W) equal to {@code clamp(x * 127.5 + 128, 0, 255)} truncated
     */
    static NDArray toPixels(NDArray images) {
        NDArray pixels = images.mul(127.5f).add(128f).clip(0f, 255f).toType(DataType.UINT8, false);
        if (images.getShape().get(1) == 1) {
            return pixels.repeat(1, 3);
        }
        return pixels;
    }

    /** Calls the TorchScript forward method with positional flags. */
    private NDArray run(NDArray pixels, boolean returnFeatures, boolean noOutputBias) {
        IValue[] inputs = {
            IValue.from((PtNDArray) pixels),
            IValue.from(returnFeatures),
            IValue.from(false),
            IValue.from(noOutputBias)
        };
        try {
            IValue output = module.forward(inputs);
            try {
                return output.toTensor((PtNDManager) pixels.getManager());
            } finally {
                output.close();
            }
        } finally {
            for (IValue input : inputs) {
                input.close();
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM lacks SHA-256, which Java 17 requires", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Frees the network. */
    @Override
    public void close() {
        module.close();
        manager.close();
    }
}
