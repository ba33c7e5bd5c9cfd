/**
 * Report helpers for the notebooks: HTML tables, line charts, image grids, metrics logs and the
 * numbers the UFS paper reports.
 *
 * <p>The notebook kernel displays a {@link java.awt.image.BufferedImage} as a PNG and any other
 * object as its {@code toString()} read as HTML. So {@link io.github.ufskit.report.Tables}
 * returns an {@link io.github.ufskit.report.Html} fragment, while {@link
 * io.github.ufskit.report.Charts} and {@link io.github.ufskit.report.ImageGrid} return images.
 */
package io.github.ufskit.report;
