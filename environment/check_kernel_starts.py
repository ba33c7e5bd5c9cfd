#!/usr/bin/python3
"""Start the Java kernel many times in a row and report how many starts became ready.

Each start launches the kernel through jupyter_client, waits for its kernel_info_reply with
the same call nbclient uses (wait_for_ready), runs one trivial cell, checks the cell's output,
and shuts the kernel down. A start whose kernel exits, or does not reply within
--ready-timeout, counts as not ready, and its kernel is killed. The script never interrupts a
cell, because the Java kernel stays unusable after an interrupt request. (jupyter_client 7.4
sends one as the first step of every shutdown, just before the shutdown request or the kill.)

Usage:
    environment/check_kernel_starts.py --starts 30 [--kernel NAME] [--jupyter-dir DIR]

The last line reads "N/M ready"; the exit status is 0 only when every start was ready and ran
its cell.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import KernelManager

OFFLINE_ENV = {"OPT_OUT_TRACKING": "true", "DJL_OFFLINE": "true"}
TRIVIAL_CELL = "System.out.println(6 * 7);"
TRIVIAL_CELL_OUTPUT = "42"
LOG_TAIL_LINES = 20


def parse_arguments(argv):
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--starts", type=int, default=30, help="kernel starts (default: 30)")
    parser.add_argument(
        "--kernel", default="ufskit-java", help="kernelspec name (default: %(default)s)"
    )
    parser.add_argument(
        "--jupyter-dir",
        help="Jupyter data directory holding kernels/NAME (default: Jupyter's search path)",
    )
    parser.add_argument(
        "--ready-timeout", type=float, default=60.0,
        help="seconds to wait for kernel_info_reply before a start counts as not ready "
        "(default: 60)",
    )
    parser.add_argument(
        "--cell-timeout", type=float, default=60.0,
        help="seconds the trivial cell may take (default: 60)",
    )
    arguments = parser.parse_args(argv)
    if arguments.starts < 1:
        parser.error(f"--starts must be at least 1, got {arguments.starts}")
    if arguments.ready_timeout <= 0 or arguments.cell_timeout <= 0:
        parser.error("--ready-timeout and --cell-timeout must be positive seconds")
    return arguments


def kernel_spec_manager(jupyter_dir):
    """Return a kernelspec manager that searches jupyter_dir first, when one is given."""
    if jupyter_dir is None:
        return KernelSpecManager()
    kernels_dir = Path(jupyter_dir).resolve() / "kernels"
    return KernelSpecManager(kernel_dirs=[str(kernels_dir)])


def run_trivial_cell(client, timeout):
    """Execute the trivial cell and return an error message, or None when it printed 42."""
    printed = []

    def collect(message):
        if message["msg_type"] == "stream" and message["content"]["name"] == "stdout":
            printed.append(message["content"]["text"])
        elif message["msg_type"] == "error":
            printed.append(f"{message['content']['ename']}: {message['content']['evalue']}")

    try:
        reply = client.execute_interactive(TRIVIAL_CELL, timeout=timeout, output_hook=collect)
    except TimeoutError:
        return f"cell timed out after {timeout:.0f} s"
    if reply["content"]["status"] != "ok":
        return f"cell failed with status {reply['content']['status']}: {''.join(printed)}"
    if "".join(printed).strip() != TRIVIAL_CELL_OUTPUT:
        return f"cell printed {''.join(printed)!r}, expected {TRIVIAL_CELL_OUTPUT!r}"
    return None


def tail(path, lines):
    """Return the last lines of a text file."""
    text = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(text[-lines:])


def start_once(spec_manager, kernel_name, log_path, arguments):
    """Start, check and stop one kernel, and return (ready, ready_seconds, error or None)."""
    manager = KernelManager(kernel_name=kernel_name, kernel_spec_manager=spec_manager)
    started = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        manager.start_kernel(env={**os.environ, **OFFLINE_ENV}, stdout=log, stderr=log)
    client = manager.client()
    client.start_channels()
    ready = False
    ready_seconds = None
    error = None
    try:
        try:
            client.wait_for_ready(timeout=arguments.ready_timeout)
        except RuntimeError as failure:
            error = f"no kernel_info_reply: {failure}"
        else:
            ready = True
            ready_seconds = time.monotonic() - started
            error = run_trivial_cell(client, arguments.cell_timeout)
    finally:
        client.stop_channels()
        # A ready kernel gets a shutdown request, and any other is killed at once.
        manager.shutdown_kernel(now=not ready or error is not None)
    return ready, ready_seconds, error


def main(argv=None):
    """Run the starts, print one line per start and a summary, and return the exit status."""
    arguments = parse_arguments(argv)
    spec_manager = kernel_spec_manager(arguments.jupyter_dir)
    try:
        spec = spec_manager.get_kernel_spec(arguments.kernel)
    except NoSuchKernel:
        print(
            f"check_kernel_starts: ERROR: kernelspec '{arguments.kernel}' not found "
            f"(searched {spec_manager.kernel_dirs}); install it with "
            "environment/install_kernelspec.py",
            file=sys.stderr,
        )
        return 2
    print(f"Kernel '{arguments.kernel}': {' '.join(spec.argv)}", flush=True)

    ready_count = 0
    cell_count = 0
    ready_times = []
    with tempfile.TemporaryDirectory(prefix="kernel-starts-") as log_dir:
        for index in range(1, arguments.starts + 1):
            log_path = Path(log_dir) / f"start-{index}.log"
            ready, ready_seconds, error = start_once(
                spec_manager, arguments.kernel, log_path, arguments
            )
            ready_count += ready
            cell_count += ready and error is None
            if ready:
                ready_times.append(ready_seconds)
            status = f"ready in {ready_seconds:.1f} s" if ready else "NOT READY"
            outcome = "cell ok" if error is None else error
            print(f"start {index}/{arguments.starts}: {status}, {outcome}", flush=True)
            if error is not None:
                print(f"  kernel log tail:\n{tail(log_path, LOG_TAIL_LINES)}", flush=True)

    if ready_times:
        print(
            f"ready time: min {min(ready_times):.1f} s, max {max(ready_times):.1f} s, "
            f"mean {sum(ready_times) / len(ready_times):.1f} s"
        )
    print(f"cells ok: {cell_count}/{arguments.starts}")
    print(f"{ready_count}/{arguments.starts} ready")
    return 0 if ready_count == cell_count == arguments.starts else 1


if __name__ == "__main__":
    sys.exit(main())
