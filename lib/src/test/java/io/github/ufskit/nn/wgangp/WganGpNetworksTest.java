package io.github.ufskit.nn.wgangp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.nn.SplitCritic;
import org.junit.jupiter.api.Test;

class WganGpNetworksTest {

    private static long trainableParameters(Block block) {
        long count = 0;
        for (Parameter parameter : block.getParameters().values()) {
            if (parameter.requiresGradient()) {
                count += parameter.getArray().size();
            }
        }
        return count;
    }

    private static NDArray parameterEndingWith(Block block, String suffix) {
        return block.getParameters().stream()
                .filter(pair -> pair.getKey().endsWith(suffix))
                .findFirst()
                .orElseThrow()
                .getValue()
                .getArray();
    }

    @Test
    void generatorMakesImagesInRange() {
        try (NDManager manager = KitEngine.newManager()) {
            ResNetGenerator generator = new ResNetGenerator(128, 16, 3);
            generator.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray noise = manager.randomNormal(new Shape(5, 128));
            NDArray images = generator.forward(store, new NDList(noise), true).singletonOrThrow();
            assertEquals(new Shape(5, 3, 32, 32), images.getShape());
            assertTrue(images.abs().max().getFloat() <= 1f);
        }
    }

    @Test
    void generatorHasPublishedParameterCount() {
        // Width 128, latent 128, RGB, counted by hand from the layer list:
        // linear 128*2048+2048 = 264,192; each of 3 blocks: two batch norms 2*256, two 3x3
        // convolutions 2*147,584, a 1x1 shortcut 16,512 = 312,192; output batch norm 256;
        // output convolution 3*128*9+3 = 3,459. Total 1,204,483.
        try (NDManager manager = KitEngine.newManager()) {
            ResNetGenerator generator = new ResNetGenerator(128, 128, 3);
            generator.initialize(manager);
            assertEquals(1_204_483, trainableParameters(generator));
        }
    }

    @Test
    void criticHasPublishedParameterCount() {
        // Width 128, RGB: first block 3,584 + 147,584 + 512 = 151,680; downsampling block
        // 2*147,584 + 16,512 = 311,680; two plain blocks 2*295,168; D_L 128 + 1. Total 1,053,825.
        try (NDManager manager = KitEngine.newManager()) {
            ResNetCritic critic = new ResNetCritic(128, 3, ResNetCritic.Output.POOLED);
            critic.initialize(manager);
            assertEquals(1_053_825, trainableParameters(critic));
        }
    }

    @Test
    void pooledCriticScoresEachImage() {
        try (NDManager manager = KitEngine.newManager()) {
            ResNetCritic critic = new ResNetCritic(8, 1, ResNetCritic.Output.POOLED);
            critic.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray images = manager.randomUniform(-1, 1, new Shape(3, 1, 32, 32));
            NDArray features = critic.features(store, images, false);
            assertEquals(new Shape(3, 8), features.getShape());
            assertEquals(new Shape(3, 8, 8, 8), critic.featureMap(store, images, false).getShape());
            assertEquals(new Shape(3), critic.score(store, features, false).getShape());
            assertEquals(new Shape(8), critic.lastLayerWeight(store, features).getShape());
        }
    }

    @Test
    void mapCriticScoresEachPosition() {
        try (NDManager manager = KitEngine.newManager()) {
            ResNetCritic critic = new ResNetCritic(8, 3, ResNetCritic.Output.MAP);
            critic.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray images = manager.randomUniform(-1, 1, new Shape(2, 3, 32, 32));
            NDArray features = critic.features(store, images, false);
            assertEquals(new Shape(2, 8, 8, 8), features.getShape());
            NDArray scores = critic.forward(store, new NDList(images), false).singletonOrThrow();
            assertEquals(new Shape(2, 8, 8), scores.getShape());
            assertEquals(new Shape(2), SplitCritic.perSample(scores).getShape());
        }
    }

    @Test
    void scoreIsWeightedFeatureSumPlusBias() {
        try (NDManager manager = KitEngine.newManager()) {
            ResNetCritic critic = new ResNetCritic(4, 1, ResNetCritic.Output.POOLED);
            critic.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            parameterEndingWith(critic, "last_weight").set(new float[] {1, -2, 0.5f, 0});
            parameterEndingWith(critic, "last_bias").set(new float[] {0.25f});
            NDArray features = manager.create(new float[] {2, 1, 4, 9}, new Shape(1, 4));
            // 2 - 2 + 2 + 0 + 0.25
            assertEquals(2.25f, critic.score(store, features, false).getFloat(), 1e-6f);
        }
    }

    @Test
    void wrongImageSizeIsRejected() {
        try (NDManager manager = KitEngine.newManager()) {
            ResNetCritic critic = new ResNetCritic(4, 1, ResNetCritic.Output.POOLED);
            critic.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray images = manager.zeros(new Shape(2, 1, 28, 28));
            IllegalArgumentException error =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> critic.features(store, images, false));
            assertTrue(error.getMessage().contains("32 x 32"), error.getMessage());
        }
    }
}
