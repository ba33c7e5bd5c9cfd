package io.github.ufskit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Stops a network's trainable weights from collecting gradients while it is open.
 *
 * <p>During the generator step the critic's weights must not collect gradients, because DJL's
 * PyTorch engine never clears gradients when a collector opens and they would leak into the next
 * critic update. DJL's {@code Block.freezeParameters(false)} would also turn gradients on for
 * batch-norm running statistics, so this class only touches parameters that are trainable and
 * restores exactly those.
 */
public final class CriticFreeze implements AutoCloseable {

    private final List<NDArray> frozen = new ArrayList<>();

    /**
     * Freezes the trainable parameters of {@code block}.
     *
     * @param block an initialized network
     */
    public CriticFreeze(Block block) {
        for (Parameter parameter : block.getParameters().values()) {
            NDArray array = parameter.getArray();
            if (parameter.requiresGradient() && array.hasGradient()) {
                array.setRequiresGradient(false);
                frozen.add(array);
            }
        }
    }

    /** Lets the frozen parameters collect gradients again. */
    @Override
    public void close() {
        for (NDArray array : frozen) {
            array.setRequiresGradient(true);
        }
        frozen.clear();
    }
}
