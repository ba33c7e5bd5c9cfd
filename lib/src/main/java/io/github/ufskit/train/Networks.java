package io.github.ufskit.train;

import io.github.ufskit.nn.ImageGenerator;
import io.github.ufskit.nn.SplitCritic;
import io.github.ufskit.nn.biggan.BigGanConfig;
import io.github.ufskit.nn.biggan.BigGanDiscriminator;
import io.github.ufskit.nn.biggan.BigGanGenerator;
import io.github.ufskit.nn.sngan.SnganDiscriminator;
import io.github.ufskit.nn.sngan.SnganGenerator;
import io.github.ufskit.nn.wgangp.ResNetCritic;
import io.github.ufskit.nn.wgangp.ResNetGenerator;

/** Builds the generator and critic of a run's backbone, uninitialized. */
final class Networks {

    private Networks() {}

    /**
     * Creates the generator a configuration describes.
     *
     * @param config the run's settings
     * @param imageChannels 1 or 3
     * @return the generator, not yet initialized
     */
    static ImageGenerator generator(TrainingConfig config, int imageChannels) {
        return switch (config.backbone()) {
            case WGAN_GP -> new ResNetGenerator(
                    config.latentDimension(), config.generatorWidth(), imageChannels);
            case SNGAN -> {
                requireRgb(config, imageChannels);
                yield config.imageSize() == 32
                        ? SnganGenerator.resolution32(
                                config.latentDimension(),
                                config.generatorWidth(),
                                config.classCount())
                        : SnganGenerator.resolution64(
                                config.latentDimension(),
                                config.generatorWidth(),
                                config.classCount());
            }
            case BIGGAN -> {
                requireRgb(config, imageChannels);
                yield BigGanGenerator.create(bigGan(config, config.generatorWidth()));
            }
        };
    }

    /**
     * Creates the critic a configuration describes.
     *
     * @param config the run's settings
     * @param imageChannels 1 or 3
     * @return the critic, not yet initialized
     */
    static SplitCritic critic(TrainingConfig config, int imageChannels) {
        return switch (config.backbone()) {
            case WGAN_GP -> new ResNetCritic(
                    config.criticWidth(), imageChannels, config.criticOutput());
            case SNGAN -> {
                requireRgb(config, imageChannels);
                yield config.imageSize() == 32
                        ? SnganDiscriminator.resolution32(
                                config.criticWidth(), config.classCount())
                        : SnganDiscriminator.resolution64(
                                config.criticWidth(), config.classCount());
            }
            case BIGGAN -> {
                requireRgb(config, imageChannels);
                yield BigGanDiscriminator.create(bigGan(config, config.criticWidth()));
            }
        };
    }

    /** Returns BigGAN's reference configuration at the run's size with the run's values. */
    private static BigGanConfig bigGan(TrainingConfig config, int width) {
        BigGanConfig reference =
                config.imageSize() == 128
                        ? BigGanConfig.resolution128(config.classCount())
                        : BigGanConfig.resolution64(config.classCount());
        return reference.withWidth(width).withLatentDimension(config.latentDimension());
    }

    private static void requireRgb(TrainingConfig config, int imageChannels) {
        if (imageChannels != 3) {
            throw new IllegalArgumentException(
                    "the "
                            + config.backbone()
                            + " networks draw and read RGB images, but the data has "
                            + imageChannels
                            + " channel(s); repeat a grayscale channel three times or use"
                            + " the WGAN-GP backbone");
        }
    }
}
