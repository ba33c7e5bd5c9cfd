package io.github.ufskit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.github.ufskit.engine.KitEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExponentialMovingAverageTest {

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = KitEngine.newManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    private SequentialBlock network() {
        SequentialBlock block =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(2).build())
                        .add(BatchNorm.builder().build());
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
        return block;
    }

    private static Parameter parameter(SequentialBlock block, String suffix) {
        return block.getParameters().stream()
                .filter(pair -> pair.getKey().endsWith(suffix))
                .findFirst()
                .orElseThrow()
                .getValue();
    }

    private void set(SequentialBlock block, String suffix, float... values) {
        Parameter parameter = parameter(block, suffix);
        manager.create(values, parameter.getArray().getShape()).copyTo(parameter.getArray());
    }

    @Test
    void trainedWeightsAreAveragedAndStatisticsCopied() {
        SequentialBlock trained = network();
        SequentialBlock averaged = network();
        set(trained, "01Linear_weight", 1, 2, 3, 4);
        set(trained, "02BatchNorm_runningMean", 5, 6);
        ExponentialMovingAverage.copy(trained, averaged);
        assertArrayEquals(
                new float[] {1, 2, 3, 4},
                parameter(averaged, "01Linear_weight").getArray().toFloatArray());

        set(trained, "01Linear_weight", 3, 2, -1, 8);
        set(trained, "02BatchNorm_runningMean", 7, 0);
        ExponentialMovingAverage.update(trained, averaged, 0.75);
        // 0.75 * {1, 2, 3, 4} + 0.25 * {3, 2, -1, 8} = {1.5, 2, 2, 5}.
        assertArrayEquals(
                new float[] {1.5f, 2, 2, 5},
                parameter(averaged, "01Linear_weight").getArray().toFloatArray(),
                1e-6f);
        // Running statistics describe the current weights, so they are copied.
        assertArrayEquals(
                new float[] {7, 0},
                parameter(averaged, "02BatchNorm_runningMean").getArray().toFloatArray());
    }

    @Test
    void decayOutsideTheUnitIntervalIsRejected() {
        SequentialBlock trained = network();
        SequentialBlock averaged = network();
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ExponentialMovingAverage.update(trained, averaged, 1.0));
        assertTrue(error.getMessage().contains("[0, 1)"), error.getMessage());
    }

    @Test
    void networksOfOtherArchitecturesAreRejected() {
        SequentialBlock trained = network();
        SequentialBlock other = new SequentialBlock().add(Linear.builder().setUnits(2).build());
        other.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ExponentialMovingAverage.copy(trained, other));
        assertTrue(error.getMessage().contains("same architecture"), error.getMessage());
    }
}
