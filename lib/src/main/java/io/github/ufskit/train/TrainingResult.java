package io.github.ufskit.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * Outcome of a training run.
 *
 * @param name the run's name
 * @param runDirectory where the run's files are
 * @param steps generator steps completed
 * @param resumedFromStep the checkpoint step the run continued from, or 0 for a fresh run
 * @param seconds wall-clock seconds of this session of the run
 * @param finalMetrics the last evaluation's metrics, empty without an evaluator
 */
public record TrainingResult(
        String name,
        Path runDirectory,
        long steps,
        long resumedFromStep,
        double seconds,
        Map<String, Double> finalMetrics) {

    /**
     * Returns the metrics log of the run.
     *
     * @return {@code metrics.jsonl} in the run directory
     */
    public Path metricsLog() {
        return runDirectory.resolve("metrics.jsonl");
    }

    /**
     * Returns the sample grid written at the last step.
     *
     * @return the PNG file
     */
    public Path finalSamples() {
        return runDirectory.resolve("samples").resolve(String.format("step-%08d.png", steps));
    }
}
