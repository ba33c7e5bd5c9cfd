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
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.github.ufskit.engine.KitEngine;
import org.junit.jupiter.api.Test;

class BigGanGeneratorTest {

    /** Width 8 keeps the attended channels (8 in D's first block) a multiple of 8. */
    private static final int SMOKE_WIDTH = 8;

    /**
     * Replaces the orthogonal initializer by a Gaussian one, because its QR decompositions take
     * long at the paper widths. Shapes, counts and forward passes do not depend on the values.
     */
    static void useFastInitializer(Block block) {
        block.setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
    }

    private static void assertImages(NDArray images, long batch, int size) {
        assertEquals(new Shape(batch, 3, size, size), images.getShape());
        assertTrue(images.abs().max().getFloat() <= 1f, "images leave [-1, 1]");
    }

    @Test
    void resolution64DrawsImages() {
        try (NDManager manager = KitEngine.newManager()) {
            BigGanGenerator generator =
                    BigGanGenerator.create(BigGanConfig.resolution64(3).withWidth(SMOKE_WIDTH));
            generator.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray noise = manager.randomNormal(new Shape(2, 120));
            NDArray labels = manager.create(new long[] {0, 2});
            assertImages(generator.generate(store, noise, labels, true), 2, 64);
            assertImages(generator.generate(store, noise, labels, false), 2, 64);
            assertEquals(64, generator.imageSize());
            assertEquals(120, generator.latentDimension());
        }
    }

    @Test
    void resolution128UnconditionalDrawsImages() {
        try (NDManager manager = KitEngine.newManager()) {
            BigGanGenerator generator =
                    BigGanGenerator.create(BigGanConfig.resolution128(0).withWidth(SMOKE_WIDTH));
            generator.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray noise = manager.randomNormal(new Shape(2, 120));
            assertImages(generator.generate(store, noise, null, true), 2, 128);
            assertEquals(0, generator.classCount());
        }
    }

    @Test
    void paperWidthsDrawImages() {
        try (NDManager manager = KitEngine.newManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            NDArray noise = manager.randomNormal(new Shape(2, 120));
            NDArray labels = manager.create(new long[] {0, 999});
            for (BigGanConfig config :
                    new BigGanConfig[] {
                        BigGanConfig.resolution64(1000), BigGanConfig.resolution128(1000)
                    }) {
                BigGanGenerator generator = BigGanGenerator.create(config);
                useFastInitializer(generator);
                generator.initialize(manager);
                NDArray images = generator.generate(store, noise, labels, true);
                assertImages(images, 2, config.resolution());
            }
        }
    }

    @Test
    void parameterCountsMatchReference() {
        // Reference counts: BigGAN-PyTorch (commit 9845943) BigGAN.py Generator built with
        // torch and summed over parameters(), 1000 classes, dim_z 120, shared_dim 128, hier,
        // G_shared. At 128 x 128, G_ch 96 and attention at 64 (scripts/launch_BigGAN_bs256x8.sh)
        // it has 70,433,988 (70.4 million). At 64 x 64, G_ch 64 and attention at 32 it has
        // 31,969,540.
        // generatorCount repeats the arithmetic from the layer list.
        assertEquals(70_433_988, generatorCount(BigGanConfig.resolution128(1000)));
        assertEquals(31_969_540, generatorCount(BigGanConfig.resolution64(1000)));
        try (NDManager manager = KitEngine.newManager()) {
            for (BigGanConfig config :
                    new BigGanConfig[] {
                        BigGanConfig.resolution128(1000),
                        BigGanConfig.resolution64(1000),
                        BigGanConfig.resolution64(0).withWidth(SMOKE_WIDTH)
                    }) {
                BigGanGenerator generator = BigGanGenerator.create(config);
                useFastInitializer(generator);
                generator.initialize(manager);
                assertEquals(
                        generatorCount(config), trainableParameters(generator), config.toString());
            }
        }
    }

    /**
     * Counts G's trained values from the layer list: shared embedding classes * shared; linear
     * chunk -> 16 W * 16 with bias; per block in -> out, two conditional batch norms with
     * bias-free gain and bias maps (2 * condition * in, 2 * condition * out), 3 x 3 convolutions
     * in*out*9 + out and out*out*9 + out, 1 x 1 shortcut in*out + out; attention on C channels
     * C*C/8 (theta) + C*C/8 (phi) + C*C/2 (g) + C/2*C (o) + 1 (gamma); output batch norm 2 * out
     * and 3 x 3 convolution out*3*9 + 3.
     */
    static long generatorCount(BigGanConfig config) {
        int[] channels = config.generatorChannels();
        long condition = config.conditionSize();
        long count = (long) config.classes() * config.sharedEmbeddingSize();
        count += (long) config.chunkSize() * 16 * channels[0] + 16L * channels[0];
        for (int i = 0; i + 1 < channels.length; i++) {
            long in = channels[i];
            long out = channels[i + 1];
            count += 2 * condition * in + in * out * 9 + out + 2 * condition * out;
            count += out * out * 9 + out + in * out + out;
            if (i == config.generatorAttentionBlock()) {
                count += attentionCount(out);
            }
        }
        long last = channels[channels.length - 1];
        return count + 2 * last + last * 3 * 9 + 3;
    }

