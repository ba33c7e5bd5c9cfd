package io.github.ufskit.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Checks every number against the text of the UFS paper (Kim and Lee, "Unrealistic Feature
 * Suppression for Generative Adversarial Networks"), typed in again by hand.
 */
class PaperResultsTest {

    private static void assertMethods(Table table, String... methods) {
        assertEquals(List.of(methods), table.stringColumn(PaperResults.METHOD).asList());
    }

    private static void assertColumn(Table table, String column, double... values) {
        assertArrayEquals(values, table.numberColumn(column).asDoubleArray(), 0.0, column);
    }

    @Test
    void figure4BestFid() {
        Table table = PaperResults.figure4SampleSelection();

        assertTrue(table.name().startsWith("Figure 4: "), table.name());
        assertMethods(table, "WGAN-GP + Bottom-k", "WGAN-GP + Top-k");
        assertColumn(table, "FID", 15.6, 16.1);
    }

    @Test
    void table1Cifar10() {
        Table table = PaperResults.table1Cifar10WganGp();

        assertTrue(table.name().startsWith("Table 1: "), table.name());
        assertTrue(table.name().contains("CIFAR-10"), table.name());
        assertMethods(
                table,
                "WGAN-GP",
                "WGAN-GP + Random-k",
                "WGAN-GP + Bottom-k",
                "WGAN-GP + Top-k",
                "WGAN-GP + UFS",
                "WGAN-GP + Random-k + UFS",
                "WGAN-GP + Bottom-k + UFS",
                "WGAN-GP + Top-k + UFS");
        assertColumn(table, "FID", 17.56, 17.29, 15.62, 16.13, 15.67, 16.10, 16.64, 15.87);
    }

    @Test
    void table2Celeba() {
        Table table = PaperResults.table2CelebaWganGp();

        assertTrue(table.name().startsWith("Table 2: "), table.name());
        assertTrue(table.name().contains("CelebA"), table.name());
        assertMethods(
                table, "WGAN-GP", "WGAN-GP + Top-k", "WGAN-GP + Top-k + UFS", "WGAN-GP + UFS");
        assertColumn(table, "FID", 6.90, 7.96, 7.81, 6.51);
    }

    @Test
    void table3DogCat() {
        Table table = PaperResults.table3DogCatSngan();

        assertTrue(table.name().startsWith("Table 3: "), table.name());
        assertTrue(table.name().contains("dog and cat"), table.name());
        assertMethods(table, "SNGAN", "SNGAN + UFS", "SNGAN + Top-k", "SNGAN + Top-k + UFS");
        assertColumn(table, "FID", 20.02, 19.59, 18.99, 18.84);
        assertColumn(table, "IS", 11.01, 11.66, 11.86, 12.55);
    }

    @Test
    void table4ImageNet64() {
        Table table = PaperResults.table4BigGanImageNet64();

        assertTrue(table.name().startsWith("Table 4: "), table.name());
        assertTrue(table.name().contains("64×64"), table.name());
        assertMethods(
                table, "BigGAN", "BigGAN + UFS", "BigGAN + Top-k", "BigGAN + Top-k + UFS");
        assertColumn(table, "FID", 7.58, 7.84, 7.17, 6.73);
        assertColumn(table, "IS", 49.24, 47.17, 45.05, 49.93);
    }

    @Test
    void table5ImageNet128() {
        Table table = PaperResults.table5BigGanImageNet128();

        assertTrue(table.name().startsWith("Table 5: "), table.name());
        assertTrue(table.name().contains("128×128"), table.name());
        assertMethods(
                table, "BigGAN", "BigGAN + UFS", "BigGAN + Top-k", "BigGAN + Top-k + UFS");
        assertColumn(table, "FID", 9.88, 11.08, 9.76, 8.78);
        assertColumn(table, "IS", 108.40, 94.83, 108.86, 111.01);
    }

    @Test
    void table6Sweep() {
        Table table = PaperResults.table6HyperparameterSweep();

        assertTrue(table.name().startsWith("Table 6: "), table.name());
        assertTrue(table.name().contains("SNGAN"), table.name());
        assertColumn(table, "alpha", 0, 1, 1, 1, 1, 1, 1, 1);
        assertColumn(table, "beta", 1, 2, 2, 3, 1.2, 1.3, 1.4, 1.5);
        assertColumn(table, "epsilon", 1, 2.5, 3, 3, 2, 2, 2, 2);
        assertColumn(table, "FID", 43.37, 19.47, 19.54, 50.57, 18.07, 19.29, 18.82, 17.10);
        assertColumn(table, "IS", 6.20, 7.93, 8.26, 6.70, 8.09, 7.92, 8.09, 8.50);
        assertEquals(
                List.of(
                        "Dismissal",
                        "Suppression",
                        "Suppression",
                        "Dismissal",
                        "Suppression",
                        "Suppression",
                        "Suppression",
                        "Suppression"),
                table.stringColumn("UFS effect").asList());
    }

    @Test
    void imageNet64Fidelity() {
        Table table = PaperResults.imageNet64Fidelity();

        assertMethods(table, "BigGAN + Top-k + UFS", "BigGAN + Top-k");
        assertColumn(table, "Precision", 0.8547, 0.8456);
        assertColumn(table, "Recall", 0.6086, 0.5960);
        assertColumn(table, "Density", 1.303, 1.306);
        assertColumn(table, "Coverage", 0.9406, 0.9325);
    }

    @Test
    void imageNet128Fidelity() {
        Table table = PaperResults.imageNet128Fidelity();

        assertMethods(table, "BigGAN + Top-k + UFS", "BigGAN + Top-k");
        assertColumn(table, "Precision", 0.8963, 0.8852);
        assertColumn(table, "Recall", 0.5488, 0.5395);
        assertColumn(table, "Density", 1.4594, 1.3917);
        assertColumn(table, "Coverage", 0.9297, 0.9101);
    }

    @Test
    void imageNet64TrainingSpeed() {
        Table table = PaperResults.imageNet64TrainingSpeed();

        assertMethods(table, "BigGAN", "BigGAN + Top-k + UFS", "BigGAN + Top-k");
        assertColumn(table, "Iterations to FID 10", 128_000, 154_000, 194_000);
        assertEquals(310_000, table.intColumn("Iterations to best FID").get(0));
        assertTrue(table.intColumn("Iterations to best FID").isMissing(1));
        assertEquals(460_000, table.intColumn("Iterations to best FID").get(2));
    }

    @Test
    void allListsTenTablesInPaperOrder() {
        List<String> names = PaperResults.all().stream().map(Table::name).toList();

        assertEquals(10, names.size());
        assertTrue(names.get(0).startsWith("Figure 4"), names.get(0));
        assertTrue(names.get(1).startsWith("Table 1"), names.get(1));
        assertTrue(names.get(9).startsWith("Table 6"), names.get(9));
    }

    @Test
    void tablesRenderAsHtml() {
        String html = Tables.html(PaperResults.table5BigGanImageNet128()).toString();

        assertTrue(html.contains(">108.4</td>"), html);
        assertTrue(html.contains(">BigGAN + Top-k + UFS</td>"), html);
    }
}
