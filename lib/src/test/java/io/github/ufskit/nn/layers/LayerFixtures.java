package io.github.ufskit.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

/** Small helpers shared by the layer tests. */
final class LayerFixtures {

    private LayerFixtures() {}

    /** Returns the parameter whose path ends with the suffix, failing if there is none. */
    static Parameter parameter(Block block, String suffix) {
        return block.getParameters().stream()
                .filter(pair -> pair.getKey().endsWith(suffix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No parameter ending with " + suffix
                        + " in " + block.getParameters().keys()))
                .getValue();
    }

    /** Returns the array of the parameter whose path ends with the suffix. */
    static NDArray array(Block block, String suffix) {
        return parameter(block, suffix).getArray();
    }
}
