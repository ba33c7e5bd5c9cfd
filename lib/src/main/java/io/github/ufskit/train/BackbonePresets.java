package io.github.ufskit.train;

import io.github.ufskit.train.TrainingConfig.Backbone;
import io.github.ufskit.train.TrainingConfig.LearningRateDecay;

/**
 * Training settings of each backbone at the size its original authors trained it, as builders a
 * caller narrows (widths, steps, batch size) for small runs and adds UFS or sample selection to.
 *
 * <p>Every preset turns the gradient penalty off and uses the hinge loss, as SNGAN and BigGAN do.
 * A "step" is one generator update; the presets give step counts in generator updates.
 */
public final class BackbonePresets {

    private BackbonePresets() {}

    /**
     * Returns SNGAN's 32 x 32 ResNet setting (Miyato et al., 2018, CIFAR-10). The generator is
     * 256 channels wide and the critic 128, z has 128 values and batches 64 images. Five critic
     * updates precede each generator update, Adam runs at 2e-4 with betas (0, 0.9) decayed
     * linearly to 0, and the run lasts 50,000 generator steps.
     *
     * <p>NOTE: the UFS paper trains this model for "250k iterations"; the kit reads that as
     * critic iterations, 5 x 50,000, which matches SNGAN's own schedule. Set {@code steps} to
     * 250,000 to read it as generator steps instead.
     *
     * @param classCount 0 for the unconditional model, 10 for the conditional CIFAR-10 one
     * @return the builder
     */
    public static TrainingConfig.Builder sngan32(int classCount) {
        return TrainingConfig.builder()
                .name("sngan32")
                .backbone(Backbone.SNGAN, 32)
                .classCount(classCount)
                .widths(256, 128)
                .latentDimension(128)
                .batchSize(64)
                .criticSteps(5)
                .learningRate(2e-4)
                .adamBetas(0, 0.9)
                .learningRateDecay(LearningRateDecay.LINEAR)
                .loss("hinge")
                .gradientPenaltyWeight(0)
                .steps(50_000);
    }

    /**
     * Returns SNGAN's 64 x 64 setting with a projection critic (Miyato and Koyama, 2018, the
     * ImageNet dog and cat model). Both networks have width 64, the channel unit of their
     * blocks. The other values are those of the 32 x 32 setting, except for the length: 250,000
     * generator steps.
     *
     * @param classCount 143 for the dog and cat classes of ImageNet
     * @return the builder
     */
    public static TrainingConfig.Builder sngan64(int classCount) {
        return sngan32(classCount)
                .name("sngan64")
                .backbone(Backbone.SNGAN, 64)
                .widths(64, 64)
                .steps(250_000);
    }

    /**
     * Returns BigGAN's 64 x 64 setting (Brock et al., 2019). Both networks have width 64, z has
     * 120 values split across the blocks, and batches have 256 images. Two critic updates
     * precede each generator update. Adam runs at 1e-4 for the generator and 4e-4 for the critic
     * with betas (0, 0.999) and no decay. The generator's weights get orthogonal regularization
     * with beta 1e-4 and an EMA with decay 0.9999 from step 20,000.
     *
     * <p>Beta here multiplies the BigGAN paper's penalty, ||W W^T (.) (1 - I)||_F^2. The
     * strength option of BigGAN-PyTorch scales the gradient instead, so its value is twice this
     * beta (see {@link io.github.ufskit.nn.layers.OrthogonalRegularization}).
     *
     * <p>NOTE: the UFS paper trains BigGAN at 64 x 64 "until mode collapse" without a step
     * count; 200,000 generator steps is the kit's choice, past the 194,000 steps its slowest
     * variant needs to reach FID 10.
     *
     * @param classCount the number of classes, 1,000 for ImageNet
     * @return the builder
     */
    public static TrainingConfig.Builder bigGan64(int classCount) {
        return TrainingConfig.builder()
                .name("biggan64")
                .backbone(Backbone.BIGGAN, 64)
                .classCount(classCount)
                .widths(64, 64)
                .latentDimension(120)
                .batchSize(256)
                .criticSteps(2)
                .learningRates(1e-4, 4e-4)
                .adamBetas(0, 0.999)
                .learningRateDecay(LearningRateDecay.NONE)
                .loss("hinge")
                .gradientPenaltyWeight(0)
                .orthogonalRegularization(1e-4)
                .ema(0.9999, 20_000)
                .steps(200_000);
    }

    /**
     * Returns BigGAN's 128 x 128 setting as the UFS paper trains it: the 64 x 64 settings with
     * width 96, batch 128 and two accumulated batches per update (256 samples), 800,000
     * generator steps.
     *
     * @param classCount the number of classes, 1,000 for ImageNet
     * @return the builder
     */
    public static TrainingConfig.Builder bigGan128(int classCount) {
        return bigGan64(classCount)
                .name("biggan128")
                .backbone(Backbone.BIGGAN, 128)
                .widths(96, 96)
                .batchSize(128)
                .accumulations(2)
                .steps(800_000);
    }
}
