package io.github.ufskit.train;

import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs a run's progress: step, share done, main losses, speed and time left. */
final class ProgressReport {

    private static final Logger logger = LoggerFactory.getLogger(ProgressReport.class);

    private final String name;
    private final long firstStep;
    private final long lastStep;
    private final long started = System.nanoTime();

    ProgressReport(String name, long firstStep, long lastStep) {
        this.name = name;
        this.firstStep = firstStep;
        this.lastStep = lastStep;
    }

    void report(long step, int epoch, Map<String, Double> metrics) {
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = (step - firstStep) / Math.max(seconds, 1e-9);
        long remaining = rate > 0 ? (long) ((lastStep - step) / rate) : 0;
        // Runs without a gradient penalty (SNGAN, BigGAN) log no penalty column.
        String penalty =
                metrics.containsKey("penalty/gradient")
                        ? "  penalty " + format(metrics.get("penalty/gradient"))
                        : "";
        logger.info(
                "{} step {}/{} ({}%) epoch {}  critic {}{}  generator {}  {} steps/s  left {}",
                name,
                step,
                lastStep,
                100 * step / lastStep,
                epoch,
                format(metrics.get("loss/critic")),
                penalty,
                format(metrics.get("loss/generator")),
                String.format("%.2f", rate),
                Duration.ofSeconds(remaining).toString().substring(2).toLowerCase());
    }

    private static String format(Double value) {
        return value == null ? "-" : String.format("%.4f", value);
    }
}
