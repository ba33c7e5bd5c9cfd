#!/usr/bin/python3
"""Install the Jupyter kernelspec that runs the kit's notebooks on the patched Java kernel.

The kernelspec starts the patched rapaio-jupyter-kernel jar from environment/build/ with a
headless JVM and a bounded heap. Its environment switches DJL's telemetry and downloads off and
sets RJK_CLASSPATH, the kernel's own classpath list (entries separated by ';', globs allowed),
so notebooks start with plain imports of the kit's classes.

Usage:
    environment/install_kernelspec.py [--classpath CP] [--jupyter-dir DIR] [--kernel-jar JAR]
"""

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from kitfiles import write_atomically

REPO_DIR = Path(__file__).resolve().parent.parent
POM_NAMESPACE = {"m": "http://maven.apache.org/POM/4.0.0"}
DEFAULT_NAME = "ufskit-java"
DEFAULT_DISPLAY_NAME = "Java (UFS kit)"
MINIMUM_JAVA_FEATURE = 17

# Variables every process of the kit gets: no DJL telemetry, no model or library downloads.
OFFLINE_ENV = {"OPT_OUT_TRACKING": "true", "DJL_OFFLINE": "true"}


class InstallError(Exception):
    """An invalid option or a missing input, with a message that names the fix."""


def read_pom():
    """Return the parent pom's root element."""
    return ElementTree.parse(REPO_DIR / "pom.xml").getroot()


def default_kernel_jar():
    """Return the path environment/build-kernel writes the patched kernel jar to."""
    version = read_pom().findtext("m:properties/m:rapaio.kernel.version", namespaces=POM_NAMESPACE)
    if not version:
        raise InstallError(f"property rapaio.kernel.version is missing in {REPO_DIR / 'pom.xml'}")
    return REPO_DIR / "environment" / "build" / f"rapaio-jupyter-kernel-{version}-ufskit.jar"


def default_classpath():
    """Return the library jar and its runtime dependencies, as RJK_CLASSPATH entries."""
    version = read_pom().findtext("m:version", namespaces=POM_NAMESPACE)
    library_jar = REPO_DIR / "lib" / "target" / f"ufskit-{version}.jar"
    if not library_jar.is_file():
        raise InstallError(
            f"library jar {library_jar} not found; build it with 'mvn -B -q -DskipTests install' "
            "from the repository root (environment/setup does this)"
        )
    return f"{library_jar};{REPO_DIR / 'lib' / 'target' / 'lib'}/*.jar"


def check_classpath(classpath):
    """Return the classpath with absolute entries, rejecting entries that match no file."""
    entries = [entry.strip() for entry in classpath.split(";") if entry.strip()]
    if not entries:
        raise InstallError("--classpath is empty; give at least one jar or directory")
    absolute_entries = []
    for entry in entries:
        absolute = os.path.abspath(os.path.expanduser(entry))
        if not glob.glob(absolute):
            raise InstallError(
                f"classpath entry '{entry}' matches no file; build the library first or fix "
                "the entry (entries are separated by ';' and may contain globs)"
            )
        absolute_entries.append(absolute)
    return ";".join(absolute_entries)


