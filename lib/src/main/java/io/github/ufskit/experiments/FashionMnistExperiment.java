package io.github.ufskit.experiments;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.ufskit.data.FashionMnist;
import io.github.ufskit.data.ImageDataset;
import io.github.ufskit.data.Split;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.metrics.FashionMnistClassifier;
import io.github.ufskit.metrics.InceptionScore;
import io.github.ufskit.metrics.ManifoldMetrics;
import io.github.ufskit.metrics.FeatureStatistics;
import io.github.ufskit.metrics.FidScore;
import io.github.ufskit.nn.wgangp.ResNetCritic;
import io.github.ufskit.report.Charts;
import io.github.ufskit.report.Comparison;
import io.github.ufskit.report.ImageGrid;
import io.github.ufskit.report.MetricsLogs;
import io.github.ufskit.report.PaperResults;
import io.github.ufskit.selection.KSchedule;
import io.github.ufskit.selection.SampleSelection;
import io.github.ufskit.suppression.SuppressionSettings;
import io.github.ufskit.train.Evaluator;
import io.github.ufskit.train.GanTrainer;
import io.github.ufskit.train.TrainingConfig;
import io.github.ufskit.train.TrainingData;
import io.github.ufskit.train.TrainingResult;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * WGAN-GP with and without UFS and Top-k on Fashion-MNIST, the CPU-sized counterpart of the
 * CIFAR-10 experiment of Table 1 in the UFS paper. It keeps that experiment's modified WGAN-GP
 * (a critic that scores an 8 x 8 map), its UFS setting (alpha 0, beta 1, epsilon 1, gamma 1e-4)
 * and Top-k with k annealed from the batch size to half of it.
 *
 * <p>Scores are Fréchet distances on the features of a small Fashion-MNIST classifier, not on
 * Inception features. They rank the variants against each other but cannot be compared with the
 * Inception FIDs of the UFS paper, and every table labels them that way. Runs are written under
 * {@link KitPaths#runs(Profile)}, one directory per variant and settings, and a rerun resumes or
 * reuses them.
 */
public final class FashionMnistExperiment implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(FashionMnistExperiment.class);
    private static final String FID_KEY = "fid/fashion-mnist-classifier";

    /**
     * Environment variable that overrides the profile's number of generator steps, for a longer
     * (or shorter) run at the profile's other sizes.
     */
    public static final String STEPS_VARIABLE = "UFS_STEPS";

    /** The trained variants, named as in Table 1 of the UFS paper. */
    public enum Variant {
        /** Plain modified WGAN-GP. */
        WGAN_GP("WGAN-GP", false, false),
        /** WGAN-GP with UFS in the generator step. */
        UFS("WGAN-GP + UFS", true, false),
        /** WGAN-GP whose generator learns from the top-k fake samples. */
        TOP_K("WGAN-GP + Top-k", false, true),
        /** Both. */
        TOP_K_UFS("WGAN-GP + Top-k + UFS", true, true);

        private final String method;
        private final boolean suppression;
        private final boolean topK;

        Variant(String method, boolean suppression, boolean topK) {
            this.method = method;
            this.suppression = suppression;
            this.topK = topK;
        }

        /**
         * Returns the method name used in tables, as in Table 1 of the UFS paper.
         *
         * @return the name
         */
        public String method() {
            return method;
        }

        String slug() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /**
     * Sizes of the experiment for one profile.
     *
     * @param trainImages training images used, taken from the start of the training split
     * @param width channels of the generator's and critic's blocks
     * @param batchSize real and fake batch size
     * @param criticSteps critic updates per generator update
     * @param steps generator updates per run
     * @param evaluationSamples generated images per FID evaluation
     * @param referenceImages real images of the FID reference statistics (test split)
     * @param evaluateEvery steps between FID evaluations, 0 = only at the end
     * @param trainedClassifier whether the feature network is the trained classifier (false
     *     only for the smoke profile, which uses seeded random weights)
     */
    public record Settings(
            int trainImages,
            int width,
            int batchSize,
            int criticSteps,
            long steps,
            int evaluationSamples,
            int referenceImages,
            int evaluateEvery,
            boolean trainedClassifier) {}

    private final Profile profile;
    private final Settings settings;
    private final Path runsDirectory;
    private final ImageDataset train;
    private final FashionMnistClassifier extractor;
    private final ImageDataset referenceImages;
    private final FeatureStatistics reference;
    private final String scoreLabel;

    private FashionMnistExperiment(
            Profile profile,
            Settings settings,
            Path runsDirectory,
            ImageDataset train,
            ImageDataset referenceImages,
            FashionMnistClassifier extractor,
            FeatureStatistics reference) {
        this.profile = profile;
        this.settings = settings;
        this.runsDirectory = runsDirectory;
        this.train = train;
        this.referenceImages = referenceImages;
        this.extractor = extractor;
        this.reference = reference;
        this.scoreLabel =
                settings.trainedClassifier()
                        ? "FID (Fashion-MNIST classifier features)"
                        : "FID (untrained classifier features, smoke check only)";
    }

    /**
     * Returns the sizes used for a profile, with the step count from {@code UFS_STEPS} when that
     * variable is set.
     *
     * @param profile smoke, cpu or paper
     * @return the settings
     */
    public static Settings settings(Profile profile) {
        Settings defaults = defaultSettings(profile);
        String steps = System.getenv(STEPS_VARIABLE);
        if (steps == null || steps.isBlank()) {
            return defaults;
        }
        long override;
        try {
            override = Long.parseLong(steps.trim());
        } catch (NumberFormatException e) {
            override = 0;
        }
        if (override < 1) {
            throw new IllegalArgumentException(
                    STEPS_VARIABLE + " must be a positive whole number of generator steps, got '"
                            + steps + "'; unset it to use the profile's " + defaults.steps());
        }
        return new Settings(
                defaults.trainImages(),
                defaults.width(),
                defaults.batchSize(),
                defaults.criticSteps(),
                override,
                defaults.evaluationSamples(),
                defaults.referenceImages(),
                (int) Math.max(defaults.evaluateEvery(), override / 5),
                defaults.trainedClassifier());
    }

    private static Settings defaultSettings(Profile profile) {
        return switch (profile) {
            case SMOKE -> new Settings(256, 8, 16, 2, 3, 128, 256, 0, false);
            case CPU -> new Settings(60_000, 16, 32, 5, 250, 2_000, 10_000, 50, true);
            case PAPER -> new Settings(60_000, 128, 64, 5, 100_000, 10_000, 10_000, 5_000, true);
        };
    }

    /**
     * Loads Fashion-MNIST from Debian's {@code dataset-fashion-mnist} location, the feature
     * network and the reference statistics for a profile.
     *
     * @param profile smoke, cpu or paper
     * @return the experiment; close it to free the feature network
     * @throws IOException when the data set or a cache cannot be read or written
     */
    public static FashionMnistExperiment create(Profile profile) throws IOException {
        return create(profile, FashionMnist.DEFAULT_DIRECTORY, KitPaths.runs(profile));
    }

    /**
     * Loads the data, the feature network and the reference statistics.
     *
     * @param profile smoke, cpu or paper
     * @param datasetDirectory the folder of the Fashion-MNIST IDX files
     * @param runsDirectory where the runs are written
     * @return the experiment
     * @throws IOException when the data set or a cache cannot be read or written
     */
    public static FashionMnistExperiment create(
            Profile profile, Path datasetDirectory, Path runsDirectory) throws IOException {
        Settings settings = settings(profile);
        ImageDataset fullTrain = FashionMnist.load(datasetDirectory, Split.TRAIN);
        ImageDataset train = fullTrain.subset(0, Math.min(settings.trainImages(), fullTrain.size()));
        ImageDataset test = FashionMnist.load(datasetDirectory, Split.TEST);
        ImageDataset referenceImages =
                test.subset(0, Math.min(settings.referenceImages(), test.size()));
        FashionMnistClassifier extractor =
                settings.trainedClassifier()
                        ? FashionMnistClassifier.loadOrTrain(
                                FashionMnistClassifier.defaultCacheDirectory(),
                                datasetDirectory,
                                FashionMnistClassifier.Options.defaults())
                        : FashionMnistClassifier.initialize(7);
        FeatureStatistics reference =
                FidScore.loadOrComputeStatistics(
                        runsDirectory.resolve("reference-statistics"), extractor, referenceImages, 500);
        return new FashionMnistExperiment(
                profile, settings, runsDirectory, train, referenceImages, extractor, reference);
    }

    /**
     * Returns the profile's sizes as a two-column table.
     *
     * @return the settings table
     */
    public Table settingsTable() {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("profile", profile.label());
        rows.put("training images", String.valueOf(train.size()));
        rows.put("network width", String.valueOf(settings.width()));
        rows.put("batch size", String.valueOf(settings.batchSize()));
        rows.put("critic steps per generator step", String.valueOf(settings.criticSteps()));
        rows.put("generator steps per run", String.valueOf(settings.steps()));
        rows.put("critic output", "8 x 8 map (modified WGAN-GP)");
        rows.put("UFS", "alpha 0, beta 1, epsilon 1, gamma 1e-4");
        rows.put("Top-k", "k from " + settings.batchSize() + " to " + settings.batchSize() / 2);
        rows.put("score", scoreLabel);
        rows.put("generated images per score", String.valueOf(settings.evaluationSamples()));
        rows.put("reference images (test split)", String.valueOf(reference.count()));
        rows.put("runs directory", runsDirectory.toString());
        return Table.create(
                "Fashion-MNIST experiment settings (" + profile.label() + " profile)",
                StringColumn.create("setting", rows.keySet()),
                StringColumn.create("value", rows.values()));
    }

    /**
     * Returns the label of the score column, naming the feature network.
     *
     * @return such as "FID (Fashion-MNIST classifier features)"
     */
    public String scoreLabel() {
        return scoreLabel;
    }

    /**
     * Returns a grid of the first 32 training images.
     *
     * @return the picture
     */
    public BufferedImage realImages() {
        try (NDManager manager = KitEngine.newManager()) {
            int[] first = new int[Math.min(32, train.size())];
            for (int i = 0; i < first.length; i++) {
                first[i] = i;
            }
            return ImageGrid.of(train.images(manager, first), 16);
        }
    }

    /**
     * Returns the training configuration of a variant in this profile.
     *
     * @param variant the variant
     * @return the configuration
     */
    public TrainingConfig config(Variant variant) {
        TrainingConfig.Builder builder =
                TrainingConfig.builder()
                        .name(variant.slug())
                        .width(settings.width())
                        .batchSize(settings.batchSize())
                        .criticSteps(settings.criticSteps())
                        .steps(settings.steps())
                        .criticOutput(ResNetCritic.Output.MAP)
                        .logEvery((int) Math.max(1, Math.min(10, settings.steps() / 20)))
                        .evaluateEvery(settings.evaluateEvery())
                        .checkpointEvery((int) Math.max(1, settings.steps() / 10))
                        .seed(1);
        if (variant.suppression) {
            builder.suppression(SuppressionSettings.wganGp());
        }
        if (variant.topK) {
            int batch = settings.batchSize();
            builder.selection(
                    SampleSelection.TOP_K,
                    KSchedule.linear(batch, batch / 2, settings.steps()),
                    "linear " + batch + " to " + batch / 2 + " over the run");
        }
        return builder.build();
    }

    /**
     * Trains a variant, or resumes or reuses an earlier run with the same settings.
     *
     * @param variant the variant
     * @return the outcome, with the final score
     */
    public TrainingResult run(Variant variant) {
        TrainingConfig config = config(variant);
        Path runDirectory = runDirectory(config);
        logger.info("{}: {} steps into {}", variant.method(), config.steps(), runDirectory);
        try (GanTrainer trainer = new GanTrainer(config, trainingData(), 1, runDirectory)) {
            trainer.evaluator(evaluator());
            trainer.sampleGridWriter(FashionMnistExperiment::writeGrid);
            return trainer.train();
        }
    }

    /**
     * Trains a variant (or reuses its finished run) and walks through the UFS computation on its
     * critic with a batch of real training images.
     *
     * @param variant the variant whose critic is used
     * @param batch real and fake images in the walkthrough
     * @return the walkthrough
     */
    public SuppressionWalkthrough walkthrough(Variant variant, int batch) {
        TrainingConfig config = config(variant);
        Path runDirectory = runDirectory(config);
        try (GanTrainer trainer = new GanTrainer(config, trainingData(), 1, runDirectory);
                NDManager manager = KitEngine.newManager()) {
            trainer.evaluator(evaluator());
            trainer.sampleGridWriter(FashionMnistExperiment::writeGrid);
            trainer.train();
            int[] indices = new int[Math.min(batch, train.size())];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = i;
            }
            return SuppressionWalkthrough.compute(
                    trainer.critic(),
                    trainer.criticStore(),
                    trainer.sampler(),
                    train.images(manager, indices),
                    SuppressionSettings.wganGp(),
                    12);
        }
    }

    /**
     * Builds the table of final scores, one row per run.
     *
     * @param results runs in the order to show
     * @return columns Method, the score, steps, minutes
     */
    public Table summary(Map<Variant, TrainingResult> results) {
        StringColumn methods = StringColumn.create("Method");
        DoubleColumn scores = DoubleColumn.create(scoreLabel);
        DoubleColumn steps = DoubleColumn.create("generator steps");
        DoubleColumn minutes = DoubleColumn.create("training minutes in this notebook run");
        for (Map.Entry<Variant, TrainingResult> entry : results.entrySet()) {
            methods.append(entry.getKey().method());
            scores.append(entry.getValue().finalMetrics().getOrDefault(FID_KEY, Double.NaN));
            steps.append(entry.getValue().steps());
            minutes.append(entry.getValue().seconds() / 60);
        }
        return Table.create(
                "Fashion-MNIST, modified WGAN-GP (" + profile.label() + " profile)",
                methods,
                scores,
                steps,
                minutes);
    }

    /**
     * Scores every run with the other three metrics of the UFS paper on the classifier's feature
     * space: the Inception Score's formula on the classifier's class probabilities (10 splits),
     * and precision, recall (k = 3), density and coverage (k = 5) against as many real test
     * images as generated ones.
     *
     * @param results finished runs
     * @return one row per run, with the sample counts
     */
    public Table fidelity(Map<Variant, TrainingResult> results) {
        int count = Math.min(settings.evaluationSamples(), referenceImages.size());
        StringColumn methods = StringColumn.create("Method");
        DoubleColumn inception = DoubleColumn.create("IS (classifier probabilities)");
        DoubleColumn inceptionSpread = DoubleColumn.create("IS std over splits");
        DoubleColumn precision = DoubleColumn.create("Precision");
        DoubleColumn recall = DoubleColumn.create("Recall");
        DoubleColumn density = DoubleColumn.create("Density");
        DoubleColumn coverage = DoubleColumn.create("Coverage");
        DoubleColumn realCount = DoubleColumn.create("real images");
        DoubleColumn fakeCount = DoubleColumn.create("generated images");
        try (NDManager manager = KitEngine.newManager()) {
            NDArray realFeatures =
                    ManifoldMetrics.extractFeatures(
                            extractor, referenceImages.subset(0, count), 250, manager);
            for (Variant variant : results.keySet()) {
                TrainingConfig config = config(variant);
                try (GanTrainer trainer =
                                new GanTrainer(config, trainingData(), 1, runDirectory(config));
                        NDManager scope = manager.newSubManager()) {
                    trainer.train();
                    InceptionScore score = new InceptionScore();
                    NDList features = new NDList();
                    for (int done = 0; done < count; done += 250) {
                        NDArray images =
                                trainer.sampler().sample(scope, Math.min(250, count - done), done);
                        features.add(extractor.extract(images));
                        score.addLogits(extractor.logits(images));
                    }
                    ManifoldMetrics.Result manifold =
                            ManifoldMetrics.compute(realFeatures, NDArrays.concat(features));
                    InceptionScore.Result is = score.compute();
                    methods.append(variant.method());
                    inception.append(is.mean());
                    inceptionSpread.append(is.standardDeviation());
                    precision.append(manifold.precision());
                    recall.append(manifold.recall());
                    density.append(manifold.density());
                    coverage.append(manifold.coverage());
                    realCount.append(manifold.realCount());
                    fakeCount.append(manifold.fakeCount());
                }
            }
        }
        return Table.create(
                "IS, precision, recall, density and coverage on Fashion-MNIST classifier features ("
                        + profile.label()
                        + " profile)",
                methods,
                inception,
                inceptionSpread,
                precision,
                recall,
                density,
                coverage,
                realCount,
                fakeCount);
    }

    /**
     * Puts our scores beside the CIFAR-10 FIDs of Table 1 of the UFS paper.
     *
     * @param results our runs
     * @return the comparison table
     */
    public Table paperComparison(Map<Variant, TrainingResult> results) {
        Map<String, Double> ours = new LinkedHashMap<>();
        for (Map.Entry<Variant, TrainingResult> entry : results.entrySet()) {
            ours.put(
                    entry.getKey().method(),
                    entry.getValue().finalMetrics().getOrDefault(FID_KEY, Double.NaN));
        }
        return Comparison.of(
                PaperResults.table1Cifar10WganGp(),
                PaperResults.FID,
                ours,
                scoreLabel + ", Fashion-MNIST");
    }

    /**
     * Plots some metrics of every run against the generator step.
     *
     * @param results the runs
     * @param title the chart title
     * @param columns metric names, such as {@code loss/generator}
     * @return the chart
     */
    public XYChart curves(Map<Variant, TrainingResult> results, String title, String... columns) {
        Map<String, Table> logs = new LinkedHashMap<>();
        for (Map.Entry<Variant, TrainingResult> entry : results.entrySet()) {
            try {
                Table log = MetricsLogs.read(entry.getValue().metricsLog());
                List<String> present = new ArrayList<>(log.columnNames());
                if (!present.containsAll(List.of(columns))) {
                    // A run without a metric (no UFS factor without UFS) has no line to draw.
                    continue;
                }
                logs.put(entry.getKey().method(), log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Charts.metrics(title, logs, columns);
    }

    /**
     * Reads the final sample grid of a run.
     *
     * @param result the run
     * @return the 8 x 8 grid of generated images
     */
    public static BufferedImage finalSamples(TrainingResult result) {
        try {
            return ImageIO.read(result.finalSamples().toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + result.finalSamples(), e);
        }
    }

    private Path runDirectory(TrainingConfig config) {
        return runsDirectory.resolve(config.name() + "-" + RunNames.fingerprint(config));
    }

    private TrainingData trainingData() {
        return new TrainingData() {
            @Override
            public int size() {
                return train.size();
            }

            @Override
            public NDArray images(NDManager manager, int[] indices) {
                return train.images(manager, indices);
            }
        };
    }

    private Evaluator evaluator() {
        return (sampler, step) -> {
            FidScore fid = new FidScore(extractor, reference);
            int remaining = settings.evaluationSamples();
            long seed = 1_000_000L + step;
            try (NDManager manager = KitEngine.newManager()) {
                while (remaining > 0) {
                    int count = Math.min(250, remaining);
                    try (NDManager scope = manager.newSubManager()) {
                        fid.addFakeImages(sampler.sample(scope, count, seed++));
                    }
                    remaining -= count;
                }
            }
            return Map.of(FID_KEY, fid.compute().value());
        };
    }

    private static void writeGrid(NDArray images, Path file) {
        try {
            ImageGrid.savePng(images, 8, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sample grid " + file, e);
        }
    }

    /** Frees the feature network. */
    @Override
    public void close() {
        try {
            extractor.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close " + extractor.name(), e);
        }
    }
}
