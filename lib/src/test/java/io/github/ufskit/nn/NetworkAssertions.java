package io.github.ufskit.nn;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/** Checks on whole networks shared by the network tests. */
public final class NetworkAssertions {

    private NetworkAssertions() {}

    /**
     * Returns a parameter by its path without DJL's two-digit child numbers, so that {@code
     * block1_conv1_weight} finds {@code 02block1_02conv1_weight}.
     */
    public static Parameter parameterNamed(Block block, String path) {
        for (Pair<String, Parameter> pair : block.getParameters()) {
            if (pair.getKey().replaceAll("(^|_)\\d\\d", "$1").equals(path)) {
                return pair.getValue();
            }
        }
        throw new AssertionError("no parameter " + path + " in " + block.getParameters().keys());
    }

    /**
     * Counts the trained values of a network, as PyTorch's {@code parameters()} does: spectral
     * norm vectors and batch-norm running statistics are not trained and not counted.
     */
    public static long trainableParameters(Block block) {
        long count = 0;
        for (Parameter parameter : block.getParameters().values()) {
            if (parameter.requiresGradient()) {
                count += parameter.getArray().size();
            }
        }
        return count;
    }

    /**
     * Asserts that every trained parameter has a finite gradient that is not all zero, and that
     * every untrained one (spectral norm vectors, running statistics) has none.
     *
     * @param block the network after one backward pass
     * @param mayBeZero paths (without DJL's child numbers) whose gradient must be finite but may
     *     be zero, such as D_L's bias under the hinge loss
     */
    public static void assertEveryParameterHasGradient(Block block, String... mayBeZero) {
        java.util.Set<String> exempt = java.util.Set.of(mayBeZero);
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter parameter = pair.getValue();
            if (!parameter.requiresGradient()) {
                assertTrue(
                        !parameter.getArray().hasGradient(),
                        pair.getKey() + " is not trained but has a gradient");
                continue;
            }
            NDArray gradient = parameter.getArray().getGradient();
            assertNotNull(gradient, pair.getKey() + " has no gradient");
            float[] values = gradient.toFloatArray();
            boolean nonZero = false;
            for (float value : values) {
                assertTrue(Float.isFinite(value), pair.getKey() + " has a non-finite gradient");
                nonZero |= value != 0f;
            }
            String path = pair.getKey().replaceAll("(^|_)\\d\\d", "$1");
            assertTrue(nonZero || exempt.contains(path), path + " has an all-zero gradient");
        }
    }
}
