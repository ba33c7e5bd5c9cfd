package io.github.ufskit.report;

import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Numbers reported in Kim and Lee, "Unrealistic Feature Suppression for Generative Adversarial
 * Networks" (the UFS paper), as tablesaw tables for notebooks to show beside the kit's results.
 *
 * <p>Each table's name gives the paper's table or figure number and the setting it was measured
 * in. Methods are named as in the paper without citation marks, such as {@code "WGAN-GP + Top-k
 * + UFS"}. FID and IS in the paper are computed with Inception-v3 features on the paper's data
 * sets, so they are not comparable with scores computed with other features or data; {@link
 * Comparison} labels the two apart.
 */
public final class PaperResults {

    /** Column of method names in every table. */
    public static final String METHOD = "Method";

    /** Column of Fréchet Inception Distance, lower is better. */
    public static final String FID = "FID";

    /** Column of Inception Score, higher is better. */
    public static final String IS = "IS";

    /** Column of precision (Kynkäänniemi et al.), higher is better. */
    public static final String PRECISION = "Precision";

    /** Column of recall (Kynkäänniemi et al.), higher is better. */
    public static final String RECALL = "Recall";

    /** Column of density (Naeem et al.), higher is better. */
    public static final String DENSITY = "Density";

    /** Column of coverage (Naeem et al.), higher is better. */
    public static final String COVERAGE = "Coverage";

    /** Column of the UFS lower bound α of equation 9. */
    public static final String ALPHA = "alpha";

    /** Column of the UFS upper bound β of equation 9. */
    public static final String BETA = "beta";

    /** Column of the UFS shift ε of equation 9. */
    public static final String EPSILON = "epsilon";

    /**
     * Column of Table 6 stating whether the setting suppresses unrealistic features ({@code 0 < ε
     * - β < 1}) or dismisses them. The paper prints "Dismission" where this table uses
     * "Dismissal".
     */
    public static final String UFS_EFFECT = "UFS effect";

    /** Value of {@link #UFS_EFFECT} for settings that dismiss unrealistic features. */
    public static final String DISMISSAL = "Dismissal";

    /** Value of {@link #UFS_EFFECT} for settings that suppress unrealistic features. */
    public static final String SUPPRESSION = "Suppression";

    /** Column of iterations until FID first reaches 10. */
    public static final String ITERATIONS_TO_FID_10 = "Iterations to FID 10";

    /** Column of iterations until the best FID. */
    public static final String ITERATIONS_TO_BEST_FID = "Iterations to best FID";

    private PaperResults() {}

    /**
     * Returns the best FID of sample selection in Figure 4: modified WGAN-GP (8×8 critic
     * output) on CIFAR-10 with batch 64 and k = 32, trained for 500 epochs, FID on 10k real and
     * 10k fake images every 10 epochs. The figure plots random-k and the baseline as well, but
     * the paper gives numbers only for bottom-k and top-k.
     *
     * @return columns {@value #METHOD} and {@value #FID}
     */
    public static Table figure4SampleSelection() {
        return Table.create(
                "Figure 4: best FID of sample selection, modified WGAN-GP on CIFAR-10"
                        + " (batch 64, k = 32, 500 epochs)",
                StringColumn.create(METHOD, "WGAN-GP + Bottom-k", "WGAN-GP + Top-k"),
                DoubleColumn.create(FID, 15.6, 16.1));
    }

    /**
     * Returns Table 1: FID of modified WGAN-GP on CIFAR-10, with Top-k, Bottom-k or Random-k
     * sample selection and with UFS (α = 0, β = 1, ε = 1, γ = 0.0001), after 500 epochs.
     *
     * @return columns {@value #METHOD} and {@value #FID}, eight rows in the paper's order
     */
    public static Table table1Cifar10WganGp() {
        return Table.create(
                "Table 1: FID of modified WGAN-GP on CIFAR-10"
                        + " (500 epochs, UFS α = 0, β = 1, ε = 1, γ = 0.0001)",
                StringColumn.create(
                        METHOD,
                        "WGAN-GP",
                        "WGAN-GP + Random-k",
                        "WGAN-GP + Bottom-k",
                        "WGAN-GP + Top-k",
                        "WGAN-GP + UFS",
                        "WGAN-GP + Random-k + UFS",
                        "WGAN-GP + Bottom-k + UFS",
                        "WGAN-GP + Top-k + UFS"),
                DoubleColumn.create(FID, 17.56, 17.29, 15.62, 16.13, 15.67, 16.10, 16.64, 15.87));
    }

    /**
     * Returns Table 2: FID of WGAN-GP on CelebA after 100 epochs with batch 64, Top-k with k
     * decreasing from 64 to 32, and UFS with α = 0, β = 1, ε = 1, γ = 0.0001.
     *
     * @return columns {@value #METHOD} and {@value #FID}, four rows in the paper's order
     */
    public static Table table2CelebaWganGp() {
        return Table.create(
                "Table 2: FID of WGAN-GP on CelebA (100 epochs, batch 64, k 64 → 32,"
                        + " UFS α = 0, β = 1, ε = 1, γ = 0.0001)",
                StringColumn.create(
                        METHOD,
                        "WGAN-GP",
                        "WGAN-GP + Top-k",
                        "WGAN-GP + Top-k + UFS",
                        "WGAN-GP + UFS"),
                DoubleColumn.create(FID, 6.90, 7.96, 7.81, 6.51));
    }

    /**
     * Returns Table 3: FID and IS of SNGAN on ImageNet dog and cat (143 classes, about 180k
     * images, 64×64) after 250k iterations with batch 64, Top-k with k decreasing from 64 to 32,
     * and UFS with α = 1, β = 1.5, ε = 2, γ = 0.0001.
     *
     * @return columns {@value #METHOD}, {@value #FID} and {@value #IS}, four rows
     */
    public static Table table3DogCatSngan() {
        return Table.create(
                "Table 3: FID and IS of SNGAN on ImageNet dog and cat 64×64 (250k iterations,"
                        + " batch 64, k 64 → 32, UFS α = 1, β = 1.5, ε = 2, γ = 0.0001)",
                StringColumn.create(
                        METHOD,
                        "SNGAN",
                        "SNGAN + UFS",
                        "SNGAN + Top-k",
                        "SNGAN + Top-k + UFS"),
                DoubleColumn.create(FID, 20.02, 19.59, 18.99, 18.84),
                DoubleColumn.create(IS, 11.01, 11.66, 11.86, 12.55));
    }

    /**
     * Returns Table 4: FID and IS of BigGAN on ImageNet 64×64 reduced to 50 % by instance
     * selection, with batch 256 and Top-k with k decreasing from 256 to 128, each trained until
     * mode collapse.
     *
     * @return columns {@value #METHOD}, {@value #FID} and {@value #IS}, four rows
     */
    public static Table table4BigGanImageNet64() {
        return Table.create(
                "Table 4: FID and IS of BigGAN on ImageNet 64×64 with 50 % instance selection"
                        + " (batch 256, k 256 → 128, trained until mode collapse)",
                bigGanMethods(),
                DoubleColumn.create(FID, 7.58, 7.84, 7.17, 6.73),
                DoubleColumn.create(IS, 49.24, 47.17, 45.05, 49.93));
    }

    /**
     * Returns Table 5: FID and IS of BigGAN on ImageNet 128×128 reduced to 50 % by instance
     * selection, after 800k iterations with batch 128 and two gradient accumulation steps, Top-k
     * with k decreasing from 128 to 64, and UFS with α = 1, ε = 2, γ = 0.0001 and β annealed from
     * 1 to 1.5.
     *
     * @return columns {@value #METHOD}, {@value #FID} and {@value #IS}, four rows
     */
    public static Table table5BigGanImageNet128() {
        return Table.create(
                "Table 5: FID and IS of BigGAN on ImageNet 128×128 with 50 % instance selection"
                        + " (800k iterations, batch 128 × 2 accumulation, k 128 → 64,"
                        + " UFS α = 1, β 1 → 1.5, ε = 2, γ = 0.0001)",
                bigGanMethods(),
                DoubleColumn.create(FID, 9.88, 11.08, 9.76, 8.78),
                DoubleColumn.create(IS, 108.40, 94.83, 108.86, 111.01));
    }

    /**
     * Returns Table 6: FID and IS of SNGAN with UFS on CIFAR-10 after 250k iterations for eight
     * settings of α, β and ε. The paper defines suppression as {@code 0 < ε - β < 1} and finds
     * α = 1, β = 1.5, ε = 2 best.
     *
     * <p>NOTE: the {@value #UFS_EFFECT} column copies the paper's labels. The paper labels the
     * setting α = 1, β = 2, ε = 3 "Suppression" although its ε - β = 1 lies outside that range,
     * and equation 9 then gives S between 1 and 2, so no feature is scaled below 1.
     *
     * @return columns {@value #ALPHA}, {@value #BETA}, {@value #EPSILON}, {@value #FID},
     *     {@value #IS} and {@value #UFS_EFFECT}, eight rows in the paper's order
     */
    public static Table table6HyperparameterSweep() {
        return Table.create(
                "Table 6: FID and IS of SNGAN + UFS on CIFAR-10 for UFS hyperparameters"
                        + " (250k iterations)",
                DoubleColumn.create(ALPHA, 0, 1, 1, 1, 1, 1, 1, 1),
                DoubleColumn.create(BETA, 1, 2, 2, 3, 1.2, 1.3, 1.4, 1.5),
                DoubleColumn.create(EPSILON, 1, 2.5, 3, 3, 2, 2, 2, 2),
                DoubleColumn.create(FID, 43.37, 19.47, 19.54, 50.57, 18.07, 19.29, 18.82, 17.10),
                DoubleColumn.create(IS, 6.20, 7.93, 8.26, 6.70, 8.09, 7.92, 8.09, 8.50),
                StringColumn.create(
                        UFS_EFFECT,
                        DISMISSAL,
                        SUPPRESSION,
                        SUPPRESSION,
                        DISMISSAL,
                        SUPPRESSION,
                        SUPPRESSION,
                        SUPPRESSION,
                        SUPPRESSION));
    }

    /**
     * Returns precision, recall, density and coverage of the best-FID models of BigGAN + Top-k
     * and BigGAN + Top-k + UFS on ImageNet 64×64, which the paper states in the text of its
     * ImageNet section next to Table 4.
     *
     * @return columns {@value #METHOD}, {@value #PRECISION}, {@value #RECALL}, {@value
     *     #DENSITY} and {@value #COVERAGE}, two rows
     */
    public static Table imageNet64Fidelity() {
        return Table.create(
                "ImageNet 64×64 (text beside Table 4): precision, recall, density and coverage"
                        + " of BigGAN with 50 % instance selection",
                StringColumn.create(METHOD, "BigGAN + Top-k + UFS", "BigGAN + Top-k"),
                DoubleColumn.create(PRECISION, 0.8547, 0.8456),
                DoubleColumn.create(RECALL, 0.6086, 0.5960),
                DoubleColumn.create(DENSITY, 1.303, 1.306),
                DoubleColumn.create(COVERAGE, 0.9406, 0.9325));
    }

    /**
     * Returns precision, recall, density and coverage of BigGAN + Top-k and BigGAN + Top-k +
     * UFS on ImageNet 128×128, which the paper states in the text next to Table 5.
     *
     * @return columns {@value #METHOD}, {@value #PRECISION}, {@value #RECALL}, {@value
     *     #DENSITY} and {@value #COVERAGE}, two rows
     */
    public static Table imageNet128Fidelity() {
        return Table.create(
                "ImageNet 128×128 (text beside Table 5): precision, recall, density and coverage"
                        + " of BigGAN with 50 % instance selection",
                StringColumn.create(METHOD, "BigGAN + Top-k + UFS", "BigGAN + Top-k"),
                DoubleColumn.create(PRECISION, 0.8963, 0.8852),
                DoubleColumn.create(RECALL, 0.5488, 0.5395),
                DoubleColumn.create(DENSITY, 1.4594, 1.3917),
                DoubleColumn.create(COVERAGE, 0.9297, 0.9101));
    }

    /**
     * Returns the training speed of BigGAN on ImageNet 64×64 that the paper states in the text
     * next to Figure 6: iterations until FID first reaches 10, and until the best FID. The paper
     * gives no best-FID iteration for BigGAN + Top-k + UFS, so that cell is missing.
     *
     * @return columns {@value #METHOD}, {@value #ITERATIONS_TO_FID_10} and {@value
     *     #ITERATIONS_TO_BEST_FID}, three rows
     */
    public static Table imageNet64TrainingSpeed() {
        IntColumn toBest =
                IntColumn.create(ITERATIONS_TO_BEST_FID, new int[] {310_000, 0, 460_000});
        toBest.setMissing(1);
        return Table.create(
                "ImageNet 64×64 (text beside Figure 6): training iterations of BigGAN with 50 %"
                        + " instance selection",
                StringColumn.create(METHOD, "BigGAN", "BigGAN + Top-k + UFS", "BigGAN + Top-k"),
                IntColumn.create(ITERATIONS_TO_FID_10, new int[] {128_000, 154_000, 194_000}),
                toBest);
    }

    /**
     * Returns every table of this class in the paper's order.
     *
     * @return Figure 4, Tables 1 to 5 each followed by its text numbers, then Table 6
     */
    public static List<Table> all() {
        return List.of(
                figure4SampleSelection(),
                table1Cifar10WganGp(),
                table2CelebaWganGp(),
                table3DogCatSngan(),
                table4BigGanImageNet64(),
                imageNet64Fidelity(),
                imageNet64TrainingSpeed(),
                table5BigGanImageNet128(),
                imageNet128Fidelity(),
                table6HyperparameterSweep());
    }

    private static StringColumn bigGanMethods() {
        return StringColumn.create(
                METHOD, "BigGAN", "BigGAN + UFS", "BigGAN + Top-k", "BigGAN + Top-k + UFS");
    }
}
