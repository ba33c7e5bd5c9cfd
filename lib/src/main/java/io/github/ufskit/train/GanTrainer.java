package io.github.ufskit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.ufskit.data.BatchPrefetcher;
import io.github.ufskit.data.EpochSampler;
import io.github.ufskit.data.HostBatch;
import io.github.ufskit.data.PixelSource;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.loss.AdversarialLoss;
import io.github.ufskit.loss.GradientPenalty;
import io.github.ufskit.nn.ImageGenerator;
import io.github.ufskit.nn.SplitCritic;
import io.github.ufskit.nn.layers.OrthogonalRegularization;
import io.github.ufskit.selection.SampleSelection;
import io.github.ufskit.selection.SampleSelector;
import io.github.ufskit.suppression.SuppressionSettings;
import io.github.ufskit.suppression.UnrealisticFeatureSuppression;
import io.github.ufskit.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a generator against a split critic with optional UFS and sample selection, and keeps
 * everything a run needs to be inspected and resumed in its run directory.
 *
 * <p>Each generator step has two phases. Critic phase, repeated {@code criticSteps} times: draw a
 * real batch and a fake batch, minimize the critic loss plus the gradient penalty, and record the
 * UFS statistics of that batch. Generator phase: with the critic's weights frozen, score a fresh
 * fake batch through D_L(Y_fake * S) when UFS is on, keep the top-, bottom- or random-k samples
 * when selection is on, and minimize the generator loss plus, for BigGAN, the orthogonal
 * regularization of its weights. With gradient accumulation each update sums the gradients of
 * {@code accumulations} batches, each loss divided by that count. After the generator update an
 * exponential moving average (EMA) of its weights is updated when the run uses one.
 *
 * <p>Class-conditional runs (SNGAN, BigGAN) feed the real images' labels to the critic and draw
 * the fake images' labels uniformly. A projection critic scores Y with w + e_y, so UFS uses that
 * per-sample weight in place of w (see {@link UnrealisticFeatureSuppression}).
 *
 * <p>Every random choice (noise, interpolation points, data order, random-k) comes from a
 * generator seeded by the run's seed and the step, so a run resumed from a checkpoint continues
 * exactly as an uninterrupted run would on the same machine. Generated images for samples and
 * evaluation use the generator's batch statistics, as the original WGAN-GP code does, and come
 * from the EMA generator when there is one.
 *
 * <p>Files in the run directory: {@code config.json}, {@code metrics.jsonl}, {@code samples/}
 * (PNG grids), {@code checkpoints/} and, at the end, {@code result.json}.
 */
