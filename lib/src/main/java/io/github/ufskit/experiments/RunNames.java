package io.github.ufskit.experiments;

import io.github.ufskit.train.TrainingConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Names run directories so that runs with other settings never share one. */
final class RunNames {

    private RunNames() {}

    /**
     * Returns 8 hex digits of the SHA-256 of a configuration's description.
     *
     * @param config the run's settings
     * @return the fingerprint
     */
    static String fingerprint(TrainingConfig config) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash =
                    digest.digest(config.describe().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
