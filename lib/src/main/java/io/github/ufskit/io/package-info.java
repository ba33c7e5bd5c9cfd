/** File helpers shared by the kit: atomic writes of results, caches and checkpoints. */
package io.github.ufskit.io;