public final class GanTrainer implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(GanTrainer.class);
    private static final int SAMPLE_GRID_SIZE = 64;
    private static final long SAMPLE_SEED = 20_221_204L;
    private static final int PHASE_CRITIC = 1;
    private static final int PHASE_GENERATOR = 2;

    private final TrainingConfig config;
    private final TrainingData data;
    private final Path runDirectory;
    private final NDManager manager;
    private final ImageGenerator generator;
    private final ImageGenerator averagedGenerator;
    private final SplitCritic critic;
    private final ParameterStore generatorStore;
    private final ParameterStore averagedStore;
    private final ParameterStore criticStore;
    private final Adam generatorOptimizer;
    private final Adam criticOptimizer;
    private final AdversarialLoss loss;
    private final GradientPenalty penalty;
    private final UnrealisticFeatureSuppression suppression;
    private final SampleSelector selector;
    private final Checkpoints checkpoints;
    private final EpochSampler batchOrder;
    private BatchPrefetcher<HostBatch> prefetcher;
    private long prefetchedIteration = -1;
    private Evaluator evaluator;
    private BiConsumer<NDArray, Path> sampleGridWriter;

    /**
     * Builds the networks of the configured backbone and prepares the run directory.
     *
     * @param config the run's settings
     * @param data real images of the size and channels the networks expect
     * @param imageChannels 1 or 3
     * @param runDirectory where the run's files go; an existing run there is resumed by {@link
     *     #train()}
     */
    public GanTrainer(TrainingConfig config, TrainingData data, int imageChannels, Path runDirectory) {
        config.validate();
        if (data.size() < config.batchSize()) {
            throw new IllegalArgumentException(
                    "the data set has "
                            + data.size()
                            + " images, fewer than one batch of "
                            + config.batchSize()
                            + "; lower batchSize or use more data");
        }
        checkImages(config, data, imageChannels);
        if (config.classCount() > 0) {
            checkLabels(config, data);
        }
        this.config = config;
        this.data = data;
        this.runDirectory = runDirectory;
        this.batchOrder = new EpochSampler(data.size(), config.batchSize(), true, config.seed());
        Engine engine = KitEngine.get();
        engine.setRandomSeed((int) config.seed());
        this.manager = engine.newBaseManager(engine.defaultDevice());
        checkpoints = new Checkpoints(runDirectory, config.keepCheckpoints());
        boolean resuming = hasCheckpoint(checkpoints);
        generator = Networks.generator(config, imageChannels);
        initialize(generator, resuming);
        critic = Networks.critic(config, imageChannels);
        initialize(critic, resuming);
        if (config.usesEma()) {
            averagedGenerator = Networks.generator(config, imageChannels);
            // The copy below replaces every weight, so the cheap initialization suffices.
            initialize(averagedGenerator, true);
            ExponentialMovingAverage.copy(generator, averagedGenerator);
        } else {
            averagedGenerator = null;
        }
        generatorStore = new ParameterStore(manager, false);
        averagedStore = new ParameterStore(manager, false);
        criticStore = new ParameterStore(manager, false);
        generatorOptimizer =
                new Adam(manager, generator, config.adamBeta1(), config.adamBeta2(), 1e-8);
        criticOptimizer = new Adam(manager, critic, config.adamBeta1(), config.adamBeta2(), 1e-8);
        loss = AdversarialLoss.byName(config.loss());
        penalty =
                config.gradientPenaltyWeight() > 0
                        ? new GradientPenalty(manager, config.gradientPenaltyWeight())
                        : null;
        suppression =
                config.usesSuppression()
                        ? new UnrealisticFeatureSuppression(manager, config.suppression())
                        : null;
        selector = config.selector();
    }

    private static boolean hasCheckpoint(Checkpoints checkpoints) {
        try {
            return checkpoints.latestStep() >= 0;
        } catch (IOException e) {
            // train() reports the damaged checkpoint with its fix.
            return false;
        }
    }

    /**
     * Initializes a network, with cheap random weights when they will be replaced (by a
     * checkpoint or a copy): BigGAN's orthogonal initialization takes minutes at the paper's
     * widths on a CPU.
     */
    private void initialize(Block network, boolean replaced) {
        if (replaced) {
            network.setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
        }
        if (network instanceof ImageGenerator image) {
            image.initialize(manager);
        } else {
            ((SplitCritic) network).initialize(manager);
        }
    }

    /** Rejects data whose first image does not have the shape the networks are built for. */
    private static void checkImages(TrainingConfig config, TrainingData data, int imageChannels) {
        Shape shape;
        try (NDManager probe = KitEngine.newManager()) {
            shape = data.images(probe, new int[] {0}).getShape();
        }
        int size = config.imageSize();
        if (shape.dimension() != 4 || shape.get(1) != imageChannels) {
            throw new IllegalArgumentException(
                    "the data's images have shape "
                            + shape
                            + " but the run expects (N, "
                            + imageChannels
                            + ", "
                            + size
                            + ", "
                            + size
                            + ") with imageChannels "
                            + imageChannels
                            + "; pass the data's channel count, or for the RGB networks of SNGAN"
                            + " and BigGAN repeat a gray channel three times");
        }
        if (shape.get(2) != size || shape.get(3) != size) {
            throw new IllegalArgumentException(
                    "the data's images are "
                            + shape.get(2)
                            + " x "
                            + shape.get(3)
                            + " but the run's imageSize is "
                            + size
                            + "; resize the data set or build the configuration with backbone("
                            + config.backbone()
                            + ", "
                            + shape.get(2)
                            + ") where the backbone supports that size");
        }
    }

    /** Rejects data without labels or with labels outside [0, classCount). */
    private static void checkLabels(TrainingConfig config, TrainingData data) {
        int chunk = 4096;
        long lowest = Long.MAX_VALUE;
        long highest = Long.MIN_VALUE;
        for (int start = 0; start < data.size(); start += chunk) {
            int[] indices = new int[Math.min(chunk, data.size() - start)];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = start + i;
            }
            long[] labels;
            try {
                labels = data.labels(indices);
            } catch (UnsupportedOperationException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            for (long label : labels) {
                lowest = Math.min(lowest, label);
                highest = Math.max(highest, label);
            }
        }
        if (lowest < 0 || highest >= config.classCount()) {
            throw new IllegalArgumentException(
                    "the data's labels run from "
                            + lowest
                            + " to "
                            + highest
                            + " but classCount is "
                            + config.classCount()
                            + "; set classCount to the data set's number of classes ("
                            + (highest + 1)
                            + " if its labels start at 0) or remap its labels to [0, "
                            + config.classCount()
                            + ")");
        }
    }

    /**
     * Sets the evaluator run every {@code evaluateEvery} steps and at the end.
     *
     * @param newEvaluator the evaluator, or null for none
     * @return this trainer
     */
    public GanTrainer evaluator(Evaluator newEvaluator) {
        this.evaluator = newEvaluator;
        return this;
    }

    /**
     * Sets how sample grids are written: given images (N, C, H, W) in [-1, 1] and a PNG path.
     *
     * @param writer the grid writer, or null to write no grids
     * @return this trainer
     */
    public GanTrainer sampleGridWriter(BiConsumer<NDArray, Path> writer) {
        this.sampleGridWriter = writer;
        return this;
    }

    /**
     * Returns a sampler that draws images from the current generator.
     *
     * @return the sampler
     */
    public ImageSampler sampler() {
        return (target, count, seed) -> {
            Random random = new Random(seed);
            NDArray noise = noise(target, count, random);
            return draw(target, noise, fakeLabels(target, count, random));
        };
    }

    /**
     * Draws images of chosen classes from the current generator (the EMA generator when the run
     * keeps one), for class-conditional runs.
     *
     * @param target the manager that owns the images
     * @param labels one class per image, each in [0, classCount)
     * @param seed seed of the noise; the same seed gives the same images
     * @return images (labels.length, C, H, W) in [-1, 1]
     */
    public NDArray sample(NDManager target, long[] labels, long seed) {
        if (config.classCount() == 0) {
            throw new IllegalStateException(
                    config.name() + " is unconditional; draw images with sampler() instead");
        }
        for (long label : labels) {
            if (label < 0 || label >= config.classCount()) {
                throw new IllegalArgumentException(
                        "label "
                                + label
                                + " is outside [0, "
                                + config.classCount()
                                + ") for "
                                + config.name());
            }
        }
        NDArray noise = noise(target, labels.length, new Random(seed));
        return draw(target, noise, target.create(labels).toDevice(manager.getDevice(), false));
    }

    private NDArray draw(NDManager target, NDArray noise, NDArray labels) {
        ImageGenerator sampling = averagedGenerator != null ? averagedGenerator : generator;
        ParameterStore samplingStore = averagedGenerator != null ? averagedStore : generatorStore;
        // Batch statistics make the images, but the state a training-mode forward updates
        // (batch-norm running averages, spectral norm's power-iteration vectors) is put back,
        // so sampling leaves the saved state unchanged.
        try (NDScope arrays = new NDScope();
                NDManager scope = manager.newSubManager()) {
            List<NDArray[]> saved = new ArrayList<>();
            for (Parameter parameter : sampling.getParameters().values()) {
                if (!parameter.requiresGradient()) {
                    NDArray copy = parameter.getArray().duplicate();
                    copy.attach(scope);
                    saved.add(new NDArray[] {parameter.getArray(), copy});
                }
            }
            NDArray images = sampling.generate(samplingStore, noise, labels, true);
            images.attach(target);
            NDScope.unregister(images);
            for (NDArray[] pair : saved) {
                pair[1].copyTo(pair[0]);
            }
            return images;
        }
    }

    /**
     * Returns the critic, for feature inspection and class activation maps.
     *
     * @return the split critic
     */
    public SplitCritic critic() {
        return critic;
    }

    /**
     * Returns the critic's parameter store.
     *
     * @return the store to pass to the critic's methods
     */
    public ParameterStore criticStore() {
        return criticStore;
    }

    /**
     * Trains until {@code config.steps()}, resuming from the latest checkpoint when the run
     * directory has one.
     *
     * @return the run's outcome
     * @throws TrainingDivergedException when a loss becomes NaN or infinite
     */
    public TrainingResult train() {
        return train(config.steps());
    }

    /**
     * Trains until {@code stopStep} (at most {@code config.steps()}), resuming from the latest
     * checkpoint, and writes a checkpoint there. A later {@link #train()} on the same run
     * directory continues from that step, for runs split over several sessions.
     *
     * @param stopStep the generator step to stop at
     * @return the run's outcome so far
     * @throws TrainingDivergedException when a loss becomes NaN or infinite
     */
    public TrainingResult train(long stopStep) {
        if (stopStep < 1 || stopStep > config.steps()) {
            throw new IllegalArgumentException(
                    "stopStep must be between 1 and " + config.steps() + ", got " + stopStep);
        }
        try {
            Files.createDirectories(runDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + runDirectory, e);
        }
        Path lockFile = runDirectory.resolve(".lock");
        try (FileChannel channel =
                        FileChannel.open(
                                lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = tryLock(channel)) {
            if (lock == null) {
                throw new IllegalStateException(
                        "another process is training the run in "
                                + runDirectory
                                + "; wait for it to finish or stop it, then run again");
            }
            return trainLocked(stopStep);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile, e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private TrainingResult trainLocked(long stopStep) {
        long started = System.nanoTime();
        long startStep;
        try {
            startStep = prepareRunDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare run directory " + runDirectory, e);
        }
        if (startStep > 0 && startStep < stopStep) {
            logger.info("{}: resuming from the checkpoint at step {}", config.name(), startStep);
        }
        if (startStep >= stopStep) {
            logger.info("{} is already trained to step {}", config.name(), startStep);
            TrainingResult saved = readResult(startStep);
            if (saved.finalMetrics().isEmpty() && evaluator != null) {
                // The run ended between its last checkpoint and result.json: score it now.
                TrainingResult scored =
                        new TrainingResult(
                                config.name(),
                                runDirectory,
                                startStep,
                                startStep,
                                0,
                                new TreeMap<>(evaluator.evaluate(sampler(), startStep)));
                writeResult(scored);
                return scored;
            }
            return saved;
        }
        if (data instanceof PixelTrainingData pixels) {
            startPrefetching(pixels.source(), startStep * batchesPerStep(), stopStep);
        }
        try {
            return trainFrom(startStep, stopStep, started);
        } finally {
            stopPrefetching();
        }
    }

    private TrainingResult trainFrom(long startStep, long stopStep, long started) {
        Map<String, Double> finalMetrics = new TreeMap<>();
        ProgressReport progress = new ProgressReport(config.name(), startStep, config.steps());
        try (MetricsLogWriter log =
                new MetricsLogWriter(runDirectory.resolve("metrics.jsonl"), startStep)) {
            Map<String, Double> sums = new TreeMap<>();
            int counted = 0;
            for (long step = startStep + 1; step <= stopStep; step++) {
                Map<String, Double> stepMetrics = trainStep(step - 1);
                stepMetrics.forEach((key, value) -> sums.merge(key, value, Double::sum));
                counted++;
                boolean last = step == stopStep;
                int epoch = epochOf(step * batchesPerStep() - 1);
                if (step % config.logEvery() == 0 || last) {
                    Map<String, Double> means = new TreeMap<>();
                    for (Map.Entry<String, Double> entry : sums.entrySet()) {
                        means.put(entry.getKey(), entry.getValue() / counted);
                    }
                    log.write(step, epoch, means);
                    progress.report(step, epoch, means);
                    sums.clear();
                    counted = 0;
                }
                if (evaluator != null && (last || every(step, config.evaluateEvery()))) {
                    Map<String, Double> scores = evaluator.evaluate(sampler(), step);
                    log.write(step, epoch, scores);
                    logger.info("{} step {}: {}", config.name(), step, scores);
                    finalMetrics.clear();
                    finalMetrics.putAll(scores);
                }
                if (last || every(step, config.sampleEvery())) {
                    writeSampleGrid(step);
                }
                if (last || every(step, config.checkpointEvery())) {
                    checkpoints.save(
                            step,
                            generator,
                            critic,
                            generatorOptimizer,
                            criticOptimizer,
                            averagedGenerator);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write run files in " + runDirectory, e);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        TrainingResult result =
                new TrainingResult(
                        config.name(), runDirectory, stopStep, startStep, seconds, finalMetrics);
        writeResult(result);
        return result;
    }

    /** Returns how many arrays the trainer's manager holds, for tests that look for leaks. */
    int managedArrayCount() {
        return manager.getManagedArrays().size();
    }

    private static boolean every(long step, int interval) {
        return interval > 0 && step % interval == 0;
    }

    /** Runs the critic phase and the generator phase of one generator step. */
    Map<String, Double> trainStep(long stepIndex) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        double decay = learningRateFactor(stepIndex);
        metrics.put("learning_rate", config.learningRate() * decay);
        // The scope closes every array the step creates, including those that operations on
        // parameters (a transposed weight, a gathered embedding row) attach to the parameters'
        // long-lived manager, which would otherwise grow by a few arrays per step.
        try (NDScope arrays = new NDScope();
                NDManager stepManager = manager.newSubManager()) {
            for (int i = 0; i < config.criticSteps(); i++) {
                long iteration = stepIndex * config.criticSteps() + i;
                Random random = random(iteration, PHASE_CRITIC);
                criticStep(
                        stepManager, iteration, random, config.criticLearningRate() * decay, metrics);
            }
            generatorStep(
                    stepManager,
                    stepIndex,
                    random(stepIndex, PHASE_GENERATOR),
                    config.learningRate() * decay,
                    metrics);
        }
        if (averagedGenerator != null) {
            boolean started = stepIndex + 1 >= config.emaStart();
            ExponentialMovingAverage.update(
                    generator, averagedGenerator, started ? config.emaDecay() : 0);
        }
        for (Map.Entry<String, Double> entry : metrics.entrySet()) {
            if (!Double.isFinite(entry.getValue())) {
                throw new TrainingDivergedException(
                        stepIndex + 1, divergenceMessage(entry.getKey(), entry.getValue(), stepIndex + 1));
            }
        }
        return metrics;
    }

    private String divergenceMessage(String metric, double value, long step) {
        String saved;
        try {
            long checkpoint = checkpoints.latestStep();
            saved =
                    checkpoint >= 0
                            ? "The checkpoint of step " + checkpoint + " in "
                                    + runDirectory.resolve("checkpoints")
                                    + " is the last good state; running again with the same"
                                    + " settings resumes from it."
                            : "No checkpoint was written before this step.";
        } catch (IOException e) {
            saved = "The checkpoints in " + runDirectory + " could not be read: " + e.getMessage();
        }
        // Conditional critics train without a gradient penalty, so only the rate is advice there.
        String otherSettings =
                penalty != null
                        ? "a lower learning rate, a larger gradient penalty"
                        : "a lower learning rate";
        return String.format(
                "%s: %s became %s at step %d, so the run stopped without saving these weights. %s"
                        + " To train with other settings (%s), start a new run in another"
                        + " directory.",
                config.name(), metric, value, step, saved, otherSettings);
    }

    private void criticStep(
            NDManager stepManager,
            long iteration,
            Random random,
            double learningRate,
            Map<String, Double> metrics) {
        // Gradient accumulation: the gradients of every batch add up until the update.
        for (int batch = 0; batch < config.accumulations(); batch++) {
            long dataIteration = iteration * config.accumulations() + batch;
            criticBatch(stepManager, dataIteration, random, metrics);
        }
        criticOptimizer.step(learningRate);
    }

    private void criticBatch(
            NDManager stepManager, long dataIteration, Random random, Map<String, Double> metrics) {
        try (NDManager scope = stepManager.newSubManager()) {
            RealBatch realBatch = realBatch(scope, dataIteration);
            NDArray real = realBatch.images().toDevice(manager.getDevice(), false);
            NDArray realLabels = realBatch.labels();
            NDArray noise = noise(scope, config.batchSize(), random);
            NDArray fakeLabels = fakeLabels(scope, config.batchSize(), random);
            NDArray fake = generator.generate(generatorStore, noise, fakeLabels, true).stopGradient();
            NDArray mixing = uniform(scope, config.batchSize(), random);
            NDArray realFeatures;
            NDArray fakeFeatures;
            double adversarial;
            double gradientPenalty = 0;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                realFeatures = critic.features(criticStore, real, true);
                fakeFeatures = critic.features(criticStore, fake, true);
                NDArray realScores = critic.score(criticStore, realFeatures, realLabels, true);
                NDArray fakeScores = critic.score(criticStore, fakeFeatures, fakeLabels, true);
                NDArray criticLoss = loss.criticLoss(realScores, fakeScores);
                NDArray total = criticLoss;
                if (penalty != null) {
                    NDArray penaltyValue =
                            penalty.compute(
                                    x ->
                                            critic.forward(criticStore, new NDList(x), true)
                                                    .singletonOrThrow(),
                                    real,
                                    fake,
                                    mixing);
                    total = criticLoss.add(penaltyValue);
                    gradientPenalty = penaltyValue.getFloat();
                }
                collector.backward(total.div(config.accumulations()));
                adversarial = criticLoss.getFloat();
            }
            if (suppression != null) {
                suppression.recordCriticStep(
                        realFeatures,
                        critic.effectiveWeight(criticStore, realFeatures, realLabels),
                        fakeFeatures,
                        critic.effectiveWeight(criticStore, fakeFeatures, fakeLabels));
            }
            int batches = config.criticSteps() * config.accumulations();
            metrics.merge("loss/critic", adversarial / batches, Double::sum);
            if (penalty != null) {
                metrics.merge("penalty/gradient", gradientPenalty / batches, Double::sum);
            }
            if (loss.name().equals("wgan")) {
                metrics.merge("wasserstein_estimate", -adversarial / batches, Double::sum);
            }
        }
    }

    private void generatorStep(
            NDManager stepManager,
            long stepIndex,
            Random random,
            double learningRate,
            Map<String, Double> metrics) {
        int epoch = epochOf(stepIndex * batchesPerStep());
        int k = selector.k(stepIndex, epoch, config.batchSize());
        if (suppression != null && config.betaSchedule() != null) {
            double beta = config.betaSchedule().valueAt(stepIndex);
            SuppressionSettings annealed = config.suppression().withBeta(beta);
            suppression.setSettings(annealed);
            metrics.put("ufs/beta", beta);
        }
        try (CriticFreeze frozen = new CriticFreeze(critic)) {
            double generatorLoss = 0;
            for (int batch = 0; batch < config.accumulations(); batch++) {
                generatorLoss += generatorBatch(stepManager, k, random, metrics);
            }
            metrics.put("loss/generator", generatorLoss / config.accumulations());
            metrics.put("selection/k", (double) k);
            if (config.orthogonalRegularization() > 0) {
                metrics.put("penalty/orthogonal", orthogonalRegularization(stepManager));
            }
        }
        generatorOptimizer.step(learningRate);
    }

    /** Back-propagates one batch's generator loss, divided by the accumulation count. */
    private double generatorBatch(
            NDManager stepManager, int k, Random random, Map<String, Double> metrics) {
        try (NDManager scope = stepManager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray noise = noise(scope, config.batchSize(), random);
            NDArray labels = fakeLabels(scope, config.batchSize(), random);
            NDArray fake = generator.generate(generatorStore, noise, labels, true);
            NDArray fakeFeatures = critic.features(criticStore, fake, true);
            NDArray scored = fakeFeatures;
            if (suppression != null) {
                NDArray weight = critic.effectiveWeight(criticStore, fakeFeatures, labels);
                NDArray factors = suppression.suppressionFactors(fakeFeatures, weight);
                scored = fakeFeatures.mul(factors);
                recordSuppression(factors, metrics);
            }
            NDArray scores = critic.score(criticStore, scored, labels, true);
            if (selector.selection() != SampleSelection.ALL) {
                NDArray plainScores =
                        SplitCritic.perSample(
                                critic.score(
                                        criticStore, fakeFeatures.stopGradient(), labels, false));
                NDArray kept = selector.select(plainScores, k, random);
                scores = scores.get(new NDIndex("{}", kept));
            }
            NDArray generatorLoss = loss.generatorLoss(scores);
            collector.backward(generatorLoss.div(config.accumulations()));
            return generatorLoss.getFloat();
        }
    }

    /** Back-propagates the orthogonal regularization of the generator's weights. */
    private double orthogonalRegularization(NDManager stepManager) {
        try (NDManager scope = stepManager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray device = scope.zeros(new Shape(1)).toDevice(manager.getDevice(), false);
            NDArray value =
                    OrthogonalRegularization.penalty(
                            generator, generatorStore, device, config.orthogonalRegularization());
            collector.backward(value);
            return value.getFloat();
        }
    }

    private static void recordSuppression(NDArray factors, Map<String, Double> metrics) {
        NDArray flat = factors.flatten();
        float[] values = flat.toFloatArray();
        double sum = 0;
        float min = Float.POSITIVE_INFINITY;
        for (float v : values) {
            sum += v;
            min = Math.min(min, v);
        }
        int atMinimum = 0;
        for (float v : values) {
            if (v <= min + 1e-6f) {
                atMinimum++;
            }
        }
        metrics.put("ufs/mean_factor", sum / values.length);
        metrics.put("ufs/min_factor_fraction", (double) atMinimum / values.length);
    }

    /** Returns the factor of the learning-rate schedule at a step, 1 at the start. */
    private double learningRateFactor(long stepIndex) {
        if (config.learningRateDecay() == TrainingConfig.LearningRateDecay.NONE) {
            return 1;
        }
        return 1.0 - (double) stepIndex / config.steps();
    }

    private NDArray noise(NDManager target, int count, Random random) {
        float[] values = new float[count * config.latentDimension()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return target.create(values, new Shape(count, config.latentDimension()))
                .toDevice(manager.getDevice(), false);
    }

    /** Draws fake labels uniformly over the classes, or returns null for unconditional runs. */
    private NDArray fakeLabels(NDManager target, int count, Random random) {
        if (config.classCount() == 0) {
            return null;
        }
        long[] labels = new long[count];
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(config.classCount());
        }
        return target.create(labels).toDevice(manager.getDevice(), false);
    }

    private NDArray uniform(NDManager target, int count, Random random) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextFloat();
        }
        return target.create(values).toDevice(manager.getDevice(), false);
    }

    private Random random(long index, int phase) {
        long mixed = config.seed() * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + phase;
        return new Random(mixed ^ (mixed >>> 31));
    }

    /** Real images and, for a conditional run, their labels (null otherwise). */
    private record RealBatch(NDArray images, NDArray labels) {}

    /** Returns the real batch of a data iteration, from the prefetcher when one runs. */
    private RealBatch realBatch(NDManager scope, long dataIteration) {
        boolean conditional = config.classCount() > 0;
        if (prefetcher == null) {
            int[] indices = realBatchIndices(dataIteration);
            NDArray labels =
                    conditional
                            ? scope.create(data.labels(indices))
                                    .toDevice(manager.getDevice(), false)
                            : null;
            return new RealBatch(data.images(scope, indices), labels);
        }
        if (dataIteration != prefetchedIteration) {
            throw new IllegalStateException(
                    "prefetched batches are out of step: expected data iteration "
                            + prefetchedIteration
                            + ", got "
                            + dataIteration);
        }
        prefetchedIteration++;
        HostBatch batch = prefetcher.next();
        NDArray labels =
                conditional ? batch.labels(scope).toDevice(manager.getDevice(), false) : null;
        return new RealBatch(batch.images(scope), labels);
    }

    private void startPrefetching(PixelSource source, long firstIteration, long stopStep) {
        long lastIteration = stopStep * batchesPerStep();
        Iterator<int[]> indices =
                new Iterator<>() {
                    private long next = firstIteration;

                    @Override
                    public boolean hasNext() {
                        return next < lastIteration;
                    }

                    @Override
                    public int[] next() {
                        return realBatchIndices(next++);
                    }
                };
        prefetcher =
                new BatchPrefetcher<>(indices, batch -> HostBatch.gather(source, batch), 2);
        prefetchedIteration = firstIteration;
    }

    private void stopPrefetching() {
        if (prefetcher != null) {
            prefetcher.close();
            prefetcher = null;
        }
    }

    /** Returns how many real batches one generator step reads. */
    private long batchesPerStep() {
        return (long) config.criticSteps() * config.accumulations();
    }

    private int epochOf(long dataIteration) {
        return (int) (dataIteration / batchOrder.batchesPerEpoch());
    }

    private int[] realBatchIndices(long dataIteration) {
        int position = (int) (dataIteration % batchOrder.batchesPerEpoch());
        return batchOrder.batch(epochOf(dataIteration), position);
    }

    private long prepareRunDirectory() throws IOException {
        Files.createDirectories(runDirectory);
        Path configFile = runDirectory.resolve("config.json");
        String describedConfig =
                new GsonBuilder().setPrettyPrinting().create().toJson(config.describe());
        long resumeStep = checkpoints.latestStep();
        if (resumeStep >= 0) {
            if (Files.exists(configFile)) {
                String saved = Files.readString(configFile, StandardCharsets.UTF_8);
                if (!saved.equals(describedConfig)) {
                    throw new IllegalStateException(
                            "run directory "
                                    + runDirectory
                                    + " holds a run with other settings ("
                                    + changedSettings(saved, describedConfig)
                                    + "); choose another run directory or delete this one");
                }
            }
            checkpoints.restore(
                    manager,
                    generator,
                    critic,
                    generatorOptimizer,
                    criticOptimizer,
                    averagedGenerator);
            return resumeStep;
        }
        AtomicFiles.writeString(configFile, describedConfig);
        return 0;
    }

    /** Lists the settings whose values differ between two config.json texts. */
    private static String changedSettings(String saved, String requested) {
        JsonObject before;
        JsonObject after;
        try {
            before = JsonParser.parseString(saved).getAsJsonObject();
            after = JsonParser.parseString(requested).getAsJsonObject();
        } catch (RuntimeException e) {
            return "its config.json cannot be read: " + e.getMessage();
        }
        List<String> changes = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            String old = before.has(key) ? before.get(key).toString() : "(none)";
            String now = after.has(key) ? after.get(key).toString() : "(none)";
            if (!old.equals(now)) {
                changes.add(key + " " + old + " there, " + now + " now");
            }
        }
        return changes.isEmpty() ? "see its config.json" : String.join("; ", changes);
    }

    private void writeSampleGrid(long step) {
        if (sampleGridWriter == null) {
            return;
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray images = sampler().sample(scope, SAMPLE_GRID_SIZE, SAMPLE_SEED);
            Path file = runDirectory.resolve("samples").resolve(String.format("step-%08d.png", step));
            sampleGridWriter.accept(images, file);
        }
    }

    private TrainingResult readResult(long step) {
        Map<String, Double> metrics = new TreeMap<>();
        Path file = runDirectory.resolve("result.json");
        try {
            if (Files.exists(file)) {
                JsonObject json =
                        JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                                .getAsJsonObject();
                JsonObject saved = json.getAsJsonObject("finalMetrics");
                if (saved != null && json.get("steps").getAsLong() == step) {
                    for (String key : saved.keySet()) {
                        metrics.put(key, saved.get(key).getAsDouble());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read " + file + ": " + e.getMessage() + "; delete it to rewrite it", e);
        }
        return new TrainingResult(config.name(), runDirectory, step, step, 0, metrics);
    }

    private void writeResult(TrainingResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", result.name());
        json.put("steps", result.steps());
        json.put("resumedFromStep", result.resumedFromStep());
        json.put("seconds", result.seconds());
        json.put("finalMetrics", result.finalMetrics());
        try {
            AtomicFiles.writeString(
                    runDirectory.resolve("result.json"),
                    new GsonBuilder().setPrettyPrinting().create().toJson(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write result.json in " + runDirectory, e);
        }
    }

    /** Frees the networks, optimizers and helpers. */
    @Override
    public void close() {
        if (penalty != null) {
            penalty.close();
        }
        if (suppression != null) {
            suppression.close();
        }
        generatorOptimizer.close();
        criticOptimizer.close();
        manager.close();
    }
}
