package io.github.ufskit.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.loss.GradientPenalty;
import io.github.ufskit.nn.wgangp.ResNetCritic;
import io.github.ufskit.train.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures the resident memory of a critic loop with the gradient penalty over 2,000 steps.
 *
 * <p>Each step draws real and fake batches, computes the WGAN critic loss plus the penalty
 * through the TorchScript input-gradient helper, runs the backward pass and an Adam update. The
 * report prints the process's resident set size (VmRSS from /proc/self/status) every 200 steps
 * and the growth over the second half of the run, after the allocator has warmed up. Run with
 * {@code mvn -pl lib test -Dgroups=benchmark -Dtest.excludedGroups=none
 * -Dtest=GradientPenaltyMemoryBenchmark}. Set {@code -Dufskit.benchmark.steps=N} for another
 * length.
 */
@Tag("benchmark")
class GradientPenaltyMemoryBenchmark {

    @Test
    void residentMemoryOverCriticSteps() throws IOException {
        int steps = Integer.getInteger("ufskit.benchmark.steps", 2000);
        int batch = 16;
        Engine engine = KitEngine.get();
        try (NDManager manager = KitEngine.newManager();
                GradientPenalty penalty = new GradientPenalty(manager, 10)) {
            ResNetCritic critic = new ResNetCritic(16, 1, ResNetCritic.Output.POOLED);
            critic.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            try (Adam adam = new Adam(manager, critic, 0, 0.9, 1e-8)) {
                long halfway = 0;
                long started = System.nanoTime();
                System.out.printf("%8s %12s %10s%n", "step", "rss_mib", "seconds");
                for (int step = 1; step <= steps; step++) {
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray real = scope.randomUniform(-1, 1, new Shape(batch, 1, 32, 32));
                        NDArray fake = scope.randomUniform(-1, 1, new Shape(batch, 1, 32, 32));
                        NDArray mixing = scope.randomUniform(0, 1, new Shape(batch));
                        try (GradientCollector collector = engine.newGradientCollector()) {
                            NDArray realScores =
                                    critic.forward(store, new NDList(real), true).singletonOrThrow();
                            NDArray fakeScores =
                                    critic.forward(store, new NDList(fake), true).singletonOrThrow();
                            NDArray loss = fakeScores.mean().sub(realScores.mean());
                            NDArray total =
                                    loss.add(
                                            penalty.compute(
                                                    x ->
                                                            critic.forward(store, new NDList(x), true)
                                                                    .singletonOrThrow(),
                                                    real,
                                                    fake,
                                                    mixing));
                            collector.backward(total);
                        }
                        adam.step(1e-4);
                    }
                    if (step % 200 == 0) {
                        long rss = residentKib();
                        if (step == steps / 2 / 200 * 200) {
                            halfway = rss;
                        }
                        System.out.printf(
                                "%8d %12.1f %10.1f%n",
                                step, rss / 1024.0, (System.nanoTime() - started) / 1e9);
                    }
                }
                double growth = (residentKib() - halfway) / 1024.0;
                System.out.printf(
                        "resident memory growth from step %d to step %d: %.1f MiB%n",
                        steps / 2 / 200 * 200, steps, growth);
            }
        }
    }

    private static long residentKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("/proc/self/status has no VmRSS line");
    }
}