    static long attentionCount(long channels) {
        return 2 * channels * (channels / 8) + 2 * channels * (channels / 2) + 1;
    }

    @Test
    void weightsStartOrthogonal() {
        try (NDManager manager = KitEngine.newManager()) {
            BigGanGenerator generator =
                    BigGanGenerator.create(BigGanConfig.resolution64(3).withWidth(SMOKE_WIDTH));
            generator.initialize(manager);
            // block4 conv1 maps 32 -> 16 channels with a 3 x 3 kernel: a (16, 288) matrix with
            // orthonormal rows.
            NDArray kernel = parameterNamed(generator, "block4_conv1_weight").getArray();
            NDArray matrix = kernel.reshape(16, -1);
            NDArray gram = matrix.matMul(matrix.transpose());
            assertArrayEquals(manager.eye(16).toFloatArray(), gram.toFloatArray(), 1e-4f);
            // The shared embedding (3, 128) has orthonormal rows too.
            NDArray shared = parameterNamed(generator, "embedding_embedding").getArray();
            assertArrayEquals(
                    manager.eye(3).toFloatArray(),
                    shared.matMul(shared.transpose()).toFloatArray(),
                    1e-4f);
        }
    }

    @Test
    void labelsChangeImages() {
        try (NDManager manager = KitEngine.newManager()) {
            BigGanGenerator generator =
                    BigGanGenerator.create(BigGanConfig.resolution64(3).withWidth(SMOKE_WIDTH));
            generator.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray noise = manager.randomNormal(new Shape(1, 120)).repeat(0, 2);
            NDArray images =
                    generator.generate(store, noise, manager.create(new long[] {0, 1}), false);
            float difference = images.get(0).sub(images.get(1)).abs().max().getFloat();
            assertTrue(difference > 1e-4f, "two labels gave the same image: " + difference);
        }
    }

    @Test
    void everyLatentChunkMatters() {
        try (NDManager manager = KitEngine.newManager()) {
            BigGanGenerator generator =
                    BigGanGenerator.create(BigGanConfig.resolution64(0).withWidth(SMOKE_WIDTH));
            generator.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray noise = manager.randomNormal(new Shape(1, 120));
            NDArray base = generator.generate(store, noise, null, false);
            // Five chunks of 24: chunk 0 feeds the linear layer, chunks 1 to 4 the four blocks.
            for (int chunk = 0; chunk < 5; chunk++) {
                NDArray changed = noise.duplicate();
                changed.set(
                        new ai.djl.ndarray.index.NDIndex(":, {}:{}", chunk * 24, chunk * 24 + 24),
                        manager.randomNormal(new Shape(1, 24)));
                NDArray images = generator.generate(store, changed, null, false);
                float difference = images.sub(base).abs().max().getFloat();
                assertTrue(difference > 1e-5f, "chunk " + chunk + " does not reach the image");
            }
        }
    }

    @Test
    void hingeLossReachesEveryParameter() {
        try (NDManager manager = KitEngine.newManager()) {
            BigGanConfig config = BigGanConfig.resolution64(3).withWidth(SMOKE_WIDTH);
            BigGanGenerator generator = BigGanGenerator.create(config);
            generator.initialize(manager);
            // gamma starts at 0, which blocks every gradient to the attention convolutions.
            parameterNamed(generator, "attention_gamma").getArray().set(new float[] {0.5f});
            BigGanDiscriminator critic = BigGanDiscriminator.create(config);
            critic.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray noise = manager.randomNormal(new Shape(3, 120));
            NDArray labels = manager.create(new long[] {0, 1, 2});
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray fake = generator.generate(store, noise, labels, true);
                NDArray scores =
                        critic.score(store, critic.features(store, fake, true), labels, true);
                collector.backward(scores.mean().neg());
            }
            assertEveryParameterHasGradient(generator);
        }
    }

    @Test
    void invalidInputsAreRejected() {
        try (NDManager manager = KitEngine.newManager()) {
            BigGanGenerator generator =
                    BigGanGenerator.create(BigGanConfig.resolution64(3).withWidth(SMOKE_WIDTH));
            generator.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray noise = manager.randomNormal(new Shape(2, 120));
            String outOfRange =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () ->
                                            generator.generate(
                                                    store,
                                                    noise,
                                                    manager.create(new long[] {3, 0}),
                                                    false))
                            .getMessage();
            assertTrue(outOfRange.contains("label 3"), outOfRange);
            assertThrows(
                    IllegalArgumentException.class,
                    () -> generator.generate(store, noise, null, false));
            String wrongNoise =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () ->
                                            generator.generate(
                                                    store,
                                                    manager.randomNormal(new Shape(2, 128)),
                                                    manager.create(new long[] {0, 1}),
                                                    false))
                            .getMessage();
            assertTrue(wrongNoise.contains("(N, 120)"), wrongNoise);
        }
    }
}
