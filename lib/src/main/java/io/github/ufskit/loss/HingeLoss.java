package io.github.ufskit.loss;

import ai.djl.ndarray.NDArray;

/**
 * The hinge GAN loss: the critic minimizes E[max(0, 1 - D(real))] + E[max(0, 1 + D(fake))] and
 * the generator minimizes -E[D(fake)].
 */
public final class HingeLoss implements AdversarialLoss {

    /** {@inheritDoc} */
    @Override
    public NDArray criticLoss(NDArray realScores, NDArray fakeScores) {
        NDArray realTerm = realScores.neg().add(1).maximum(0).mean();
        NDArray fakeTerm = fakeScores.add(1).maximum(0).mean();
        return realTerm.add(fakeTerm);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray generatorLoss(NDArray fakeScores) {
        return fakeScores.mean().neg();
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "hinge";
    }
}
