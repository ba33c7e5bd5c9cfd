package io.github.ufskit.train;

import io.github.ufskit.nn.biggan.BigGanConfig;
import io.github.ufskit.nn.wgangp.ResNetCritic;
import io.github.ufskit.selection.KSchedule;
import io.github.ufskit.selection.SampleSelection;
import io.github.ufskit.selection.SampleSelector;
import io.github.ufskit.suppression.BetaSchedule;
import io.github.ufskit.suppression.SuppressionSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of one GAN training run. Build with {@link #builder()}; every value has a default,
 * listed on its builder method, and {@link #validate()} checks them together.
 *
 * <p>A "step" is one generator update, preceded by {@code criticSteps} critic updates, each on
 * its own real batch.
 */
public final class TrainingConfig {

    /** Schedule of the learning rate over the run. */
    public enum LearningRateDecay {
        /** The same learning rate at every step. */
        NONE,
        /** Linear decay to 0 at the last step, as the WGAN-GP ResNet does. */
        LINEAR
    }

    /** Network family of a run. */
    public enum Backbone {
        /** The ResNet of WGAN-GP (Gulrajani et al., 2017), 32 x 32, unconditional. */
        WGAN_GP,
        /**
         * The ResNet of SNGAN (Miyato et al., 2018): 32 x 32, or 64 x 64 with a projection
         * critic (Miyato and Koyama, 2018); conditional when {@code classCount} is positive.
         */
        SNGAN,
        /** BigGAN (Brock et al., 2019) at 64 x 64 or 128 x 128, class-conditional. */
        BIGGAN
    }

    private final Builder values;

    private TrainingConfig(Builder builder) {
        this.values = builder.copy();
        validate();
    }

    /**
     * Creates a builder with the defaults of WGAN-GP on 32 x 32 images.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder that starts from this configuration.
     *
     * @return a new builder with these values
     */
    public Builder toBuilder() {
        return values.copy();
    }

    /** Returns the run's name, used for its directory and in tables. @return the name */
    public String name() {
        return values.name;
    }

    /** Returns the size of the noise vector z. @return the latent dimension */
    public int latentDimension() {
        return values.latentDimension;
    }

    /** Returns the channel width of the generator's blocks. @return the width */
    public int generatorWidth() {
        return values.generatorWidth;
    }

    /** Returns the channel width of the critic's blocks. @return the width */
    public int criticWidth() {
        return values.criticWidth;
    }

    /** Returns where D_L reads the critic's features. @return pooled or map */
    public ResNetCritic.Output criticOutput() {
        return values.criticOutput;
    }

    /** Returns the real and fake batch size. @return the batch size */
    public int batchSize() {
        return values.batchSize;
    }

    /** Returns the critic updates per generator update. @return n_critic */
    public int criticSteps() {
        return values.criticSteps;
    }

    /** Returns the number of generator updates of the run. @return the step count */
    public long steps() {
        return values.steps;
    }

    /** Returns the generator's Adam learning rate at step 0. @return the learning rate */
    public double learningRate() {
        return values.learningRate;
    }

    /** Returns the critic's Adam learning rate at step 0. @return the learning rate */
    public double criticLearningRate() {
        return values.criticLearningRate;
    }

    /** Returns the network family. @return the backbone */
    public Backbone backbone() {
        return values.backbone;
    }

    /** Returns the side of the square images, in pixels. @return the image size */
    public int imageSize() {
        return values.imageSize;
    }

    /**
     * Returns the number of classes of a class-conditional run.
     *
     * @return 0 for an unconditional run
     */
    public int classCount() {
        return values.classCount;
    }

    /**
     * Returns how many batches each update sums the gradients of (gradient accumulation): every
     * critic and generator update uses {@code accumulations * batchSize} samples.
     *
     * @return at least 1
     */
    public int accumulations() {
        return values.accumulations;
    }

    /**
     * Returns the decay of the generator's exponential moving average (EMA) of weights.
     *
     * @return a value in [0, 1); 0 turns the EMA off
     */
    public double emaDecay() {
        return values.emaDecay;
    }

    /**
     * Returns the step from which the EMA averages; before it the EMA copies the weights.
     *
     * @return the start step, at least 0
     */
    public long emaStart() {
        return values.emaStart;
    }

    /** Tells whether samples come from an EMA of the generator. @return true when emaDecay > 0 */
    public boolean usesEma() {
        return values.emaDecay > 0;
    }

    /**
     * Returns beta of BigGAN's orthogonal regularization of the generator's weights.
     *
     * @return at least 0; 0 turns it off
     */
    public double orthogonalRegularization() {
        return values.orthogonalRegularization;
    }

    /** Returns Adam's beta1. @return beta1 */
    public double adamBeta1() {
        return values.adamBeta1;
    }

    /** Returns Adam's beta2. @return beta2 */
    public double adamBeta2() {
        return values.adamBeta2;
    }

    /** Returns the learning-rate schedule. @return the decay */
    public LearningRateDecay learningRateDecay() {
        return values.learningRateDecay;
    }

    /** Returns the adversarial loss name, {@code wgan} or {@code hinge}. @return the name */
    public String loss() {
        return values.loss;
    }

    /** Returns the gradient penalty weight lambda; 0 turns the penalty off. @return lambda */
    public double gradientPenaltyWeight() {
        return values.gradientPenaltyWeight;
    }

    /** Returns which fake samples train the generator. @return the selection */
    public SampleSelection selection() {
        return values.selection;
    }

    /** Returns the k schedule, or null when every sample is used. @return the schedule */
    public KSchedule kSchedule() {
        return values.kSchedule;
    }

    /** Returns a sample selector for these settings. @return the selector */
    public SampleSelector selector() {
        return new SampleSelector(values.selection, values.kSchedule);
    }

    /** Returns the UFS settings, or null when UFS is off. @return the settings */
    public SuppressionSettings suppression() {
        return values.suppression;
    }

    /** Returns the beta schedule of UFS, or null to keep the settings' beta. @return it */
    public BetaSchedule betaSchedule() {
        return values.betaSchedule;
    }

    /** Tells whether UFS is on. @return true when suppression settings are present */
    public boolean usesSuppression() {
        return values.suppression != null;
    }

    /** Returns the seed of every random choice of the run. @return the seed */
    public long seed() {
        return values.seed;
    }

    /** Returns how often, in steps, the metrics log gets a line. @return the interval */
    public int logEvery() {
        return values.logEvery;
    }

    /** Returns how often, in steps, a sample grid is written; 0 = only at the end. @return it */
    public int sampleEvery() {
        return values.sampleEvery;
    }

    /** Returns how often, in steps, a checkpoint is written; 0 = only at the end. @return it */
    public int checkpointEvery() {
        return values.checkpointEvery;
    }

    /** Returns how often, in steps, the evaluator runs; 0 = only at the end. @return it */
    public int evaluateEvery() {
        return values.evaluateEvery;
    }

    /** Returns how many checkpoints are kept. @return the count, at least 1 */
    public int keepCheckpoints() {
        return values.keepCheckpoints;
    }

    /**
     * Returns the settings that define the run's results, for its {@code config.json} and for
     * checking that a resumed run uses the same settings.
     *
     * @return names and values, in a fixed order
     */
    public Map<String, Object> describe() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", values.name);
        map.put("backbone", values.backbone.name());
        map.put("imageSize", values.imageSize);
        map.put("classCount", values.classCount);
        map.put("latentDimension", values.latentDimension);
        map.put("generatorWidth", values.generatorWidth);
        map.put("criticWidth", values.criticWidth);
        map.put("criticOutput", values.criticOutput.name());
        map.put("batchSize", values.batchSize);
        map.put("criticSteps", values.criticSteps);
        // The learning-rate decay and the k and beta schedules scale with the run's length.
        map.put("steps", values.steps);
        map.put("learningRate", values.learningRate);
        map.put("criticLearningRate", values.criticLearningRate);
        map.put("accumulations", values.accumulations);
        map.put("emaDecay", values.emaDecay);
        map.put("emaStart", values.emaStart);
        map.put("orthogonalRegularization", values.orthogonalRegularization);
        map.put("adamBeta1", values.adamBeta1);
        map.put("adamBeta2", values.adamBeta2);
        map.put("learningRateDecay", values.learningRateDecay.name());
        map.put("loss", values.loss);
        map.put("gradientPenaltyWeight", values.gradientPenaltyWeight);
        map.put("selection", values.selection.label());
        map.put("kSchedule", values.kScheduleDescription);
        map.put("suppression", values.suppression == null ? "off" : values.suppression.toString());
        map.put("betaSchedule", values.betaSchedule == null ? "none" : values.betaSchedule.toString());
        map.put("seed", values.seed);
        return map;
    }

    /**
     * Checks every value and the combinations of values.
     *
     * @throws IllegalArgumentException naming the first invalid value and its allowed range
     */
    public void validate() {
        Builder v = values;
        if (v.name == null || !v.name.matches("[A-Za-z0-9._+-]+")) {
            throw new IllegalArgumentException(
                    "run name must use letters, digits, '.', '_', '+' or '-', got '" + v.name + "'");
        }
        requireAtLeast("latentDimension", v.latentDimension, 1);
        requireAtLeast("generatorWidth", v.generatorWidth, 1);
        requireAtLeast("criticWidth", v.criticWidth, 1);
        requireAtLeast("batchSize", v.batchSize, 2);
        requireAtLeast("criticSteps", v.criticSteps, 1);
        requireAtLeast("steps", v.steps, 1);
        requireAtLeast("logEvery", v.logEvery, 1);
        requireAtLeast("sampleEvery", v.sampleEvery, 0);
        requireAtLeast("checkpointEvery", v.checkpointEvery, 0);
        requireAtLeast("evaluateEvery", v.evaluateEvery, 0);
        requireAtLeast("keepCheckpoints", v.keepCheckpoints, 1);
        if (!(v.learningRate > 0) || Double.isInfinite(v.learningRate)) {
            throw new IllegalArgumentException(
                    "learningRate must be a positive finite number, got " + v.learningRate);
        }
        if (!(v.criticLearningRate > 0) || Double.isInfinite(v.criticLearningRate)) {
            throw new IllegalArgumentException(
                    "criticLearningRate must be a positive finite number, got "
                            + v.criticLearningRate);
        }
        requireAtLeast("accumulations", v.accumulations, 1);
        requireAtLeast("classCount", v.classCount, 0);
        requireAtLeast("emaStart", v.emaStart, 0);
        if (!(v.emaDecay >= 0 && v.emaDecay < 1)) {
            throw new IllegalArgumentException(
                    "emaDecay must be in [0, 1) (0 turns the EMA off), got " + v.emaDecay);
        }
        if (!(v.orthogonalRegularization >= 0) || Double.isInfinite(v.orthogonalRegularization)) {
            throw new IllegalArgumentException(
                    "orthogonalRegularization must be finite and >= 0, got "
                            + v.orthogonalRegularization);
        }
        validateBackbone(v);
        if (!(v.gradientPenaltyWeight >= 0) || Double.isInfinite(v.gradientPenaltyWeight)) {
            throw new IllegalArgumentException(
                    "gradientPenaltyWeight must be finite and >= 0, got "
                            + v.gradientPenaltyWeight);
        }
        if (!(v.adamBeta1 >= 0 && v.adamBeta1 < 1) || !(v.adamBeta2 >= 0 && v.adamBeta2 < 1)) {
            throw new IllegalArgumentException(
                    "Adam betas must be in [0, 1), got beta1="
                            + v.adamBeta1
                            + ", beta2="
                            + v.adamBeta2);
        }
        if (!v.loss.equals("wgan") && !v.loss.equals("hinge")) {
            throw new IllegalArgumentException(
                    "loss must be 'wgan' or 'hinge', got '" + v.loss + "'");
        }
        if (v.selection != SampleSelection.ALL && v.kSchedule == null) {
            throw new IllegalArgumentException(
                    v.selection.label() + " needs a k schedule; call kSchedule(...) too");
        }
        if (v.selection != SampleSelection.ALL) {
            requireKWithinBatch(v);
        }
        if (v.betaSchedule != null && v.suppression == null) {
            throw new IllegalArgumentException(
                    "a beta schedule was given but UFS is off; set suppression(...) as well");
        }
        if (v.betaSchedule != null) {
            double alpha = v.suppression.alpha();
            double lowest = Math.min(v.betaSchedule.start(), v.betaSchedule.end());
            if (lowest < alpha) {
                throw new IllegalArgumentException(
                        "the beta schedule reaches " + lowest + ", below UFS alpha=" + alpha);
            }
        }
    }

    /**
     * Rejects a k schedule whose k, at the first or the last step, exceeds the batch size.
     *
     * <p>A schedule of absolute k gives the same k for any two large batch sizes. A schedule
     * relative to the batch size, such as the per-epoch decay, scales with it and never exceeds
     * it, so it is never rejected.
     */
    private static void requireKWithinBatch(Builder v) {
        int large = Integer.MAX_VALUE / 2;
        for (long step : new long[] {0, v.steps - 1}) {
            int k = v.kSchedule.k(step, 0, large);
            boolean absolute = k == v.kSchedule.k(step, 0, large / 2);
            if (absolute && k > v.batchSize) {
                throw new IllegalArgumentException(
                        v.selection.label()
                                + " keeps k = "
                                + k
                                + " samples at step "
                                + step
                                + ", but each batch has "
                                + v.batchSize
                                + ". k counts the samples kept from each batch, also when"
                                + " batches are accumulated (the UFS paper's BigGAN 128: batches"
                                + " of 128, two accumulated, k from 128 to 64); lower k or raise"
                                + " batchSize");
            }
        }
    }

    private static void validateBackbone(Builder v) {
        switch (v.backbone) {
            case WGAN_GP -> {
                requireImageSize(v, 32);
                if (v.classCount != 0) {
                    throw new IllegalArgumentException(
                            "the WGAN-GP backbone is unconditional, so classCount must be 0, got "
                                    + v.classCount
                                    + "; use SNGAN or BIGGAN for class-conditional training");
                }
            }
            case SNGAN -> requireImageSize(v, 32, 64);
            case BIGGAN -> {
                requireImageSize(v, 64, 128);
                if (v.classCount < 1) {
                    throw new IllegalArgumentException(
                            "BigGAN is class-conditional, so classCount must be at least 1, got "
                                    + v.classCount);
                }
                requireBigGanSizes(v);
            }
            default -> throw new IllegalStateException("unknown backbone " + v.backbone);
        }
        if (v.backbone != Backbone.WGAN_GP && v.criticOutput != ResNetCritic.Output.POOLED) {
            throw new IllegalArgumentException(
                    "criticOutput MAP (the 8 x 8 critic) exists only for the WGAN-GP backbone,"
                            + " not " + v.backbone);
        }
        if (v.classCount > 0 && v.gradientPenaltyWeight > 0) {
            throw new IllegalArgumentException(
                    "the gradient penalty is implemented for unconditional critics only, but"
                            + " classCount is "
                            + v.classCount
                            + "; set gradientPenaltyWeight(0), as SNGAN and BigGAN train");
        }
    }

    /** Rejects widths and latent sizes that BigGAN's reference layout cannot use. */
    private static void requireBigGanSizes(Builder v) {
        BigGanConfig reference =
                v.imageSize == 128
                        ? BigGanConfig.resolution128(v.classCount)
                        : BigGanConfig.resolution64(v.classCount);
        int attention = reference.attentionResolution();
        for (int width : new int[] {v.generatorWidth, v.criticWidth}) {
            if (!BigGanConfig.attentionFits(v.imageSize, width, attention)) {
                throw new IllegalArgumentException(
                        "BigGAN at "
                                + v.imageSize
                                + " x "
                                + v.imageSize
                                + " applies self-attention at "
                                + attention
                                + " x "
                                + attention
                                + ", which needs channel counts divisible by 8, but width "
                                + width
                                + " does not give them; set generator and critic widths that are"
                                + " multiples of 8");
            }
        }
        int chunks = reference.generatorBlocks() + 1;
        if (v.latentDimension % chunks != 0) {
            throw new IllegalArgumentException(
                    "BigGAN at "
                            + v.imageSize
                            + " x "
                            + v.imageSize
                            + " splits z into "
                            + chunks
                            + " equal chunks, so latentDimension must be a multiple of "
                            + chunks
                            + ", got "
                            + v.latentDimension
                            + "; the paper's 120 fits both sizes");
        }
    }

    private static void requireImageSize(Builder v, int... allowed) {
        for (int size : allowed) {
            if (v.imageSize == size) {
                return;
            }
        }
        throw new IllegalArgumentException(
                "the "
                        + v.backbone
                        + " backbone draws images of size "
                        + java.util.Arrays.toString(allowed)
                        + ", got imageSize "
                        + v.imageSize);
    }

    private static void requireAtLeast(String name, long value, long minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(
                    name + " must be at least " + minimum + ", got " + value);
        }
    }

    @Override
    public String toString() {
        return describe().toString();
    }

    /** Mutable settings, checked when {@link #build()} is called. */
    public static final class Builder {
        private String name = "wgan-gp";
        private int latentDimension = 128;
        private int generatorWidth = 128;
        private int criticWidth = 128;
        private ResNetCritic.Output criticOutput = ResNetCritic.Output.POOLED;
        private int batchSize = 64;
        private int criticSteps = 5;
        private long steps = 100_000;
        private double learningRate = 2e-4;
        private double criticLearningRate = 2e-4;
        private Backbone backbone = Backbone.WGAN_GP;
        private int imageSize = 32;
        private int classCount;
        private int accumulations = 1;
        private double emaDecay;
        private long emaStart;
        private double orthogonalRegularization;
        private double adamBeta1 = 0;
        private double adamBeta2 = 0.9;
        private LearningRateDecay learningRateDecay = LearningRateDecay.LINEAR;
        private String loss = "wgan";
        private double gradientPenaltyWeight = 10;
        private SampleSelection selection = SampleSelection.ALL;
        private KSchedule kSchedule;
        private String kScheduleDescription = "none";
        private SuppressionSettings suppression;
        private BetaSchedule betaSchedule;
        private long seed = 1;
        private int logEvery = 10;
        private int sampleEvery = 0;
        private int checkpointEvery = 1000;
        private int evaluateEvery = 0;
        private int keepCheckpoints = 2;

        private Builder() {}

        private Builder copy() {
            Builder b = new Builder();
            b.name = name;
            b.latentDimension = latentDimension;
            b.generatorWidth = generatorWidth;
            b.criticWidth = criticWidth;
            b.criticOutput = criticOutput;
            b.batchSize = batchSize;
            b.criticSteps = criticSteps;
            b.steps = steps;
            b.learningRate = learningRate;
            b.criticLearningRate = criticLearningRate;
            b.backbone = backbone;
            b.imageSize = imageSize;
            b.classCount = classCount;
            b.accumulations = accumulations;
            b.emaDecay = emaDecay;
            b.emaStart = emaStart;
            b.orthogonalRegularization = orthogonalRegularization;
            b.adamBeta1 = adamBeta1;
            b.adamBeta2 = adamBeta2;
            b.learningRateDecay = learningRateDecay;
            b.loss = loss;
            b.gradientPenaltyWeight = gradientPenaltyWeight;
            b.selection = selection;
            b.kSchedule = kSchedule;
            b.kScheduleDescription = kScheduleDescription;
            b.suppression = suppression;
            b.betaSchedule = betaSchedule;
            b.seed = seed;
            b.logEvery = logEvery;
            b.sampleEvery = sampleEvery;
            b.checkpointEvery = checkpointEvery;
            b.evaluateEvery = evaluateEvery;
            b.keepCheckpoints = keepCheckpoints;
            return b;
        }

        /** Sets the run name (letters, digits, '.', '_', '+', '-'); default wgan-gp. @param v
         * the name @return this */
        public Builder name(String v) {
            name = v;
            return this;
        }

        /** Sets the noise size; default 128. @param v size @return this */
        public Builder latentDimension(int v) {
            latentDimension = v;
            return this;
        }

        /** Sets generator and critic width together; default 128. @param v width @return this */
        public Builder width(int v) {
            generatorWidth = v;
            criticWidth = v;
            return this;
        }

        /**
         * Sets the generator's and the critic's widths apart, as SNGAN's 32 x 32 model (256 and
         * 128).
         *
         * @param generator the generator's width, at least 1
         * @param critic the critic's width, at least 1
         * @return this
         */
        public Builder widths(int generator, int critic) {
            generatorWidth = generator;
            criticWidth = critic;
            return this;
        }

        /** Sets where D_L reads the features; default POOLED. @param v output @return this */
        public Builder criticOutput(ResNetCritic.Output v) {
            criticOutput = v;
            return this;
        }

        /** Sets the batch size, at least 2; default 64. @param v size @return this */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** Sets critic updates per generator update; default 5. @param v n_critic @return this */
        public Builder criticSteps(int v) {
            criticSteps = v;
            return this;
        }

        /** Sets the number of generator updates; default 100,000. @param v steps @return this */
        public Builder steps(long v) {
            steps = v;
            return this;
        }

        /** Sets the learning rate of both Adams; default 2e-4. @param v rate @return this */
        public Builder learningRate(double v) {
            learningRate = v;
            criticLearningRate = v;
            return this;
        }

        /**
         * Sets the generator's and the critic's learning rates apart, as BigGAN's two time-scale
         * update rule does (1e-4 and 4e-4); default 2e-4 for both.
         *
         * @param generator the generator's rate
         * @param critic the critic's rate
         * @return this
         */
        public Builder learningRates(double generator, double critic) {
            learningRate = generator;
            criticLearningRate = critic;
            return this;
        }

        /**
         * Sets the network family and its image size; default WGAN_GP at 32.
         *
         * @param family WGAN_GP (32), SNGAN (32 or 64) or BIGGAN (64 or 128)
         * @param size the side of the images in pixels
         * @return this
         */
        public Builder backbone(Backbone family, int size) {
            backbone = family;
            imageSize = size;
            return this;
        }

        /** Sets the number of classes, 0 = unconditional; default 0. @param v count @return
         * this */
        public Builder classCount(int v) {
            classCount = v;
            return this;
        }

        /**
         * Sets gradient accumulation: each update sums the gradients of this many batches;
         * default 1.
         *
         * @param v batches per update, at least 1
         * @return this
         */
        public Builder accumulations(int v) {
            accumulations = v;
            return this;
        }

        /**
         * Turns on an exponential moving average of the generator's weights, which then draws
         * samples and evaluation images; default off.
         *
         * @param decay in (0, 1), for example BigGAN's 0.9999; 0 turns it off
         * @param start the step before which the average copies the weights
         * @return this
         */
        public Builder ema(double decay, long start) {
            emaDecay = decay;
            emaStart = start;
            return this;
        }

        /**
         * Sets beta of the orthogonal regularization of the generator's weights; default 0
         * (off); BigGAN uses 1e-4.
         *
         * @param v beta, at least 0
         * @return this
         */
        public Builder orthogonalRegularization(double v) {
            orthogonalRegularization = v;
            return this;
        }

        /** Sets Adam's betas; default (0, 0.9). @param b1 beta1 @param b2 beta2 @return this */
        public Builder adamBetas(double b1, double b2) {
            adamBeta1 = b1;
            adamBeta2 = b2;
            return this;
        }

        /** Sets the learning-rate schedule; default LINEAR. @param v decay @return this */
        public Builder learningRateDecay(LearningRateDecay v) {
            learningRateDecay = v;
            return this;
        }

        /** Sets the adversarial loss, wgan or hinge; default wgan. @param v loss @return this */
        public Builder loss(String v) {
            loss = v;
            return this;
        }

        /** Sets lambda of the gradient penalty, 0 = off; default 10. @param v lambda @return
         * this */
        public Builder gradientPenaltyWeight(double v) {
            gradientPenaltyWeight = v;
            return this;
        }

        /**
         * Sets sample selection with its k schedule; default every sample.
         *
         * @param v top-k, bottom-k, random-k or all
         * @param schedule k over training
         * @param description how the schedule is written in {@code config.json}
         * @return this
         */
        public Builder selection(SampleSelection v, KSchedule schedule, String description) {
            selection = v;
            kSchedule = schedule;
            kScheduleDescription = description;
            return this;
        }

        /** Turns UFS on with these settings, or off with null; default off. @param v settings
         * @return this */
        public Builder suppression(SuppressionSettings v) {
            suppression = v;
            return this;
        }

        /** Anneals UFS beta with this schedule; default none. @param v schedule @return this */
        public Builder betaSchedule(BetaSchedule v) {
            betaSchedule = v;
            return this;
        }

        /** Sets the seed; default 1. @param v seed @return this */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** Sets the metrics-log interval in steps; default 10. @param v interval @return this */
        public Builder logEvery(int v) {
            logEvery = v;
            return this;
        }

        /** Sets the sample-grid interval in steps, 0 = end only; default 0. @param v interval
         * @return this */
        public Builder sampleEvery(int v) {
            sampleEvery = v;
            return this;
        }

        /** Sets the checkpoint interval in steps, 0 = end only; default 1000. @param v
         * interval @return this */
        public Builder checkpointEvery(int v) {
            checkpointEvery = v;
            return this;
        }

        /** Sets the evaluation interval in steps, 0 = end only; default 0. @param v interval
         * @return this */
        public Builder evaluateEvery(int v) {
            evaluateEvery = v;
            return this;
        }

        /** Sets how many checkpoints to keep, at least 1; default 2. @param v count @return
         * this */
        public Builder keepCheckpoints(int v) {
            keepCheckpoints = v;
            return this;
        }

        /**
         * Checks the values and creates the configuration.
         *
         * @return the configuration
         */
        public TrainingConfig build() {
            return new TrainingConfig(this);
        }
    }
}
