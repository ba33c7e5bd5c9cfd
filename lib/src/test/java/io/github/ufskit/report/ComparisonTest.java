package io.github.ufskit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ComparisonTest {

    private static final String LABEL = "FID (Fashion-MNIST classifier features)";

    private static Map<String, Double> ourScores() {
        Map<String, Double> ours = new LinkedHashMap<>();
        ours.put("wgan-gp  +  ufs", 12.5);
        ours.put("WGAN-GP", 14.25);
        ours.put("WGAN-GP + Small critic", 20.0);
        return ours;
    }

    @Test
    void columnsNamePaperAndOurLabel() {
        Table table = Comparison.of(PaperResults.table2CelebaWganGp(), "FID", ourScores(), LABEL);

        assertEquals(
                List.of("Method", "Paper: FID", "Ours: FID (Fashion-MNIST classifier features)"),
                table.columnNames());
        assertEquals(PaperResults.table2CelebaWganGp().name(), table.name());
    }

    @Test
    void rowsFollowPaperThenOurExtras() {
        Table table = Comparison.of(PaperResults.table2CelebaWganGp(), "FID", ourScores(), LABEL);

        assertEquals(
                List.of(
                        "WGAN-GP",
                        "WGAN-GP + Top-k",
                        "WGAN-GP + Top-k + UFS",
                        "WGAN-GP + UFS",
                        "WGAN-GP + Small critic"),
                table.stringColumn("Method").asList());
    }

    @Test
    void scoresSitSideBySide() {
        Table table = Comparison.of(PaperResults.table2CelebaWganGp(), "FID", ourScores(), LABEL);
        DoubleColumn paper = table.doubleColumn("Paper: FID");
        DoubleColumn ours = table.doubleColumn("Ours: " + LABEL);

        assertEquals(6.90, paper.getDouble(0));
        assertEquals(14.25, ours.getDouble(0));
        assertEquals(7.96, paper.getDouble(1));
        assertTrue(ours.isMissing(1));
        assertEquals(6.51, paper.getDouble(3));
        assertEquals(12.5, ours.getDouble(3));
        assertTrue(paper.isMissing(4));
        assertEquals(20.0, ours.getDouble(4));
    }

    @Test
    void ourTableIsJoined() {
        Table ours =
                Table.create(
                        "ours",
                        StringColumn.create("Method", "SNGAN + UFS", "SNGAN"),
                        DoubleColumn.create("IS", 3.5, 3.25));

        Table table =
                Comparison.of(
                        PaperResults.table3DogCatSngan(), "IS", ours, "IS", "IS (MNIST net)");

        assertEquals(11.01, table.doubleColumn("Paper: IS").getDouble(0));
        assertEquals(3.25, table.doubleColumn("Ours: IS (MNIST net)").getDouble(0));
        assertEquals(3.5, table.doubleColumn("Ours: IS (MNIST net)").getDouble(1));
        assertTrue(table.doubleColumn("Ours: IS (MNIST net)").isMissing(2));
    }

    @Test
    void labelEqualToPaperColumnIsRejected() {
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                Comparison.of(
                                        PaperResults.table1Cifar10WganGp(),
                                        "FID",
                                        ourScores(),
                                        " fid "));
        assertTrue(error.getMessage().contains("oursLabel ' fid '"), error.getMessage());
    }

    @Test
    void blankLabelIsRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Comparison.of(PaperResults.table1Cifar10WganGp(), "FID", ourScores(), " "));
    }

    @Test
    void unknownPaperColumnIsRejected() {
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                Comparison.of(
                                        PaperResults.table1Cifar10WganGp(),
                                        "IS",
                                        ourScores(),
                                        LABEL));
        assertTrue(error.getMessage().contains("no column 'IS'"), error.getMessage());
        assertTrue(error.getMessage().contains("[Method, FID]"), error.getMessage());
    }

    @Test
    void repeatedOurMethodIsRejected() {
        Map<String, Double> ours = new LinkedHashMap<>();
        ours.put("WGAN-GP", 1.0);
        ours.put("wgan-gp", 2.0);

        assertThrows(
                IllegalArgumentException.class,
                () -> Comparison.of(PaperResults.table1Cifar10WganGp(), "FID", ours, LABEL));
    }

    @Test
    void nullScoreIsMissing() {
        Map<String, Double> ours = new LinkedHashMap<>();
        ours.put("WGAN-GP", null);

        Table table = Comparison.of(PaperResults.table1Cifar10WganGp(), "FID", ours, LABEL);

        assertTrue(table.doubleColumn("Ours: " + LABEL).isMissing(0));
    }
}
