package io.github.ufskit.experiments;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Scale at which a notebook runs its experiment, read from the environment variable {@code
 * UFS_PROFILE} (or the system property {@code ufskit.profile}).
 */
public enum Profile {
    /** A few steps on a few images, to check that every cell runs; well under a minute. */
    SMOKE,
    /** The default: a result worth looking at on a laptop CPU in about 10 to 15 minutes. */
    CPU,
    /** The settings of the UFS paper, which need a GPU and days of training. */
    PAPER;

    /** Name of the environment variable that selects the profile. */
    public static final String VARIABLE = "UFS_PROFILE";

    /**
     * Returns the profile named by {@code UFS_PROFILE}, or {@link #CPU} when it is unset.
     *
     * @return the profile
     * @throws IllegalArgumentException when the variable names no profile
     */
    public static Profile current() {
        String value = System.getProperty("ufskit.profile", System.getenv(VARIABLE));
        if (value == null || value.isBlank()) {
            return CPU;
        }
        return parse(value);
    }

    /**
     * Parses a profile name, ignoring case.
     *
     * @param name smoke, cpu or paper
     * @return the profile
     * @throws IllegalArgumentException when the name is unknown, listing the known ones
     */
    public static Profile parse(String name) {
        for (Profile profile : values()) {
            if (profile.name().equalsIgnoreCase(name.trim())) {
                return profile;
            }
        }
        String known =
                Arrays.stream(values()).map(Profile::label).collect(Collectors.joining(", "));
        throw new IllegalArgumentException(
                "unknown profile '" + name + "' in " + VARIABLE + "; known profiles: " + known);
    }

    /**
     * Returns the lower-case name used in paths, such as {@code cpu}.
     *
     * @return the label
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
