package io.github.ufskit.experiments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locations of the kit's outputs and caches. */
public final class KitPaths {

    /**
     * Environment variable naming the output folder of one profile's notebook run; the notebook
     * runner sets it to {@code results/<profile>/} or to the folder given to it.
     */
    public static final String RESULTS_VARIABLE = "UFS_RESULTS_DIR";

    private KitPaths() {}

    /**
     * Returns the directory for the training runs of a profile: {@code $UFS_RESULTS_DIR/runs}
     * when the variable is set, else {@code results/<profile>/runs} in the kit's checkout (found by walking up from
     * the working directory to the folder with the {@code ufskit} launcher), else {@code
     * ~/.cache/ufskit/results/<profile>/runs}.
     *
     * @param profile the profile
     * @return the directory, not necessarily existing yet
     */
    public static Path runs(Profile profile) {
        String override = System.getenv(RESULTS_VARIABLE);
        if (override != null && !override.isBlank()) {
            return Paths.get(override).resolve("runs");
        }
        Path root = repositoryRoot();
        Path base =
                root != null
                        ? root.resolve("results")
                        : Paths.get(System.getProperty("user.home"), ".cache", "ufskit", "results");
        return base.resolve(profile.label()).resolve("runs");
    }

    /**
     * Returns the kit's checkout that contains the working directory.
     *
     * @return the folder with the {@code ufskit} launcher and {@code pom.xml}, or null
     */
    public static Path repositoryRoot() {
        Path directory = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        while (directory != null) {
            if (Files.isRegularFile(directory.resolve("ufskit"))
                    && Files.isRegularFile(directory.resolve("pom.xml"))) {
                return directory;
            }
            directory = directory.getParent();
        }
        return null;
    }
}
