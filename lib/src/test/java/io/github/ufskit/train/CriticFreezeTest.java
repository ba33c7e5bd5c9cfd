package io.github.ufskit.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import io.github.ufskit.engine.KitEngine;
import org.junit.jupiter.api.Test;

class CriticFreezeTest {

    @Test
    void freezeStopsGradientsAndRestoresOnlyTrainableOnes() {
        try (NDManager manager = KitEngine.newManager()) {
            BatchNorm norm = BatchNorm.builder().build();
            norm.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 4, 4));
            try (CriticFreeze frozen = new CriticFreeze(norm)) {
                for (Parameter parameter : norm.getParameters().values()) {
                    assertFalse(parameter.getArray().hasGradient(), parameter.getName());
                }
            }
            for (Parameter parameter : norm.getParameters().values()) {
                boolean running =
                        parameter.getType() == Parameter.Type.RUNNING_MEAN
                                || parameter.getType() == Parameter.Type.RUNNING_VAR;
                if (running) {
                    assertFalse(parameter.getArray().hasGradient(), parameter.getName());
                } else {
                    assertTrue(parameter.getArray().hasGradient(), parameter.getName());
                }
            }
        }
    }
}
