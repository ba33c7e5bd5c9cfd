package io.github.ufskit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageNetTest {

    @TempDir Path train;

    /** Creates synset folders n00000000, n00000001, ... with one file named after the folder. */
    private void writeSynsets(int count) throws Exception {
        for (int i = count - 1; i >= 0; i--) {
            String synset = String.format("n%08d", i);
            Files.createDirectories(train.resolve(synset));
            Files.write(train.resolve(synset).resolve(synset + "_1.JPEG"), new byte[] {1});
        }
    }

    @Test
    void dogsAndCatsKeepLabels151To293() throws Exception {
        writeSynsets(ImageNet.CLASS_COUNT);
        ImageFolder dogsAndCats = ImageNet.dogsAndCats(train);
        assertEquals(143, ImageNet.DOG_AND_CAT_CLASS_COUNT);
        assertEquals(143, dogsAndCats.classNames().size());
        assertEquals(143, dogsAndCats.size());
        assertEquals("n00000151", dogsAndCats.classNames().get(0));
        assertEquals("n00000293", dogsAndCats.classNames().get(142));
        assertEquals(0, dogsAndCats.label(0));
        assertEquals(142, dogsAndCats.label(142));
        assertTrue(dogsAndCats.file(142).toString().endsWith("n00000293_1.JPEG"));
    }

    @Test
    void trainLabelsSynsetsInSortedOrder() throws Exception {
        writeSynsets(ImageNet.CLASS_COUNT);
        ImageFolder all = ImageNet.train(train);
        assertEquals(1000, all.size());
        assertEquals("n00000000", all.classNames().get(0));
        assertEquals(999, all.label(999));
    }

    @Test
    void wrongClassCountFails() throws Exception {
        writeSynsets(999);
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> ImageNet.train(train));
        assertTrue(error.getMessage().contains("has 999 class folders, expected 1000"),
                error.getMessage());
        assertTrue(error.getMessage().contains("data-scripts/imagenet"), error.getMessage());
    }
}
