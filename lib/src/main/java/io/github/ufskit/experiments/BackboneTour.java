package io.github.ufskit.experiments;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.github.ufskit.cam.ClassActivationMaps;
import io.github.ufskit.cam.Heatmaps;
import io.github.ufskit.data.FashionMnist;
import io.github.ufskit.data.ImageDataset;
import io.github.ufskit.data.Split;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.nn.ImageGenerator;
import io.github.ufskit.nn.SplitCritic;
import io.github.ufskit.nn.biggan.BigGanConfig;
import io.github.ufskit.nn.biggan.BigGanDiscriminator;
import io.github.ufskit.nn.biggan.BigGanGenerator;
import io.github.ufskit.nn.sngan.SnganDiscriminator;
import io.github.ufskit.nn.sngan.SnganGenerator;
import io.github.ufskit.report.Charts;
import io.github.ufskit.report.ImageGrid;
import io.github.ufskit.report.MetricsLogs;
import io.github.ufskit.selection.KSchedule;
import io.github.ufskit.selection.SampleSelection;
import io.github.ufskit.suppression.SuppressionSettings;
import io.github.ufskit.suppression.UnrealisticFeatureSuppression;
import io.github.ufskit.train.BackbonePresets;
import io.github.ufskit.train.GanTrainer;
import io.github.ufskit.train.TrainingConfig;
import io.github.ufskit.train.TrainingData;
import io.github.ufskit.train.TrainingResult;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * SNGAN and BigGAN with UFS and Top-k on class-conditional Fashion-MNIST, and class activation
 * maps of the trained critic: a tour of the kit's conditional backbones that runs on a CPU.
 *
 * <p>Fashion-MNIST's grayscale images are repeated into three channels (both networks draw RGB)
 * and, for BigGAN's 64 x 64 networks, enlarged by pixel repetition. Each model is trained with
 * the UFS setting Kim and Lee use for SNGAN and BigGAN (alpha 1, beta 1.5, epsilon 2, gamma 1e-4)
 * and Top-k with k annealed from the batch size to half of it. Runs are written under {@link
 * KitPaths#runs(Profile)} and a rerun resumes or reuses them.
 */
public final class BackboneTour {

    /** The conditional models of the tour. */
    public enum Model {
        /** SNGAN's 32 x 32 ResNet with conditional batch norm and a projection critic. */
        SNGAN_32("SNGAN 32 × 32"),
        /** BigGAN at 64 x 64. */
        BIGGAN_64("BigGAN 64 × 64");

        private final String label;

        Model(String label) {
            this.label = label;
        }

        /**
         * Returns the model's name for tables and titles.
         *
         * @return the label
         */
        public String label() {
            return label;
        }
    }

    /**
     * Sizes of the tour for one profile.
     *
     * @param trainImages how many Fashion-MNIST training images to use
     * @param steps generator steps of each run
     * @param snganWidths SNGAN's generator and critic widths
     * @param bigGanWidth BigGAN's width of both networks
     * @param batchSize samples per batch
     * @param shortRun true for runs of a few hundred steps. They use one or two critic updates
     *     per generator update instead of SNGAN's five and BigGAN's two. Their EMA has decay
     *     0.999 from mid-run, because BigGAN's 0.9999 from step 20,000 would still show the
     *     initial weights
     * @param checkpointEvery generator steps between checkpoints
     */
    record Settings(
            int trainImages,
            long steps,
            int[] snganWidths,
            int bigGanWidth,
            int batchSize,
            boolean shortRun,
            int checkpointEvery) {}

    private final Profile profile;
    private final Settings settings;
    private final ImageDataset train;
    private final Path runsDirectory;

    private BackboneTour(Profile profile, ImageDataset train, Path runsDirectory) {
        this.profile = profile;
        this.settings = settings(profile);
        this.train = train;
        this.runsDirectory = runsDirectory;
    }

    /**
     * Loads Fashion-MNIST from Debian's package and prepares the tour for a profile.
     *
     * @param profile smoke, cpu or paper
     * @return the tour
     * @throws IOException when the data set cannot be read
     */
    public static BackboneTour create(Profile profile) throws IOException {
        return create(profile, FashionMnist.DEFAULT_DIRECTORY, KitPaths.runs(profile));
    }

    /**
     * Loads Fashion-MNIST from a directory and prepares the tour.
     *
     * @param profile smoke, cpu or paper
     * @param datasetDirectory the directory with Fashion-MNIST's IDX files
     * @param runsDirectory where the runs are written
     * @return the tour
     * @throws IOException when the data set cannot be read
     */
    public static BackboneTour create(Profile profile, Path datasetDirectory, Path runsDirectory)
            throws IOException {
        Settings settings = settings(profile);
        ImageDataset full = FashionMnist.load(datasetDirectory, Split.TRAIN);
        ImageDataset train = full.subset(0, Math.min(settings.trainImages(), full.size()));
        return new BackboneTour(profile, train, runsDirectory);
    }

    static Settings settings(Profile profile) {
        return switch (profile) {
            case SMOKE -> new Settings(256, 4, new int[] {8, 8}, 8, 8, true, 2);
            case CPU -> new Settings(10_000, 300, new int[] {32, 32}, 8, 16, true, 100);
            case PAPER -> new Settings(
                    60_000, 50_000, new int[] {256, 128}, 64, 64, false, 1_000);
        };
    }

    /**
     * Returns the training settings of a model in a profile.
     *
     * @param profile smoke, cpu or paper
     * @param model SNGAN or BigGAN
     * @return the configuration its run uses
     */
    static TrainingConfig config(Profile profile, Model model) {
        Settings settings = settings(profile);
        int batch = settings.batchSize();
        int classes = FashionMnist.CLASS_NAMES.size();
        TrainingConfig.Builder builder =
                switch (model) {
                    case SNGAN_32 -> BackbonePresets.sngan32(classes)
                            .widths(settings.snganWidths()[0], settings.snganWidths()[1]);
                    case BIGGAN_64 -> BackbonePresets.bigGan64(classes)
                            .widths(settings.bigGanWidth(), settings.bigGanWidth());
                };
        if (settings.shortRun()) {
            builder.criticSteps(profile == Profile.SMOKE ? 1 : 2);
            if (model == Model.BIGGAN_64) {
                builder.ema(0.999, settings.steps() / 2);
            }
        }
        return builder.name(model.name().toLowerCase().replace('_', '-') + "-fashion-mnist")
                .batchSize(batch)
                .steps(settings.steps())
                .suppression(SuppressionSettings.sngan())
                .selection(
                        SampleSelection.TOP_K,
                        KSchedule.linear(batch, batch / 2, settings.steps()),
                        "linear " + batch + " to " + (batch / 2))
                .logEvery((int) Math.max(1, settings.steps() / 30))
                .sampleEvery(0)
                .checkpointEvery(settings.checkpointEvery())
                .build();
    }

    /**
     * Builds every generator and critic that the UFS paper trains, at its published size, and
     * counts its trainable parameters beside the reference implementation's count for the same
     * configuration.
     *
     * <p>Weights are drawn from a normal distribution here rather than by the orthogonal
     * initialization of BigGAN, which takes minutes at these sizes on a CPU and does not change
     * the count. Spectral norm's vectors and batch norm's running statistics are not counted,
     * as PyTorch's {@code parameters()} leaves out buffers.
     *
     * @return one row per network
     */
    public static Table parameterCounts() {
        Table table =
                Table.create(
                        "Trainable parameters at the paper's sizes",
                        StringColumn.create("network"),
                        StringColumn.create("kit"),
                        StringColumn.create("reference"),
                        StringColumn.create("reference count from"));

        String snganSource = "hand count of pfnet-research/sngan_projection's layer list";
        addCount(table, "SNGAN G 32 × 32, width 256, unconditional",
                SnganGenerator.resolution32(128, 256, 0), 4_276_739, snganSource);
        addCount(table, "SNGAN D 32 × 32, width 128, unconditional",
                SnganDiscriminator.resolution32(128, 0), 1_053_824,
                snganSource + "; its D_L has no bias, the kit's keeps one");
        addCount(table, "SNGAN G 64 × 64, width 64, 143 classes",
                SnganGenerator.resolution64(128, 64, 143), 13_038_595, snganSource);
        addCount(table, "SNGAN D 64 × 64, width 64, 143 classes",
                SnganDiscriminator.resolution64(64, 143), 10_287_873, snganSource);

        String bigGanSource =
                "ajbrock/BigGAN-PyTorch BigGAN.py built with torch, parameters() summed";
        BigGanConfig small = BigGanConfig.resolution64(1000);
        BigGanConfig large = BigGanConfig.resolution128(1000);
        addCount(table, "BigGAN G 64 × 64, width 64, 1,000 classes",
                BigGanGenerator.create(small), 31_969_540, bigGanSource + ", attention at 32");
        addCount(table, "BigGAN D 64 × 64, width 64, 1,000 classes",
                BigGanDiscriminator.create(small), 20_571_842, bigGanSource + ", attention at 32");
        addCount(table, "BigGAN G 128 × 128, width 96, 1,000 classes",
                BigGanGenerator.create(large), 70_433_988, bigGanSource);
        addCount(table, "BigGAN D 128 × 128, width 96, 1,000 classes",
                BigGanDiscriminator.create(large), 87_982_370, bigGanSource);
        return table;
    }

    /** Initializes a network with cheap weights, counts its trainable values and adds a row. */
    private static void addCount(
            Table table, String name, Block network, long referenceCount, String source) {
        long count = 0;
        try (NDManager manager = KitEngine.newManager()) {
            network.setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
            if (network instanceof ImageGenerator generator) {
                generator.initialize(manager);
            } else {
                ((SplitCritic) network).initialize(manager);
            }
            for (Parameter parameter : network.getParameters().values()) {
                if (parameter.requiresGradient()) {
                    count += parameter.getArray().getShape().size();
                }
            }
        }
        table.stringColumn(0).append(name);
        table.stringColumn(1).append(String.format("%,d", count));
        table.stringColumn(2).append(String.format("%,d", referenceCount));
        table.stringColumn(3).append(source);
    }

    /**
     * Returns the training settings of a model in this profile.
     *
     * @param model SNGAN or BigGAN
     * @return the configuration its run uses
     */
    public TrainingConfig config(Model model) {
        return config(profile, model);
    }

    /**
     * Returns the settings of both runs side by side.
     *
     * @return a table with one row per setting and one column per model
     */
    public Table settingsTable() {
        StringColumn names = StringColumn.create("setting");
        Map<Model, StringColumn> columns = new LinkedHashMap<>();
        for (Model model : Model.values()) {
            columns.put(model, StringColumn.create(model.label()));
        }
        Map<String, Object> first = config(Model.SNGAN_32).describe();
        for (String key : first.keySet()) {
            names.append(key);
            for (Model model : Model.values()) {
                columns.get(model).append(String.valueOf(config(model).describe().get(key)));
            }
        }
        Table table = Table.create("Settings (" + profile.label() + " profile)", names);
        columns.values().forEach(table::addColumns);
        return table;
    }

    /**
     * Trains a model, or resumes or reuses its earlier run.
     *
     * @param model SNGAN or BigGAN
     * @return the run's outcome
     */
    public TrainingResult run(Model model) {
        try (GanTrainer trainer = trainer(model)) {
            return trainer.train();
        }
    }

    /**
     * Reads the final 8 x 8 sample grid of a run.
     *
     * @param result the run
     * @return the grid
     */
    public static BufferedImage finalSamples(TrainingResult result) {
        try {
            return ImageIO.read(result.finalSamples().toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + result.finalSamples(), e);
        }
    }

    /**
     * Plots metrics of the runs against the generator step.
     *
     * @param results the runs by model
     * @param title the chart title
     * @param columns metric names in {@code metrics.jsonl}
     * @return the chart
     */
    public XYChart curves(Map<Model, TrainingResult> results, String title, String... columns) {
        Map<String, Table> logs = new LinkedHashMap<>();
        for (Map.Entry<Model, TrainingResult> entry : results.entrySet()) {
            try {
                logs.put(entry.getKey().label(), MetricsLogs.read(entry.getValue().metricsLog()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Charts.metrics(title, logs, columns);
    }

    /**
     * Draws class activation maps (equation 10) of a trained model's critic on generated images
     * of every class. Each row shows an image and three maps: CAM (what the critic scores),
     * CAM_UFS (what still reaches the generator's loss after suppression) and CAM_SUP (what UFS
     * suppressed).
     *
     * <p>The suppression factors need the critic's mean real and fake features (equation 4);
     * they are measured here on one batch of real images and one batch of generated images,
     * as a training step would record them.
     *
     * @param model a model whose run has finished
     * @param rows how many generated images, one class after another, at least 1
     * @return the heatmap grid with titled columns and rows, also written to {@code cam.png} in
     *     the run directory
     */
    public BufferedImage classActivationMaps(Model model, int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1, got " + rows);
        }
        TrainingConfig config = config(model);
        int classes = config.classCount();
        try (GanTrainer trainer = trainer(model);
                NDManager manager = KitEngine.newManager()) {
            TrainingResult result = trainer.train();
            SplitCritic critic = trainer.critic();
            ParameterStore store = trainer.criticStore();

            // Equation 4's means, from one real and one generated batch.
            int batch = config.batchSize();
            int[] indices = new int[batch];
            long[] batchClasses = new long[batch];
            for (int i = 0; i < batch; i++) {
                indices[i] = i;
                batchClasses[i] = i % classes;
            }
            TrainingData data = trainingData(config.imageSize());
            NDArray real = data.images(manager, indices);
            NDArray realLabels = manager.create(data.labels(indices));
            NDArray fake = trainer.sample(manager, batchClasses, 7);
            NDArray fakeLabels = manager.create(batchClasses);
            try (UnrealisticFeatureSuppression suppression =
                    new UnrealisticFeatureSuppression(manager, config.suppression())) {
                NDArray realFeatures = critic.features(store, real, false);
                NDArray fakeFeatures = critic.features(store, fake, false);
                suppression.recordCriticStep(
                        realFeatures,
                        critic.effectiveWeight(store, realFeatures, realLabels),
                        fakeFeatures,
                        critic.effectiveWeight(store, fakeFeatures, fakeLabels));

                // The maps of new images, one class after another.
                long[] shownClasses = new long[rows];
                List<String> titles = new ArrayList<>();
                for (int i = 0; i < rows; i++) {
                    shownClasses[i] = i % classes;
                    titles.add(FashionMnist.CLASS_NAMES.get(i % classes));
                }
                NDArray images = trainer.sample(manager, shownClasses, 11);
                ClassActivationMaps maps =
                        ClassActivationMaps.of(
                                critic, store, images, manager.create(shownClasses), suppression);
                int scale = config.imageSize() == 32 ? 4 : 2;
                BufferedImage grid =
                        Heatmaps.titled(
                                Heatmaps.grid(images, maps, scale, Heatmaps.DEFAULT_OPACITY),
                                titles);
                Charts.savePng(grid, result.runDirectory().resolve("cam.png"));
                return grid;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the class activation maps", e);
        }
    }

    /**
     * Returns some training images as the networks of a model see them.
     *
     * @param model SNGAN or BigGAN
     * @return a grid of 32 images
     */
    public BufferedImage realImages(Model model) {
        try (NDManager manager = KitEngine.newManager()) {
            int[] indices = new int[32];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = i;
            }
            NDArray images = trainingData(config(model).imageSize()).images(manager, indices);
            return ImageGrid.of(images, 8);
        }
    }

    private GanTrainer trainer(Model model) {
        TrainingConfig config = config(model);
        Path directory = runsDirectory.resolve(config.name() + "-" + RunNames.fingerprint(config));
        GanTrainer trainer =
                new GanTrainer(config, trainingData(config.imageSize()), 3, directory);
        trainer.sampleGridWriter(
                (images, file) -> {
                    try {
                        ImageGrid.savePng(images, 8, file);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write sample grid " + file, e);
                    }
                });
        return trainer;
    }

    private TrainingData trainingData(int imageSize) {
        return new GrayToRgbData(train, imageSize / (int) train.height());
    }
}
