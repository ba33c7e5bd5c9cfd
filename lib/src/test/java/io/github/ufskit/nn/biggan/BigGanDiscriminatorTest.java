package io.github.ufskit.nn.biggan;

import static io.github.ufskit.nn.NetworkAssertions.assertEveryParameterHasGradient;
import static io.github.ufskit.nn.NetworkAssertions.parameterNamed;
import static io.github.ufskit.nn.NetworkAssertions.trainableParameters;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.ufskit.engine.KitEngine;
import org.junit.jupiter.api.Test;

class BigGanDiscriminatorTest {

    private static final int SMOKE_WIDTH = 8;

    /** Checks features (N, 16 W), featureMap (N, 16 W, 4, 4) and scores (N). */
    private static void assertShapes(
            BigGanDiscriminator critic, NDManager manager, ParameterStore store, long batch) {
        int size = critic.imageSize();
        int channels = 16 * critic.config().width();
        NDArray images = manager.randomUniform(-1, 1, new Shape(batch, 3, size, size));
        NDArray labels =
                critic.classCount() > 0
                        ? manager.zeros(new Shape(batch), ai.djl.ndarray.types.DataType.INT64)
                        : null;
        NDArray map = critic.featureMap(store, images, true);
        assertEquals(new Shape(batch, channels, 4, 4), map.getShape());
        NDArray features = critic.features(store, images, true);
        assertEquals(new Shape(batch, channels), features.getShape());
        NDList inputs = labels == null ? new NDList(images) : new NDList(images, labels);
        assertEquals(
                new Shape(batch),
                critic.forward(store, inputs, true).singletonOrThrow().getShape());
        assertEquals(new Shape(batch), critic.score(store, features, labels, true).getShape());
    }

    @Test
    void smokeWidthShapes() {
        try (NDManager manager = KitEngine.newManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            for (BigGanConfig config :
                    new BigGanConfig[] {
                        BigGanConfig.resolution64(3).withWidth(SMOKE_WIDTH),
                        BigGanConfig.resolution128(0).withWidth(SMOKE_WIDTH)
                    }) {
                BigGanDiscriminator critic = BigGanDiscriminator.create(config);
                critic.initialize(manager);
                assertShapes(critic, manager, store, 2);
            }
        }
    }

    @Test
    void paperWidthsScoreImages() {
        try (NDManager manager = KitEngine.newManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            for (BigGanConfig config :
                    new BigGanConfig[] {
                        BigGanConfig.resolution64(1000), BigGanConfig.resolution128(1000)
                    }) {
                BigGanDiscriminator critic = BigGanDiscriminator.create(config);
                BigGanGeneratorTest.useFastInitializer(critic);
                critic.initialize(manager);
                assertShapes(critic, manager, store, 1);
            }
        }
    }

    @Test
    void parameterCountsMatchReference() {
        // Reference counts: BigGAN-PyTorch (commit 9845943) BigGAN.py Discriminator (D_wide)
        // built with torch and summed over parameters(), 1000 classes. At 128 x 128, D_ch 96 and
        // attention at 64 it has 87,982,370 (88.0 million). At 64 x 64, D_ch 64 and attention at
        // 32 it has 20,571,842.
        // discriminatorCount repeats the arithmetic from the layer list.
        assertEquals(87_982_370, discriminatorCount(BigGanConfig.resolution128(1000)));
        assertEquals(20_571_842, discriminatorCount(BigGanConfig.resolution64(1000)));
        try (NDManager manager = KitEngine.newManager()) {
            for (BigGanConfig config :
                    new BigGanConfig[] {
                        BigGanConfig.resolution128(1000),
                        BigGanConfig.resolution64(1000),
                        BigGanConfig.resolution128(0).withWidth(SMOKE_WIDTH)
                    }) {
                BigGanDiscriminator critic = BigGanDiscriminator.create(config);
                BigGanGeneratorTest.useFastInitializer(critic);
                critic.initialize(manager);
                assertEquals(
                        discriminatorCount(config), trainableParameters(critic), config.toString());
            }
        }
    }

