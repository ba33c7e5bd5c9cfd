package io.github.ufskit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import io.github.ufskit.engine.KitEngine;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InceptionScoreTest {

    @TempDir Path directory;

    private static double[][] oneHotCycle(int rows, int classes) {
        double[][] probabilities = new double[rows][classes];
        for (int i = 0; i < rows; i++) {
            probabilities[i][i % classes] = 1;
        }
        return probabilities;
    }

    @Test
    void uniformPredictionsScoreOne() {
        double[][] uniform = new double[50][8];
        for (double[] row : uniform) {
            java.util.Arrays.fill(row, 1.0 / 8);
        }
        InceptionScore score = new InceptionScore();
        score.addProbabilities(uniform);
        InceptionScore.Result result = score.compute();
        assertEquals(1.0, result.mean(), 1e-12);
        assertEquals(0.0, result.standardDeviation(), 1e-12);
    }

    @Test
    void evenOneHotScoresClassCount() {
        // 140 samples cycling through 7 classes: each split of 14 contains every class twice, so
        // p(y) is uniform, each KL is log 7 and every split scores exactly 7.
        InceptionScore score = new InceptionScore();
        score.addProbabilities(oneHotCycle(140, 7));
        InceptionScore.Result result = score.compute();
        assertEquals(7.0, result.mean(), 1e-12);
        assertEquals(0.0, result.standardDeviation(), 1e-12);
        assertEquals(10, result.splits());
        assertEquals(140, result.fakeCount());
        assertEquals(0, result.realCount());
    }

    @Test
    void standardDeviationIsPopulation() {
        // Split 1: 4 uniform rows over 2 classes, IS 1. Split 2: 4 one-hot rows alternating
        // between the 2 classes, IS 2. Mean 1.5; population deviation sqrt(0.25) = 0.5.
        InceptionScore score = new InceptionScore(2);
        double[][] rows = {
            {0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5},
            {1, 0}, {0, 1}, {1, 0}, {0, 1}
        };
        score.addProbabilities(rows);
        InceptionScore.Result result = score.compute();
        assertEquals(1.5, result.mean(), 1e-12);
        assertEquals(0.5, result.standardDeviation(), 1e-12);
    }

    @Test
    void logitsGoThroughSoftmax() {
        // Logits (0, ln 3) and (ln 3, 0) give p = (1/4, 3/4) and (3/4, 1/4), p(y) = (1/2, 1/2).
        // KL of each = 1/4 ln(1/2) + 3/4 ln(3/2) = 0.1308120..., so IS = exp(0.1308120...).
        double log3 = Math.log(3);
        double expected = Math.exp(0.25 * Math.log(0.5) + 0.75 * Math.log(1.5));
        InceptionScore score = new InceptionScore(1);
        try (NDManager manager = KitEngine.newManager()) {
            score.addLogits(manager.create(new float[][] {{0f, (float) log3}, {(float) log3, 0f}}));
        }
        assertEquals(expected, score.compute().mean(), 1e-6);
        assertEquals(1.139753, expected, 1e-6);
    }

    @Test
    void matchesNumpySplitFormula() throws Exception {
        // 103 samples: splits of 10 or 11 rows at floor(s * 103 / 10), as the reference code.
        int rows = 103;
        int classes = 6;
        Random random = new Random(7);
        double[][] probabilities = new double[rows][classes];
        for (double[] row : probabilities) {
            float sum = 0;
            float[] weights = new float[classes];
            for (int c = 0; c < classes; c++) {
                weights[c] = (float) Math.pow(random.nextDouble(), 3);
                sum += weights[c];
            }
            for (int c = 0; c < classes; c++) {
                row[c] = weights[c] / sum;
            }
        }
        InceptionScore score = new InceptionScore();
        score.addProbabilities(java.util.Arrays.copyOfRange(probabilities, 0, 40));
        score.addProbabilities(java.util.Arrays.copyOfRange(probabilities, 40, rows));
        InceptionScore.Result result = score.compute();

        // The values go through float32, as the class stores them.
        double[][] stored = new double[rows][classes];
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < classes; c++) {
                stored[i][c] = (float) probabilities[i][c];
            }
        }
        PythonOracle.writeMatrix(directory.resolve("p.txt"), stored);
        String output = PythonOracle.run(
                "import numpy as np",
                "p = np.loadtxt('" + directory.resolve("p.txt") + "')",
                "n, s = p.shape[0], 10",
                "scores = []",
                "for i in range(s):",
                "    part = p[i * n // s:(i + 1) * n // s]",
                "    q = part.mean(axis=0, keepdims=True)",
                "    kl = (part * (np.log(part) - np.log(q))).sum(axis=1).mean()",
                "    scores.append(np.exp(kl))",
                "print(repr(np.mean(scores)), repr(np.std(scores)))");
        double[] expected = PythonOracle.parse(output);
        assertEquals(expected[0], result.mean(), 1e-10 * expected[0]);
        assertEquals(expected[1], result.standardDeviation(), 1e-9);
    }

    @Test
    void rejectsRowsNotSummingToOne() {
        InceptionScore score = new InceptionScore();
        assertThrows(IllegalArgumentException.class,
                () -> score.addProbabilities(new double[][] {{0.2, 0.2}}));
    }

    @Test
    void rejectsNegativeProbabilities() {
        InceptionScore score = new InceptionScore();
        assertThrows(IllegalArgumentException.class,
                () -> score.addProbabilities(new double[][] {{-0.5, 1.5}}));
    }

    @Test
    void rejectsChangingClassCount() {
        InceptionScore score = new InceptionScore();
        score.addProbabilities(new double[][] {{0.5, 0.5}});
        assertThrows(IllegalArgumentException.class,
                () -> score.addProbabilities(new double[][] {{1.0, 0, 0}}));
    }

    @Test
    void rejectsFewerSamplesThanSplits() {
        InceptionScore score = new InceptionScore();
        score.addProbabilities(oneHotCycle(9, 3));
        assertThrows(IllegalStateException.class, score::compute);
    }

    @Test
    void rejectsZeroSplits() {
        assertThrows(IllegalArgumentException.class, () -> new InceptionScore(0));
    }

    @Test
    void resetDiscardsSamples() {
        InceptionScore score = new InceptionScore(1);
        score.addProbabilities(oneHotCycle(4, 2));
        score.reset();
        assertEquals(0, score.count());
        score.addProbabilities(oneHotCycle(3, 3));
        assertEquals(3.0, score.compute().mean(), 1e-12);
    }
}
