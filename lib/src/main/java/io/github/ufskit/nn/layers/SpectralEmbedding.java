package io.github.ufskit.nn.layers;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Class embedding whose table is optionally spectrally normalized, for the projection
 * discriminator's e_y and for class-conditional generators.
 *
 * <p>y_i = E_SN[label_i] with E_SN = E / sigma(E) (see {@link SpectralNorm}). The table E has
 * shape (classes, dimension) and is normalized as that matrix, with u of shape (classes), the
 * orientation of {@code SNEmbedID} in pfnet-research/sngan_projection. Input labels (N), int64,
 * give output (N, dimension). The parameter is named {@code embedding}, which {@link
 * OrthogonalRegularization} uses to skip class embeddings.
 */
public final class SpectralEmbedding extends AbstractBlock {

    private final int classes;
    private final int dimension;
    private final Parameter table;
    private final Parameter vector;

    /**
     * Creates the embedding.
     *
     * @param classes the number of classes, at least 1
     * @param dimension the length of each embedding row, at least 1
     * @param spectralNorm whether to divide the table by its spectral norm
     * @param initializer the initializer of the raw table, not null
     * @throws IllegalArgumentException if a size is not positive or the initializer is null
     */
    public SpectralEmbedding(
            int classes, int dimension, boolean spectralNorm, Initializer initializer) {
        Layers.checkPositive("classes", classes);
        Layers.checkPositive("dimension", dimension);
        Layers.checkInitializer(initializer);
        this.classes = classes;
        this.dimension = dimension;
        this.table =
                addParameter(
                        Parameter.builder()
                                .setName("embedding")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(classes, dimension))
                                .optInitializer(initializer)
                                .build());
        this.vector =
                spectralNorm ? addParameter(SpectralNorm.vector("embedding_u", classes)) : null;
    }

    /**
     * Looks up the (normalized) rows of the given labels; the forward returns the same.
     *
     * <p>With {@code training} true this advances the power iteration, exactly as a training
     * forward does.
     *
     * @param store the store that contains the parameters
     * @param labels class indices, int64, shape (N), each in [0, classes)
     * @param training whether to run the power iteration and update u
     * @return the rows, shape (N, dimension), owned by the manager of {@code labels}, with their
     *     gradient link to the table
     * @throws IllegalArgumentException if the labels have the wrong type or shape, or a label is
     *     outside [0, classes)
     */
    public NDArray rows(ParameterStore store, NDArray labels, boolean training) {
        Layers.checkLabels("SpectralEmbedding", labels, classes);
        Device device = labels.getDevice();
        NDArray raw = store.getValue(table, device, training);
        if (vector == null) {
            NDArray selected = raw.get(labels);
            selected.attach(labels.getManager());
            return selected;
        }
        NDArray u = store.getValue(vector, device, training);
        return SpectralNorm.normalize(raw, u, training, labels.getManager()).get(labels);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(rows(parameterStore, inputs.head(), training));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), dimension)};
    }
}
