package io.github.ufskit.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.engine.KitEngine;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OrthogonalInitializerTest {

    /**
     * Checks W W^T = gain^2 I when rows <= columns, else W^T W = gain^2 I, in double precision
     * on the host.
     */
    private static void assertOrthogonal(Shape shape, double gain) {
        try (NDManager manager = KitEngine.newManager()) {
            Engine.getEngine(KitEngine.ENGINE_NAME).setRandomSeed(51);
            NDArray weight = new OrthogonalInitializer(gain)
                    .initialize(manager, shape, DataType.FLOAT32);
            assertEquals(shape, weight.getShape());
            int rows = (int) shape.get(0);
            int columns = (int) (shape.size() / rows);
            float[] values = weight.toFloatArray();
            boolean wide = rows <= columns;
            int size = wide ? rows : columns;
            for (int a = 0; a < size; a++) {
                for (int b = 0; b < size; b++) {
                    double dot = 0;
                    int length = wide ? columns : rows;
                    for (int k = 0; k < length; k++) {
                        double left = wide ? values[a * columns + k] : values[k * columns + a];
                        double right = wide ? values[b * columns + k] : values[k * columns + b];
                        dot += left * right;
                    }
                    double expected = a == b ? gain * gain : 0;
                    assertEquals(expected, dot, 1e-5 * gain * gain,
                            shape + ": entry (" + a + ", " + b + ") of the Gram matrix");
                }
            }
        }
    }

    @Test
    void tallMatrixHasOrthonormalColumns() {
        assertOrthogonal(new Shape(8, 3), 1);
    }

    @Test
    void wideMatrixHasOrthonormalRows() {
        assertOrthogonal(new Shape(3, 8), 1);
    }

    @Test
    void squareMatrixIsOrthogonal() {
        assertOrthogonal(new Shape(6, 6), 1);
    }

    @Test
    void convolutionKernelIsOrthogonal() {
        // (4, 2, 3, 3) is viewed as 4 x 18, (20, 2, 1, 1) as 20 x 2.
        assertOrthogonal(new Shape(4, 2, 3, 3), 1);
        assertOrthogonal(new Shape(20, 2, 1, 1), 1);
    }

    @Test
    void gainScalesTheMatrix() {
        assertOrthogonal(new Shape(5, 7), 2);
    }

    @Test
    void sameSeedGivesSameValues() {
        try (NDManager manager = KitEngine.newManager()) {
            OrthogonalInitializer initializer = new OrthogonalInitializer();
            Shape shape = new Shape(6, 4, 3, 3);
            Engine engine = Engine.getEngine(KitEngine.ENGINE_NAME);
            engine.setRandomSeed(7);
            float[] first = initializer.initialize(manager, shape, DataType.FLOAT32)
                    .toFloatArray();
            engine.setRandomSeed(7);
            float[] second = initializer.initialize(manager, shape, DataType.FLOAT32)
                    .toFloatArray();
            engine.setRandomSeed(8);
            float[] other = initializer.initialize(manager, shape, DataType.FLOAT32)
                    .toFloatArray();
            assertArrayEquals(first, second, 0f);
            assertFalse(Arrays.equals(first, other), "another seed should change the values");
        }
    }

    @Test
    void resultIsSignFixedQOfTheDraw() {
        // With the same seed the initializer draws the same Gaussian A (5 x 3, tall), so
        // R = W^T A must be upper triangular with a positive diagonal: W is the Q of A = Q R
        // with the sign fix, not some other orthonormal basis.
        try (NDManager manager = KitEngine.newManager()) {
            Engine engine = Engine.getEngine(KitEngine.ENGINE_NAME);
            engine.setRandomSeed(61);
            NDArray gaussian = manager.randomNormal(new Shape(5, 3));
            engine.setRandomSeed(61);
            NDArray weight = new OrthogonalInitializer()
                    .initialize(manager, new Shape(5, 3), DataType.FLOAT32);
            float[] r = weight.transpose().matMul(gaussian).toFloatArray();
            for (int i = 0; i < 3; i++) {
                assertTrue(r[i * 3 + i] > 0, "diagonal entry " + i + " of R: " + r[i * 3 + i]);
                for (int j = 0; j < i; j++) {
                    assertEquals(0f, r[i * 3 + j], 1e-5f, "entry (" + i + ", " + j + ") of R");
                }
            }
        }
    }

    @Test
    void rejectsVectorsAndBadGain() {
        try (NDManager manager = KitEngine.newManager()) {
            IllegalArgumentException vector = assertThrows(IllegalArgumentException.class,
                    () -> new OrthogonalInitializer().initialize(
                            manager, new Shape(5), DataType.FLOAT32));
            assertTrue(vector.getMessage().contains("at least 2 dimensions"),
                    vector.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new OrthogonalInitializer(0));
        assertThrows(IllegalArgumentException.class,
                () -> new OrthogonalInitializer(Double.NaN));
    }
}
