package io.github.ufskit.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import io.github.ufskit.data.PackedDataset;
import org.junit.jupiter.api.Test;

/**
 * Checks that the README's conditional example, which calls {@code dataset.classCount()} and
 * names a memory-mapped {@code PackedDataset} as a possible data set, compiles with one.
 */
class ReadmePackedDatasetTest {

    @Test
    void packedDatasetHasClassCount() {
        assertDoesNotThrow(
                () -> PackedDataset.class.getMethod("classCount"),
                "PackedDataset.classCount(), which the README's example calls");
    }
}
