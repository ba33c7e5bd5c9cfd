package io.github.ufskit.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.nn.ImageGenerator;
import io.github.ufskit.nn.SplitCritic;
import io.github.ufskit.nn.biggan.BigGanConfig;
import io.github.ufskit.nn.biggan.BigGanDiscriminator;
import io.github.ufskit.nn.biggan.BigGanGenerator;
import io.github.ufskit.nn.sngan.SnganDiscriminator;
import io.github.ufskit.nn.sngan.SnganGenerator;
import io.github.ufskit.nn.wgangp.ResNetCritic;
import io.github.ufskit.nn.wgangp.ResNetGenerator;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints milliseconds per discriminator step and per generator step of every backbone at a smoke
 * width and at its paper width, on this machine's default device.
 *
 * <p>A discriminator step is a forward pass on a real and a fake batch (both random pixels, so
 * the time excludes G), the hinge loss and one backward pass. A generator step is G's forward
 * pass, D's forward pass on its images, the generator hinge loss -mean D(G(z)) and one backward
 * pass. No optimizer update runs, and the
 * WGAN-GP ResNet uses the hinge loss too (no gradient penalty), so the rows compare the
 * networks alone. Weights start from N(0, 0.02) to skip the orthogonal initialization's QR
 * decompositions, which timing does not depend on.
 *
 * <p>Run with {@code mvn -pl lib test -Dgroups=benchmark -Dtest.excludedGroups=none
 * -Dtest=BackboneSpeedBenchmark}; {@code -Dufskit.benchmark.steps=N} changes the number of
 * timed steps (default 3, after one warm-up step).
 */
@Tag("benchmark")
class BackboneSpeedBenchmark {

    /** One row of the table: a network pair at one width and batch size. */
    private record Row(
            String network,
            String widths,
            int batch,
            int classes,
            IntFunction<ImageGenerator> generator,
            IntFunction<SplitCritic> critic) {}

    private static List<Row> rows() {
        return List.of(
                new Row(
                        "WGAN-GP ResNet 32",
                        "G 16 / D 16",
                        16,
                        0,
                        c -> new ResNetGenerator(128, 16, 3),
                        c -> new ResNetCritic(16, 3, ResNetCritic.Output.POOLED)),
                new Row(
                        "WGAN-GP ResNet 32",
                        "G 128 / D 128",
                        16,
                        0,
                        c -> new ResNetGenerator(128, 128, 3),
                        c -> new ResNetCritic(128, 3, ResNetCritic.Output.POOLED)),
                new Row(
                        "SNGAN 32",
                        "G 16 / D 16",
                        16,
                        0,
                        c -> SnganGenerator.resolution32(128, 16, c),
                        c -> SnganDiscriminator.resolution32(16, c)),
                new Row(
                        "SNGAN 32",
                        "G 256 / D 128",
                        16,
                        0,
                        c -> SnganGenerator.resolution32(128, 256, c),
                        c -> SnganDiscriminator.resolution32(128, c)),
                new Row(
                        "SNGAN 64",
                        "4",
                        8,
                        143,
                        c -> SnganGenerator.resolution64(128, 4, c),
                        c -> SnganDiscriminator.resolution64(4, c)),
                new Row(
                        "SNGAN 64",
                        "64",
                        8,
                        143,
                        c -> SnganGenerator.resolution64(128, 64, c),
                        c -> SnganDiscriminator.resolution64(64, c)),
                new Row(
                        "BigGAN 64",
                        "8",
                        8,
                        1000,
                        c -> BigGanGenerator.create(BigGanConfig.resolution64(c).withWidth(8)),
                        c -> BigGanDiscriminator.create(BigGanConfig.resolution64(c).withWidth(8))),
                new Row(
                        "BigGAN 64",
                        "64",
                        8,
                        1000,
                        c -> BigGanGenerator.create(BigGanConfig.resolution64(c)),
                        c -> BigGanDiscriminator.create(BigGanConfig.resolution64(c))),
                new Row(
                        "BigGAN 128",
                        "8",
                        4,
                        1000,
                        c -> BigGanGenerator.create(BigGanConfig.resolution128(c).withWidth(8)),
                        c ->
                                BigGanDiscriminator.create(
                                        BigGanConfig.resolution128(c).withWidth(8))),
                new Row(
                        "BigGAN 128",
                        "96",
                        4,
                        1000,
                        c -> BigGanGenerator.create(BigGanConfig.resolution128(c)),
                        c -> BigGanDiscriminator.create(BigGanConfig.resolution128(c))));
    }

    @Test
    void millisecondsPerStep() {
        int steps = Integer.getInteger("ufskit.benchmark.steps", 3);
        System.out.printf("| network | width | batch | ms / D step | ms / G step |%n");
        System.out.printf("|---|---|---|---|---|%n");
        for (Row row : rows()) {
            try (NDManager manager = KitEngine.newManager()) {
                ImageGenerator generator = row.generator().apply(row.classes());
                SplitCritic critic = row.critic().apply(row.classes());
                generator.setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
                critic.setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
                generator.initialize(manager);
                critic.initialize(manager);
                ParameterStore store = new ParameterStore(manager, false);
                criticStep(manager, store, generator, critic, row);
                long started = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    criticStep(manager, store, generator, critic, row);
                }
                double criticMs = (System.nanoTime() - started) / 1e6 / steps;
                generatorStep(manager, store, generator, critic, row);
                started = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    generatorStep(manager, store, generator, critic, row);
                }
                double generatorMs = (System.nanoTime() - started) / 1e6 / steps;
                System.out.printf(
                        "| %s | %s | %d | %.0f | %.0f |%n",
                        row.network(), row.widths(), row.batch(), criticMs, generatorMs);
            }
        }
    }

    private static NDArray labels(NDManager manager, Row row) {
        if (row.classes() == 0) {
            return null;
        }
        return manager.randomInteger(0, row.classes(), new Shape(row.batch()), DataType.INT64);
    }

    private static NDArray scores(
            ParameterStore store, SplitCritic critic, NDArray images, NDArray labels) {
        NDList inputs = labels == null ? new NDList(images) : new NDList(images, labels);
        return critic.forward(store, inputs, true).singletonOrThrow();
    }

    private static void criticStep(
            NDManager manager,
            ParameterStore store,
            ImageGenerator generator,
            SplitCritic critic,
            Row row) {
        try (NDManager step = manager.newSubManager()) {
            int size = generator.imageSize();
            NDArray real = step.randomUniform(-1, 1, new Shape(row.batch(), 3, size, size));
            NDArray fake = step.randomUniform(-1, 1, new Shape(row.batch(), 3, size, size));
            NDArray labels = labels(step, row);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray realScores = scores(store, critic, real, labels);
                NDArray fakeScores = scores(store, critic, fake, labels);
                NDArray loss =
                        realScores
                                .neg()
                                .add(1)
                                .maximum(0)
                                .mean()
                                .add(fakeScores.add(1).maximum(0).mean());
                collector.backward(loss);
            }
        }
    }

    private static void generatorStep(
            NDManager manager,
            ParameterStore store,
            ImageGenerator generator,
            SplitCritic critic,
            Row row) {
        try (NDManager step = manager.newSubManager()) {
            NDArray labels = labels(step, row);
            NDArray noise = step.randomNormal(new Shape(row.batch(), generator.latentDimension()));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray fake = generator.generate(store, noise, labels, true);
                collector.backward(scores(store, critic, fake, labels).mean().neg());
            }
        }
    }
}
