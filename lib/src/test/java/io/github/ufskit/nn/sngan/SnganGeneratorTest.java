package io.github.ufskit.nn.sngan;

import static io.github.ufskit.nn.NetworkAssertions.assertEveryParameterHasGradient;
import static io.github.ufskit.nn.NetworkAssertions.parameterNamed;
import static io.github.ufskit.nn.NetworkAssertions.trainableParameters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.ufskit.engine.KitEngine;
import org.junit.jupiter.api.Test;

class SnganGeneratorTest {

    private static NDArray parameter(SnganGenerator generator, String name) {
        return parameterNamed(generator, name).getArray();
    }

    private static void assertImages(NDArray images, long batch, int size) {
        assertEquals(new Shape(batch, 3, size, size), images.getShape());
        assertTrue(images.abs().max().getFloat() <= 1f, "images leave [-1, 1]");
    }

    @Test
    void resolution32DrawsImages() {
        try (NDManager manager = KitEngine.newManager()) {
            SnganGenerator generator = SnganGenerator.resolution32(16, 8, 0);
            generator.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray noise = manager.randomNormal(new Shape(3, 16));
            assertImages(generator.generate(store, noise, null, true), 3, 32);
            assertEquals(32, generator.imageSize());
            assertEquals(0, generator.classCount());
        }
    }

    @Test
    void resolution64ConditionalDrawsImages() {
        try (NDManager manager = KitEngine.newManager()) {
            SnganGenerator generator = SnganGenerator.resolution64(16, 2, 5);
            generator.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray noise = manager.randomNormal(new Shape(2, 16));
            NDArray labels = manager.create(new long[] {0, 4});
            assertImages(generator.generate(store, noise, labels, true), 2, 64);
            assertImages(generator.generate(store, noise, labels, false), 2, 64);
            assertEquals(5, generator.classCount());
        }
    }

    @Test
    void paperWidthsDrawImages() {
        try (NDManager manager = KitEngine.newManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            SnganGenerator cifar = SnganGenerator.resolution32(128, 256, 10);
            cifar.initialize(manager);
            NDArray noise = manager.randomNormal(new Shape(2, 128));
            NDArray labels = manager.create(new long[] {3, 9});
            assertImages(cifar.generate(store, noise, labels, true), 2, 32);
            SnganGenerator dogsAndCats = SnganGenerator.resolution64(128, 64, 143);
            dogsAndCats.initialize(manager);
            labels = manager.create(new long[] {0, 142});
            assertImages(dogsAndCats.generate(store, noise, labels, true), 2, 64);
        }
    }

    @Test
    void parameterCountsMatchReference() {
        // Counted by hand from sngan_projection gen_models/resnet_32.py and resblocks.py
        // (Chainer: Linear and Convolution2D with bias, BatchNormalization with gain and bias).
        // 32 x 32, ch 256, z 128: linear 128*4096 + 4096 = 528,384; each of 3 blocks: two batch
        // norms 2*512, two 3x3 convolutions 2*(256*256*9 + 256) = 2*590,080, 1x1 shortcut
        // 256*256 + 256 = 65,792, so 1,246,976; output batch norm 512; output convolution
        // 256*3*9 + 3 = 6,915. Total 4,276,739.
        // Conditional (10 classes, CIFAR-10): each of the 6 block batch norms holds two
        // (10, 256) tables instead of 2*256 values: + 6*(5,120 - 512) = 27,648 -> 4,304,387.
        // 64 x 64, ch 64 (resnet_64.py): linear 128*16384 + 16384 = 2,113,536; blocks
        // 1024->512: 2,048 + 4,719,104 + 1,024 + 2,359,808 + 524,800 = 7,606,784;
        // 512->256: 1,902,848; 256->128: 476,288; 128->64: 119,360; output batch norm 128;
        // output convolution 64*3*9 + 3 = 1,731. Total 12,220,675.
        // Conditional (143 classes, dog and cat): the block batch norms cover 1024 + 512 + 512 +
        // 256 + 256 + 128 + 128 + 64 = 2,880 channels, each gaining 2*142 values: + 817,920
        // -> 13,038,595.
        try (NDManager manager = KitEngine.newManager()) {
            assertEquals(4_276_739, countOf(manager, SnganGenerator.resolution32(128, 256, 0)));
            assertEquals(4_304_387, countOf(manager, SnganGenerator.resolution32(128, 256, 10)));
            assertEquals(12_220_675, countOf(manager, SnganGenerator.resolution64(128, 64, 0)));
            assertEquals(13_038_595, countOf(manager, SnganGenerator.resolution64(128, 64, 143)));
        }
    }