    /**
     * Counts D's trained values from the layer list: per block in -> out, 3 x 3 convolutions
     * in*out*9 + out and out*out*9 + out, a 1 x 1 shortcut in*out + out when the block
     * downsamples or changes width; attention as in the generator; D_L 16 W + 1; the projection
     * embedding classes * 16 W.
     */
    static long discriminatorCount(BigGanConfig config) {
        int[] channels = config.discriminatorChannels();
        long count = 0;
        for (int i = 0; i < channels.length; i++) {
            long in = i == 0 ? 3 : channels[i - 1];
            long out = channels[i];
            boolean downsample = i < channels.length - 1;
            count += in * out * 9 + out + out * out * 9 + out;
            if (downsample || in != out) {
                count += in * out + out;
            }
            if (i == config.discriminatorAttentionBlock()) {
                count += BigGanGeneratorTest.attentionCount(out);
            }
        }
        long last = channels[channels.length - 1];
        return count + last + 1 + (long) config.classes() * last;
    }

    @Test
    void effectiveWeightGivesScore() {
        try (NDManager manager = KitEngine.newManager()) {
            BigGanDiscriminator critic =
                    BigGanDiscriminator.create(BigGanConfig.resolution64(4).withWidth(SMOKE_WIDTH));
            critic.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray images = manager.randomUniform(-1, 1, new Shape(3, 3, 64, 64));
            NDArray labels = manager.create(new long[] {3, 0, 3});
            NDArray features = critic.features(store, images, true);
            NDArray effective = critic.effectiveWeight(store, features, labels);
            assertEquals(new Shape(3, 128), effective.getShape());
            float bias = parameterNamed(critic, "head_last_bias").getArray().getFloat(0);
            float[] viaWeight = effective.mul(features).sum(new int[] {1}).add(bias).toFloatArray();
            float[] scores = critic.score(store, features, labels, false).toFloatArray();
            assertArrayEquals(scores, viaWeight, 1e-4f);
            // Equal labels give equal effective weights.
            assertArrayEquals(effective.get(0).toFloatArray(), effective.get(2).toFloatArray(), 0f);
        }
    }

    @Test
    void hingeLossReachesEveryParameter() {
        try (NDManager manager = KitEngine.newManager()) {
            BigGanDiscriminator critic =
                    BigGanDiscriminator.create(BigGanConfig.resolution64(3).withWidth(SMOKE_WIDTH));
            critic.initialize(manager);
            parameterNamed(critic, "attention_gamma").getArray().set(new float[] {0.5f});
            ParameterStore store = new ParameterStore(manager, false);
            NDArray real = manager.randomUniform(-1, 1, new Shape(3, 3, 64, 64));
            NDArray fake = manager.randomUniform(-1, 1, new Shape(3, 3, 64, 64));
            NDArray labels = manager.create(new long[] {0, 1, 2});
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray realScores =
                        critic.forward(store, new NDList(real, labels), true).singletonOrThrow();
                NDArray fakeScores =
                        critic.forward(store, new NDList(fake, labels), true).singletonOrThrow();
                NDArray loss =
                        realScores
                                .neg()
                                .add(1)
                                .maximum(0)
                                .mean()
                                .add(fakeScores.add(1).maximum(0).mean());
                collector.backward(loss);
            }
            // The hinge loss moves b by (fake scores in the margin - real ones in it) / N, which is
            // 0 while every score lies in (-1, 1), as at initialization.
            assertEveryParameterHasGradient(critic, "head_last_bias");
        }
    }

    @Test
    void invalidInputsAreRejected() {
        try (NDManager manager = KitEngine.newManager()) {
            BigGanDiscriminator critic =
                    BigGanDiscriminator.create(BigGanConfig.resolution64(3).withWidth(SMOKE_WIDTH));
            critic.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray images = manager.randomUniform(-1, 1, new Shape(2, 3, 64, 64));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> critic.forward(store, new NDList(images), false));
            NDArray small = manager.zeros(new Shape(2, 3, 32, 32));
            String message =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> critic.features(store, small, false))
                            .getMessage();
            assertTrue(message.contains("(N, 3, 64, 64)"), message);
            assertTrue(message.contains("(2, 3, 32, 32)"), message);
        }
    }
}
