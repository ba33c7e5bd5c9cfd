package io.github.ufskit.nn.layers;

import static io.github.ufskit.nn.layers.LayerFixtures.array;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.github.ufskit.engine.KitEngine;
import org.junit.jupiter.api.Test;

class SpectralEmbeddingTest {

    @Test
    void rowsPickTableRows() {
        try (NDManager manager = KitEngine.newManager()) {
            SpectralEmbedding layer = new SpectralEmbedding(3, 2, false, new NormalInitializer());
            layer.initialize(manager, DataType.FLOAT32, new Shape(4));
            array(layer, "embedding").set(new float[] {1, 2, 3, 4, 5, 6});
            ParameterStore store = new ParameterStore(manager, false);
            NDArray labels = manager.create(new long[] {2, 0, 0, 1});
            NDArray rows = layer.rows(store, labels, true);
            assertEquals(new Shape(4, 2), rows.getShape());
            assertArrayEquals(new float[] {5, 6, 1, 2, 1, 2, 3, 4}, rows.toFloatArray(), 0f);
            NDArray forward = layer.forward(store, new NDList(labels), true).singletonOrThrow();
            assertArrayEquals(rows.toFloatArray(), forward.toFloatArray(), 0f);
        }
    }

    @Test
    void normalizedRowsUseTableSigma() {
        // Table [[3, 0], [0, 1], [0, 0]] has largest singular value 3 whichever orientation,
        // but u has one entry per class (3 rows), which the vector's shape pins down.
        try (NDManager manager = KitEngine.newManager()) {
            SpectralEmbedding layer = new SpectralEmbedding(3, 2, true, new NormalInitializer());
            layer.initialize(manager, DataType.FLOAT32, new Shape(2));
            assertEquals(new Shape(3), array(layer, "embedding_u").getShape());
            array(layer, "embedding").set(new float[] {3, 0, 0, 1, 0, 0});
            ParameterStore store = new ParameterStore(manager, false);
            NDArray labels = manager.create(new long[] {0, 1});
            for (int step = 0; step < 30; step++) {
                layer.rows(store, labels, true);
            }
            assertArrayEquals(new float[] {1, 0, 0, 1f / 3},
                    layer.rows(store, labels, false).toFloatArray(), 1e-4f);
        }
    }

    @Test
    void rejectsLabelsOutsideRange() {
        try (NDManager manager = KitEngine.newManager()) {
            SpectralEmbedding layer = new SpectralEmbedding(3, 2, true, new NormalInitializer());
            layer.initialize(manager, DataType.FLOAT32, new Shape(2));
            ParameterStore store = new ParameterStore(manager, false);
            IllegalArgumentException high = assertThrows(IllegalArgumentException.class,
                    () -> layer.rows(store, manager.create(new long[] {1, 3}), true));
            assertTrue(high.getMessage().contains("label 3"), high.getMessage());
            assertTrue(high.getMessage().contains("[0, 3)"), high.getMessage());
            IllegalArgumentException low = assertThrows(IllegalArgumentException.class,
                    () -> layer.rows(store, manager.create(new long[] {-1, 0}), true));
            assertTrue(low.getMessage().contains("label -1"), low.getMessage());
            IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                    () -> layer.rows(store, manager.create(new float[] {1, 0}), true));
            assertTrue(type.getMessage().contains("int64"), type.getMessage());
        }
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> new SpectralEmbedding(0, 2, true, new NormalInitializer()));
        assertThrows(IllegalArgumentException.class,
                () -> new SpectralEmbedding(3, 0, true, new NormalInitializer()));
        assertThrows(IllegalArgumentException.class,
                () -> new SpectralEmbedding(3, 2, true, null));
    }

    @Test
    void outputShapeIsBatchByDimension() {
        SpectralEmbedding layer = new SpectralEmbedding(10, 7, false, new NormalInitializer());
        assertEquals(new Shape(5, 7), layer.getOutputShapes(new Shape[] {new Shape(5)})[0]);
    }
}
