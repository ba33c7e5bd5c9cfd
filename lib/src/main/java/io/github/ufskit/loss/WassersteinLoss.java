package io.github.ufskit.loss;

import ai.djl.ndarray.NDArray;

/**
 * The Wasserstein GAN loss: the critic minimizes E[D(fake)] - E[D(real)] and the generator
 * minimizes -E[D(fake)].
 *
 * <p>The negated critic loss, E[D(real)] - E[D(fake)], estimates the Wasserstein distance when
 * the critic is 1-Lipschitz, which the gradient penalty encourages.
 */
public final class WassersteinLoss implements AdversarialLoss {

    /** {@inheritDoc} */
    @Override
    public NDArray criticLoss(NDArray realScores, NDArray fakeScores) {
        return fakeScores.mean().sub(realScores.mean());
    }

    /** {@inheritDoc} */
    @Override
    public NDArray generatorLoss(NDArray fakeScores) {
        return fakeScores.mean().neg();
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "wgan";
    }
}
