package io.github.ufskit.nn.layers;

import static io.github.ufskit.nn.layers.LayerFixtures.array;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.github.ufskit.engine.KitEngine;
import org.junit.jupiter.api.Test;

class OrthogonalRegularizationTest {

    /** Holds several layers side by side so the penalty walks nested parameter paths. */
    private static final class Holder extends AbstractBlock {

        private final SpectralLinear linear;
        private final SpectralConv2d convolution;
        private final SpectralEmbedding embedding;
        private final SpectralLinear singleRow;

        Holder() {
            linear = addChildBlock("linear",
                    new SpectralLinear(3, 4, true, true, new NormalInitializer(1f)));
            convolution = addChildBlock("convolution",
                    new SpectralConv2d(2, 3, 3, 1, true, false, new NormalInitializer(1f)));
            embedding = addChildBlock("classes",
                    new SpectralEmbedding(5, 3, false, new NormalInitializer(1f)));
            singleRow = addChildBlock("score",
                    new SpectralLinear(3, 1, false, false, new NormalInitializer(1f)));
        }

        void initialize(NDManager manager) {
            linear.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
            convolution.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 4, 4));
            embedding.initialize(manager, DataType.FLOAT32, new Shape(1));
            singleRow.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                PairList<String, Object> params) {
            throw new UnsupportedOperationException("Holder only groups parameters");
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }

    /** Returns sum over off-diagonal (a, b) of (row_a . row_b)^2 for W viewed as rows x rest. */
    private static double offDiagonalSquares(NDArray weight) {
        int rows = (int) weight.getShape().get(0);
        int columns = (int) (weight.getShape().size() / rows);
        float[] values = weight.toFloatArray();
        double total = 0;
        for (int a = 0; a < rows; a++) {
            for (int b = 0; b < rows; b++) {
                if (a == b) {
                    continue;
                }
                double dot = 0;
                for (int k = 0; k < columns; k++) {
                    dot += (double) values[a * columns + k] * values[b * columns + k];
                }
                total += dot * dot;
            }
        }
        return total;
    }

    @Test
    void penaltySumsEligibleWeightsOnly() {
        try (NDManager manager = KitEngine.newManager()) {
            Engine.getEngine(KitEngine.ENGINE_NAME).setRandomSeed(71);
            Holder holder = new Holder();
            holder.initialize(manager);
            NDArray anchor = manager.zeros(new Shape(1));
            double linear = offDiagonalSquares(array(holder, "linear_weight"));
            double convolution = offDiagonalSquares(array(holder, "convolution_weight"));
            double embedding = offDiagonalSquares(array(holder, "classes_embedding"));
            assertTrue(embedding > 1, "the fixture's embedding must matter if it were counted");

            NDArray penalty = OrthogonalRegularization.penalty(
                    holder, new ParameterStore(manager, false), anchor, 0.25);

            assertEquals(new Shape(), penalty.getShape());
            double expected = 0.25 * (linear + convolution);
            assertEquals(expected, penalty.getFloat(), 1e-5 * expected);
        }
    }

    @Test
    void gradientOfTwoByTwoMatchesHand() {
        // W = [[1, 2], [3, 4]]: s = 1*3 + 2*4 = 11, R = beta * 2 s^2 = 121 for beta = 0.5.
        // dR/dW = 4 beta (W W^T (.) (1 - I)) W = 2 * [[0, 11], [11, 0]] W = [[66, 88], [22, 44]].
        try (NDManager manager = KitEngine.newManager()) {
            SpectralLinear layer = new SpectralLinear(2, 2, false, true, new NormalInitializer());
            layer.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            NDArray weight = array(layer, "weight");
            weight.set(new float[] {1, 2, 3, 4});
            NDArray penalty;
            try (GradientCollector collector = KitEngine.get().newGradientCollector()) {
                penalty = OrthogonalRegularization.penalty(
                        layer, new ParameterStore(manager, false), manager.zeros(new Shape(1)),
                        0.5);
                collector.backward(penalty);
            }
            assertEquals(121f, penalty.getFloat(), 1e-4f);
            assertArrayEquals(new float[] {66, 88, 22, 44}, weight.getGradient().toFloatArray(),
                    1e-4f);
        }
    }

    @Test
    void orthogonalWeightsHaveZeroPenalty() {
        try (NDManager manager = KitEngine.newManager()) {
            Engine.getEngine(KitEngine.ENGINE_NAME).setRandomSeed(72);
            Block layer = new SpectralConv2d(4, 6, 3, 1, false, false, new OrthogonalInitializer());
            layer.initialize(manager, DataType.FLOAT32, new Shape(1, 4, 5, 5));
            NDArray penalty = OrthogonalRegularization.penalty(
                    layer, new ParameterStore(manager, false), manager.zeros(new Shape(1)), 1);
            assertEquals(0f, penalty.getFloat(), 1e-8f);
        }
    }

    @Test
    void rejectsNegativeStrength() {
        try (NDManager manager = KitEngine.newManager()) {
            Block layer = new SpectralLinear(2, 2, false, false, new NormalInitializer());
            layer.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> OrthogonalRegularization.penalty(layer,
                            new ParameterStore(manager, false), manager.zeros(new Shape(1)), -1));
            assertTrue(error.getMessage().contains("got -1.0"), error.getMessage());
        }
    }
}
