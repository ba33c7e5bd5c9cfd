/**
 * Class activation maps (Zhou et al., 2016, "Learning Deep Features for Discriminative
 * Localization") of a critic with and without unrealistic feature suppression: {@link
 * io.github.ufskit.cam.ClassActivationMaps} computes the three maps of equation 10 of Kim and Lee,
 * and {@link io.github.ufskit.cam.Heatmaps} draws them over their images.
 */
package io.github.ufskit.cam;
