package io.github.ufskit.train;

import java.util.Map;

/** Scores a generator during or after training, for instance with the FID. */
@FunctionalInterface
public interface Evaluator {

    /**
     * Evaluates the generator at a step.
     *
     * @param sampler draws images from the generator
     * @param step the generator step reached
     * @return metric names (hierarchical, such as {@code fid/fashion-mnist-classifier}) and values
     */
    Map<String, Double> evaluate(ImageSampler sampler, long step);
}