def find_java(java):
    """Return the absolute path of a Java 17 or newer launcher."""
    if java is None:
        java_home = os.environ.get("JAVA_HOME")
        java = os.path.join(java_home, "bin", "java") if java_home else shutil.which("java")
    if java is None or not os.access(java, os.X_OK):
        raise InstallError(
            f"no Java launcher found (tried {java or 'java on PATH'}); install JDK 17 "
            "(environment/setup does) or pass --java"
        )
    java = os.path.realpath(java)
    result = subprocess.run(
        [java, "-XshowSettings:properties", "-version"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    match = re.search(r"java\.specification\.version = (\d+)", result.stderr)
    if match is None or int(match.group(1)) < MINIMUM_JAVA_FEATURE:
        found = match.group(1) if match else "unknown"
        raise InstallError(
            f"{java} is Java {found}, but the kernel needs Java {MINIMUM_JAVA_FEATURE} or newer; "
            "install JDK 17 or pass --java"
        )
    return java


def default_max_heap():
    """Return half of the physical memory, in whole GiB and at least 1 GiB, as a -Xmx value."""
    try:
        total_bytes = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return "4g"
    return f"{max(1, total_bytes // 2 // 2**30)}g"


def build_kernelspec(java, kernel_jar, classpath, max_heap, display_name):
    """Return the kernel.json content."""
    env = dict(OFFLINE_ENV)
    # libtorch's OpenMP threads spin while they wait for work. When two kit processes share the
    # cores (a notebook and a test run, say), the spinning threads starve the working ones, so
    # training slows by an order of magnitude. Passive waiting avoids that.
    env["OMP_WAIT_POLICY"] = "PASSIVE"
    env["RJK_CLASSPATH"] = classpath
    # No per-cell time limit inside the kernel: a runner that needs one stops the kernel itself.
    env["RJK_TIMEOUT_MILLIS"] = "-1"
    return {
        "argv": [
            java,
            "-Djava.awt.headless=true",
            f"-Xmx{max_heap}",
            "-jar",
            str(kernel_jar),
            "{connection_file}",
        ],
        "display_name": display_name,
        "language": "java",
        "interrupt_mode": "message",
        "env": env,
        "metadata": {"ufskit": {"kernel_jar": str(kernel_jar)}},
    }




def parse_arguments(argv):
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--classpath",
        help="RJK_CLASSPATH: jars and class directories separated by ';', globs allowed "
        "(default: lib/target/ufskit-VERSION.jar;lib/target/lib/*.jar)",
    )
    parser.add_argument(
        "--jupyter-dir",
        help="Jupyter data directory; the kernelspec goes to DIR/kernels/NAME "
        "(default: the user's Jupyter data directory)",
    )
    parser.add_argument(
        "--kernel-jar",
        help="kernel jar to start (default: the patched jar environment/build-kernel writes)",
    )
    parser.add_argument(
        "--name", default=DEFAULT_NAME, help="kernelspec name (default: %(default)s)"
    )
    parser.add_argument(
        "--display-name", default=DEFAULT_DISPLAY_NAME,
        help="name shown in Jupyter's kernel list (default: %(default)s)",
    )
    parser.add_argument(
        "--max-heap",
        help="JVM -Xmx value such as 8g (default: half the physical memory, at least 1g)",
    )
    parser.add_argument(
        "--java", help="Java 17+ launcher (default: $JAVA_HOME/bin/java, else java on PATH)"
    )
    return parser.parse_args(argv)


def main(argv=None):
    """Install the kernelspec and print where it went."""
    arguments = parse_arguments(argv)
    try:
        if not re.fullmatch(r"[A-Za-z0-9._-]+", arguments.name):
            raise InstallError(
                f"--name '{arguments.name}' is invalid; use letters, digits, '.', '_' and '-'"
            )
        if arguments.max_heap and not re.fullmatch(r"\d+[kKmMgG]?", arguments.max_heap):
            raise InstallError(
                f"--max-heap '{arguments.max_heap}' is invalid; give e.g. 4g or 512m"
            )
        kernel_jar = Path(arguments.kernel_jar or default_kernel_jar()).resolve()
        if not kernel_jar.is_file():
            raise InstallError(
                f"kernel jar {kernel_jar} not found; build it with environment/build-kernel"
            )
        classpath = check_classpath(arguments.classpath or default_classpath())
        java = find_java(arguments.java)
        if arguments.jupyter_dir:
            jupyter_dir = Path(arguments.jupyter_dir).resolve()
        else:
            from jupyter_core.paths import jupyter_data_dir

            jupyter_dir = Path(jupyter_data_dir())
    except InstallError as error:
        print(f"install_kernelspec: ERROR: {error}", file=sys.stderr)
        return 2

    spec = build_kernelspec(
        java, kernel_jar, classpath, arguments.max_heap or default_max_heap(),
        arguments.display_name,
    )
    kernel_json = jupyter_dir / "kernels" / arguments.name / "kernel.json"
    write_atomically(kernel_json, json.dumps(spec, indent=2) + "\n")
    print(f"Installed kernelspec '{arguments.name}' ({arguments.display_name}) at {kernel_json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
