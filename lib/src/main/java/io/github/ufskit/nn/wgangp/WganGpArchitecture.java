package io.github.ufskit.nn.wgangp;

/** Argument checks shared by the WGAN-GP networks. */
final class WganGpArchitecture {

    private WganGpArchitecture() {}

    static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }

    static void requireImageChannels(int channels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException(
                    "image channels must be 1 (grayscale) or 3 (RGB), got " + channels);
        }
    }
}
