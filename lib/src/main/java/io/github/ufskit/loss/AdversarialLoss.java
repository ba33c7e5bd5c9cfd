package io.github.ufskit.loss;

import ai.djl.ndarray.NDArray;

/**
 * Loss of a GAN's critic (discriminator) and generator, computed from critic scores.
 *
 * <p>Scores may have shape (N) or carry extra axes, such as the (N, 8, 8) map of the modified
 * WGAN-GP critic; every element counts as one score and the losses average over all of them.
 */
public interface AdversarialLoss {

    /**
     * Computes the critic loss that the critic minimizes.
     *
     * @param realScores critic scores of real images
     * @param fakeScores critic scores of generated images
     * @return a scalar
     */
    NDArray criticLoss(NDArray realScores, NDArray fakeScores);

    /**
     * Computes the generator loss that the generator minimizes.
     *
     * @param fakeScores critic scores of generated images
     * @return a scalar
     */
    NDArray generatorLoss(NDArray fakeScores);

    /**
     * Returns the loss's short name for logs and tables.
     *
     * @return the name, such as {@code wgan}
     */
    String name();

    /**
     * Returns the loss with the given name.
     *
     * @param name {@code wgan} or {@code hinge}
     * @return the loss
     */
    static AdversarialLoss byName(String name) {
        return switch (name) {
            case "wgan" -> new WassersteinLoss();
            case "hinge" -> new HingeLoss();
            default -> throw new IllegalArgumentException(
                    "unknown adversarial loss '" + name + "'; known: wgan, hinge");
        };
    }
}