    private static long countOf(NDManager manager, SnganGenerator generator) {
        generator.initialize(manager);
        return trainableParameters(generator);
    }

    @Test
    void initializationFollowsReference() {
        try (NDManager manager = KitEngine.newManager()) {
            SnganGenerator generator = SnganGenerator.resolution32(128, 64, 0);
            generator.initialize(manager);
            // Glorot bound gain * sqrt(6 / (fan_in + fan_out)): residual 3x3 64->64 with gain
            // sqrt(2): sqrt(2) * sqrt(6 / 1152); 1x1 shortcut with gain 1: sqrt(6 / 128);
            // linear 128 -> 1024: sqrt(6 / 1152).
            assertBound(parameter(generator, "block1_conv1_weight"), Math.sqrt(12.0 / 1152));
            assertBound(parameter(generator, "block1_shortcut_weight"), Math.sqrt(6.0 / 128));
            assertBound(parameter(generator, "projection_weight"), Math.sqrt(6.0 / 1152));
            assertEquals(0f, parameter(generator, "block1_conv1_bias").abs().sum().getFloat());
        }
    }

    /**
     * Asserts that uniform values never leave [-bound, bound] and reach close to the bound: the
     * largest of n draws falls below (1 - 10 / n) bound with probability about e^-10.
     */
    static void assertBound(NDArray weight, double bound) {
        float largest = weight.abs().max().getFloat();
        double slack = Math.min(0.5, 10.0 / weight.size());
        assertTrue(largest <= bound, "largest |w| " + largest + " exceeds the bound " + bound);
        assertTrue(
                largest > (1 - slack) * bound,
                "largest |w| " + largest + " is far below the bound " + bound);
    }

    @Test
    void labelsChangeConditionalImages() {
        try (NDManager manager = KitEngine.newManager()) {
            SnganGenerator generator = SnganGenerator.resolution32(8, 4, 3);
            generator.initialize(manager);
            // The class tables start as gain 1 and bias 0 for every class, so all classes draw
            // the same image. Give each class its own gains, as training would.
            for (Pair<String, Parameter> pair : generator.getParameters()) {
                if (pair.getKey().endsWith("gain_embedding")) {
                    NDArray table = pair.getValue().getArray();
                    table.set(
                            manager.randomNormal(1f, 0.5f, table.getShape(), table.getDataType())
                                    .toFloatArray());
                }
            }
            ParameterStore store = new ParameterStore(manager, false);
            NDArray noise = manager.randomNormal(new Shape(1, 8)).repeat(0, 2);
            NDArray images =
                    generator.generate(store, noise, manager.create(new long[] {0, 1}), false);
            float difference = images.get(0).sub(images.get(1)).abs().max().getFloat();
            assertTrue(difference > 1e-3f, "two labels gave the same image: " + difference);
        }
    }

    @Test
    void hingeLossReachesEveryParameter() {
        try (NDManager manager = KitEngine.newManager()) {
            SnganGenerator generator = SnganGenerator.resolution32(8, 4, 3);
            generator.initialize(manager);
            SnganDiscriminator critic = SnganDiscriminator.resolution32(4, 3);
            critic.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray noise = manager.randomNormal(new Shape(4, 8));
            NDArray labels = manager.create(new long[] {0, 1, 2, 1});
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
            SnganGenerator conditional = SnganGenerator.resolution32(8, 4, 3);
            conditional.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray noise = manager.randomNormal(new Shape(2, 8));
            String outOfRange =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () ->
                                            conditional.generate(
                                                    store,
                                                    noise,
                                                    manager.create(new long[] {0, 3}),
                                                    false))
                            .getMessage();
            assertTrue(outOfRange.contains("label 3"), outOfRange);
            assertTrue(outOfRange.contains("[0, 3)"), outOfRange);
            String missing =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> conditional.generate(store, noise, null, false))
                            .getMessage();
            assertTrue(missing.contains("no labels"), missing);
            String wrongNoise =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () ->
                                            conditional.generate(
                                                    store,
                                                    manager.randomNormal(new Shape(2, 9)),
                                                    manager.create(new long[] {0, 1}),
                                                    false))
                            .getMessage();
            assertTrue(wrongNoise.contains("(N, 8)"), wrongNoise);
            assertTrue(wrongNoise.contains("(2, 9)"), wrongNoise);
            assertThrows(
                    IllegalArgumentException.class, () -> SnganGenerator.resolution64(128, 0, 0));
        }
    }
}
