package io.github.ufskit.experiments;

import io.github.ufskit.report.Charts;
import io.github.ufskit.suppression.SuppressionSettings;
import io.github.ufskit.suppression.UnrealisticFeatureSuppression;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.XYChart;

/** Charts that explain the UFS module. */
public final class SuppressionFigures {

    private SuppressionFigures() {}

    /**
     * Plots the suppression factor S against the distance ratio R (equation 9) for some settings,
     * the graphs of Figure 3.
     *
     * @param settings the settings to draw, each as one line labelled with alpha, beta, epsilon
     * @return the chart
     */
    public static XYChart ratioToFactor(SuppressionSettings... settings) {
        if (settings.length == 0) {
            throw new IllegalArgumentException("give at least one setting to plot");
        }
        int points = 401;
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (SuppressionSettings setting : settings) {
            double[] ratio = new double[points];
            double[] factor = new double[points];
            for (int i = 0; i < points; i++) {
                ratio[i] = -1 + 3.0 * i / (points - 1);
                factor[i] = UnrealisticFeatureSuppression.factor(ratio[i], setting);
            }
            String label =
                    String.format(
                            "α=%s β=%s ε=%s",
                            trim(setting.alpha()), trim(setting.beta()), trim(setting.epsilon()));
            series.put(label, new double[][] {ratio, factor});
        }
        return Charts.lines(
                "Suppression factor S against distance ratio R (equation 9)",
                "R = D / M (0: real mean, 1: fake mean)",
                "S",
                series);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
