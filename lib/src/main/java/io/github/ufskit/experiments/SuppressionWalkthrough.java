package io.github.ufskit.experiments;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.nn.SplitCritic;
import io.github.ufskit.report.Charts;
import io.github.ufskit.suppression.SuppressionSettings;
import io.github.ufskit.suppression.UnrealisticFeatureSuppression;
import io.github.ufskit.train.ImageSampler;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Runs the UFS computation once on a trained critic, step by step, and keeps every intermediate
 * value for display. It records the statistics of equation 4, then computes for one fake image
 * the weighted feature, margin, distance, ratio and factor of each channel (equations 5 to 9).
 *
 * <p>It also applies the same factors to real images. A critic that separates real from fake
 * gives real features factors near the maximum and fake features lower ones, which is the point
 * of the module.
 *
 * @param channels per-channel values for the first fake image (at the centre position of a map
 *     critic)
 * @param shares share of factors at the maximum, at the minimum and in between, for fake and for
 *     real images, over the features that are not zero
 * @param fakeFactors the factors of the fake batch's non-zero features
 * @param realFactors the factors of the real batch's non-zero features
 */
public record SuppressionWalkthrough(
        Table channels, Table shares, float[] fakeFactors, float[] realFactors) {

    /**
     * Computes the walkthrough.
     *
     * @param critic a trained split critic
     * @param criticStore the critic's parameter store
     * @param sampler draws generated images
     * @param realImages a batch of real images (N, C, H, W) in [-1, 1]
     * @param settings the UFS hyperparameters
     * @param shownChannels how many channels the channel table lists
     * @return the walkthrough
     */
    public static SuppressionWalkthrough compute(
            SplitCritic critic,
            ParameterStore criticStore,
            ImageSampler sampler,
            NDArray realImages,
            SuppressionSettings settings,
            int shownChannels) {
        try (NDManager manager = KitEngine.newManager();
                UnrealisticFeatureSuppression ufs =
                        new UnrealisticFeatureSuppression(manager, settings)) {
            int batch = (int) realImages.getShape().get(0);
            NDArray real = realImages.toDevice(manager.getDevice(), true);
            real.attach(manager);
            NDArray fake = sampler.sample(manager, batch, 99);
            NDArray realFeatures = critic.features(criticStore, real, false);
            NDArray fakeFeatures = critic.features(criticStore, fake, false);
            NDArray weight = critic.lastLayerWeight(criticStore, realFeatures);
            ufs.recordCriticStep(realFeatures, fakeFeatures, weight);
            float[] realMean = ufs.realMean();
            float[] fakeMean = ufs.fakeMean();
            NDArray fakeFactors = ufs.suppressionFactors(fakeFeatures, weight);
            ufs.recordCriticStep(realFeatures, fakeFeatures, weight);
            NDArray realFactors = ufs.suppressionFactors(realFeatures, weight);
            float[] w = weight.toFloatArray();
            float[] firstFake = firstVector(fakeFeatures);
            Table channels =
                    channelTable(realMean, fakeMean, w, firstFake, settings, shownChannels);
            // A feature that is exactly 0 (a ReLU channel that is off) gets the ratio 1 through the
            // gamma branch, but its factor changes nothing, so the shares leave such features out.
            float[] fakeAll = fakeFeatures.toFloatArray();
            float[] realAll = realFeatures.toFloatArray();
            float[] fakeValues = nonZero(fakeFactors.toFloatArray(), fakeAll);
            float[] realValues = nonZero(realFactors.toFloatArray(), realAll);
            Table shares =
                    shareTable(
                            fakeValues,
                            realValues,
                            1 - (double) fakeValues.length / fakeAll.length,
                            1 - (double) realValues.length / realAll.length,
                            settings);
            return new SuppressionWalkthrough(channels, shares, fakeValues, realValues);
        }
    }

    /**
     * Plots the distribution of the factors for fake and for real images.
     *
     * @param settings the settings used, for the range of the factors
     * @return a chart of the share of factors per bin
     */
    public XYChart factorHistogram(SuppressionSettings settings) {
        double low = Math.min(settings.minimumFactor(), settings.maximumFactor());
        double high = Math.max(settings.minimumFactor(), settings.maximumFactor());
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("fake images", histogram(fakeFactors, low, high, 20));
        series.put("real images", histogram(realFactors, low, high, 20));
        return Charts.lines(
                "Distribution of the suppression factors S", "S", "share of factors", series);
    }

    private static float[] firstVector(NDArray features) {
        if (features.getShape().dimension() == 2) {
            return features.get(0).toFloatArray();
        }
        long height = features.getShape().get(2);
        long width = features.getShape().get(3);
        return features.get(0).get(":, {}, {}", height / 2, width / 2).toFloatArray();
    }

    private static Table channelTable(
            float[] realMean,
            float[] fakeMean,
            float[] weight,
            float[] firstFake,
            SuppressionSettings settings,
            int shown) {
        IntColumn channel = IntColumn.create("channel c");
        DoubleColumn realColumn = DoubleColumn.create("mu_real (eq. 4)");
        DoubleColumn fakeColumn = DoubleColumn.create("mu_fake (eq. 4)");
        DoubleColumn weighted = DoubleColumn.create("Y_hat = w*Y (eq. 5)");
        DoubleColumn margin = DoubleColumn.create("M (eq. 6)");
        DoubleColumn distance = DoubleColumn.create("D (eq. 7)");
        DoubleColumn ratio = DoubleColumn.create("R (eq. 8)");
        DoubleColumn factor = DoubleColumn.create("S (eq. 9)");
        int count = 0;
        for (int c = 0; c < realMean.length && count < shown; c++) {
            if (realMean[c] == 0 && fakeMean[c] == 0) {
                // A channel that is off for every image carries no information about realism.
                continue;
            }
            double yHat = (double) weight[c] * firstFake[c];
            double m = realMean[c] - fakeMean[c];
            double d = realMean[c] - yHat;
            double r = UnrealisticFeatureSuppression.ratio(d, m, settings);
            channel.append(c);
            realColumn.append(realMean[c]);
            fakeColumn.append(fakeMean[c]);
            weighted.append(yHat);
            margin.append(m);
            distance.append(d);
            ratio.append(r);
            factor.append(UnrealisticFeatureSuppression.factor(r, settings));
            count++;
        }
        return Table.create(
                "UFS step by step for the first generated image, first "
                        + count
                        + " channels that are not always zero",
                channel,
                realColumn,
                fakeColumn,
                weighted,
                margin,
                distance,
                ratio,
                factor);
    }

    private static float[] nonZero(float[] factors, float[] features) {
        int count = 0;
        for (float feature : features) {
            if (feature != 0) {
                count++;
            }
        }
        float[] kept = new float[count];
        int next = 0;
        for (int i = 0; i < features.length; i++) {
            if (features[i] != 0) {
                kept[next++] = factors[i];
            }
        }
        return kept;
    }

    private static Table shareTable(
            float[] fake,
            float[] real,
            double fakeZeroShare,
            double realZeroShare,
            SuppressionSettings settings) {
        StringColumn images = StringColumn.create("images");
        DoubleColumn zero = DoubleColumn.create("share of zero features (left out)");
        DoubleColumn kept = DoubleColumn.create("share with S = " + settings.maximumFactor());
        DoubleColumn between = DoubleColumn.create("share in between");
        DoubleColumn lowest = DoubleColumn.create("share with S = " + settings.minimumFactor());
        DoubleColumn mean = DoubleColumn.create("mean S");
        for (String name : new String[] {"fake", "real"}) {
            boolean isFake = name.equals("fake");
            double[] share = shares(isFake ? fake : real, settings);
            images.append(name);
            zero.append(isFake ? fakeZeroShare : realZeroShare);
            kept.append(share[0]);
            between.append(share[1]);
            lowest.append(share[2]);
            mean.append(share[3]);
        }
        return Table.create(
                "Suppression factors of the non-zero features of a fake and a real batch",
                images,
                zero,
                kept,
                between,
                lowest,
                mean);
    }

    private static double[] shares(float[] factors, SuppressionSettings settings) {
        double tolerance = 1e-6;
        int kept = 0;
        int lowest = 0;
        double sum = 0;
        for (float factor : factors) {
            sum += factor;
            if (Math.abs(factor - settings.maximumFactor()) < tolerance) {
                kept++;
            } else if (Math.abs(factor - settings.minimumFactor()) < tolerance) {
                lowest++;
            }
        }
        double n = factors.length;
        return new double[] {kept / n, (n - kept - lowest) / n, lowest / n, sum / n};
    }

    private static double[][] histogram(float[] values, double low, double high, int bins) {
        double[] centres = new double[bins];
        double[] shares = new double[bins];
        double width = (high - low) / bins;
        for (int i = 0; i < bins; i++) {
            centres[i] = low + (i + 0.5) * width;
        }
        for (float value : values) {
            int bin = (int) Math.floor((value - low) / width);
            shares[Math.max(0, Math.min(bins - 1, bin))] += 1.0 / values.length;
        }
        return new double[][] {centres, shares};
    }
}
