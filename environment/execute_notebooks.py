#!/usr/bin/python3
"""Execute the kit's notebooks on the Java kernel and save each as .ipynb and HTML.

Every notebook runs in a fresh kernel (kernelspec ufskit-java by default) with UFS_PROFILE set
from --profile, UFS_RESULTS_DIR set to the output directory, and DJL's telemetry and downloads
switched off. The executed notebook and its HTML export (images embedded) are written
atomically to the output directory. A cell that runs longer than --cell-timeout is not
interrupted, because the Java kernel stays unusable after an interrupt request: the runner
kills the kernel and reports the notebook as failed. (jupyter_client 7.4 still sends an
interrupt request as the first step of every shutdown, just before the shutdown request or the
kill, which does no harm to a kernel that is about to exit.)

A notebook that fails is saved as NAME.failed.ipynb and NAME.failed.html (outputs up to the
failing cell) and its earlier NAME.ipynb and NAME.html results are removed, so the output
directory never mixes a stale success with a new failure. Each kernel's own output goes to
NAME.kernel.log.

Usage:
    environment/execute_notebooks.py [NOTEBOOK ...] [--profile smoke|cpu|paper]
        [--output-dir DIR] [--cell-timeout SECONDS]

The exit status is 0 when every notebook ran without a cell error, 1 when any failed (each
failure is named with its notebook and cell), and 2 for invalid arguments.
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter

from kitfiles import write_atomically

REPO_DIR = Path(__file__).resolve().parent.parent
PROFILES = ("smoke", "cpu", "paper")
OFFLINE_ENV = {"OPT_OUT_TRACKING": "true", "DJL_OFFLINE": "true"}
# Per-cell limits in seconds, 0 meaning none. These are generous estimates, not measurements:
# a smoke cell takes seconds, a cpu-profile training cell may take hours, and a paper-profile
# run is only bounded by the user.
DEFAULT_CELL_TIMEOUTS = {"smoke": 900, "cpu": 6 * 3600, "paper": 0}
KERNEL_LOG_TAIL_LINES = 30
# Colour escape sequences, which the kernel puts into its tracebacks.
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


class EchoingNotebookClient(NotebookClient):
    """A notebook client that also prints the text cells write, such as training progress.

    Long cells log their progress (steps, losses, time left) to their output; echoing it keeps
    a headless run from looking stuck.
    """

    def output(self, outs, msg, display_id, cell_index):
        result = super().output(outs, msg, display_id, cell_index)
        if msg["msg_type"] == "stream":
            for line in msg["content"].get("text", "").splitlines():
                if line.strip():
                    print(f"    | {ANSI_ESCAPE.sub('', line)}", flush=True)
        return result


class NotebookFailure(Exception):
    """A notebook that did not run to its end, with the failing cell and the reason."""

    def __init__(self, cell_number, reason):
        super().__init__(reason)
        self.cell_number = cell_number
        self.reason = reason


def parse_arguments(argv):
    """Parse and check the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "notebooks", nargs="*", type=Path,
        help="notebooks to run (default: every notebooks/*.ipynb, in name order)",
    )
    parser.add_argument(
        "--profile", choices=PROFILES, default="cpu",
        help="UFS_PROFILE for the notebooks: smoke (a minute), cpu (default), paper (full scale)",
    )
    parser.add_argument(
        "--output-dir", type=Path, help="where results go (default: results/PROFILE/)"
    )
    parser.add_argument(
        "--cell-timeout", type=int,
        help="seconds one cell may run before its kernel is killed, 0 for no limit "
        "(default: 900 for smoke, 21600 for cpu, no limit for paper)",
    )
    parser.add_argument(
        "--startup-timeout", type=int, default=120,
        help="seconds to wait for a new kernel to reply (default: 120)",
    )
    parser.add_argument(
        "--kernel", default="ufskit-java", help="kernelspec name (default: %(default)s)"
    )
    parser.add_argument(
        "--jupyter-dir", type=Path,
        help="extra Jupyter data directory searched first for the kernelspec",
    )
    arguments = parser.parse_args(argv)

    if not arguments.notebooks:
        arguments.notebooks = sorted((REPO_DIR / "notebooks").glob("*.ipynb"))
        if not arguments.notebooks:
            parser.error(f"no notebooks found in {REPO_DIR / 'notebooks'}")
    for notebook in arguments.notebooks:
        if not notebook.is_file():
            parser.error(f"notebook {notebook} not found")
    if arguments.cell_timeout is None:
        arguments.cell_timeout = DEFAULT_CELL_TIMEOUTS[arguments.profile]
    if arguments.cell_timeout < 0:
        parser.error(
            f"--cell-timeout must be 0 (no limit) or positive, got {arguments.cell_timeout}"
        )
    if arguments.startup_timeout <= 0:
        parser.error(f"--startup-timeout must be positive, got {arguments.startup_timeout}")
    if arguments.output_dir is None:
        arguments.output_dir = REPO_DIR / "results" / arguments.profile
    return arguments


def use_jupyter_dir(jupyter_dir):
    """Put jupyter_dir first on Jupyter's search path for kernelspecs."""
    entries = [str(jupyter_dir.resolve())]
    if os.environ.get("JUPYTER_PATH"):
        entries.append(os.environ["JUPYTER_PATH"])
    os.environ["JUPYTER_PATH"] = os.pathsep.join(entries)


def check_kernelspec(name):
    """Return None when the kernelspec exists, else an error message naming the fix."""
    try:
        KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        return (
            f"kernelspec '{name}' not found; run environment/setup, which builds the kernel "
            "and installs it"
        )
    return None




def format_duration(seconds):
    """Format seconds as 1h02m03s, 2m03s or 3.4s."""
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, whole_seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}h{minutes:02d}m{whole_seconds:02d}s"
    return f"{minutes}m{whole_seconds:02d}s"


def first_line(cell):
    """Return the first non-blank source line of a cell, shortened for progress lines."""
    for line in cell.source.splitlines():
        if line.strip():
            return line.strip()[:60]
    return "(empty)"


def run_cells(client, notebook, started):
    """Execute every cell in the client's kernel and print progress.

    Raises NotebookFailure at the first cell that fails, times out or loses its kernel.
    """
    info_reply = client.wait_for_reply(client.kc.kernel_info())
    if info_reply is not None and "language_info" in info_reply["content"]:
        notebook.metadata["language_info"] = info_reply["content"]["language_info"]

    cell_total = len(notebook.cells)
    for index, cell in enumerate(notebook.cells):
        number = index + 1
        if cell.cell_type != "code":
            continue
        elapsed = format_duration(time.monotonic() - started)
        print(f"  cell {number}/{cell_total} started at {elapsed}: {first_line(cell)}", flush=True)
        cell_started = time.monotonic()
        try:
            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        except CellTimeoutError:
            # Kill the kernel instead of interrupting it: after an interrupt request the Java
            # kernel accepts no further cell.
            client.shutdown_kernel = "immediate"
            raise NotebookFailure(
                number, f"timed out after {format_duration(client.timeout)}; the kernel was stopped"
            ) from None
        except CellExecutionError as error:
            details = ANSI_ESCAPE.sub("", str(error))
            raise NotebookFailure(number, f"{error.ename}: {error.evalue}\n{details}") from None
        except DeadKernelError as error:
            raise NotebookFailure(number, f"the kernel died: {error}") from None
        took = format_duration(time.monotonic() - cell_started)
        print(f"  cell {number}/{cell_total} done in {took}", flush=True)


def export_html(notebook, notebook_path):
    """Return the notebook as a standalone HTML page with its images embedded."""
    exporter = HTMLExporter(embed_images=True)
    resources = {"metadata": {"name": notebook_path.stem, "path": str(notebook_path.parent)}}
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    return body


def save_results(notebook, notebook_path, output_dir, failed):
    """Write the executed notebook and its HTML export, removing outputs of the other kind."""
    stem = notebook_path.stem
    suffix = ".failed" if failed else ""
    stale_suffix = "" if failed else ".failed"
    for extension in (".ipynb", ".html"):
        stale = output_dir / f"{stem}{stale_suffix}{extension}"
        stale.unlink(missing_ok=True)
    ipynb_path = output_dir / f"{stem}{suffix}.ipynb"
    html_path = output_dir / f"{stem}{suffix}.html"
    write_atomically(ipynb_path, nbformat.writes(notebook))
    write_atomically(html_path, export_html(notebook, notebook_path))
    return html_path


def kernel_log_tail(log_path):
    """Return the last lines the kernel printed."""
    lines = log_path.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(lines[-KERNEL_LOG_TAIL_LINES:])


def execute_notebook(notebook_path, arguments, kernel_env):
    """Run one notebook, save its results and return None, or a failure message."""
    notebook = nbformat.read(notebook_path, as_version=4)
    client = EchoingNotebookClient(
        notebook,
        kernel_name=arguments.kernel,
        timeout=arguments.cell_timeout or None,
        startup_timeout=arguments.startup_timeout,
        interrupt_on_timeout=False,
        allow_errors=False,
        shutdown_kernel="graceful",
        resources={"metadata": {"path": str(notebook_path.parent)}},
    )
    client.reset_execution_trackers()
    log_path = arguments.output_dir / f"{notebook_path.stem}.kernel.log"
    started = time.monotonic()
    failure = None
    with open(log_path, "w", encoding="utf-8") as kernel_log:
        try:
            with client.setup_kernel(env=kernel_env, stdout=kernel_log, stderr=kernel_log):
                run_cells(client, notebook, started)
        except NotebookFailure as error:
            failure = error
        except RuntimeError as error:
            # setup_kernel raises RuntimeError when the kernel does not start or reply.
            failure = NotebookFailure(0, f"the kernel did not start: {error}")

    html_path = save_results(notebook, notebook_path, arguments.output_dir, failure is not None)
    took = format_duration(time.monotonic() - started)
    if failure is None:
        print(f"  ok in {took}: {html_path}", flush=True)
        return None
    where = f"cell {failure.cell_number}" if failure.cell_number else "kernel start"
    message = f"{notebook_path}, {where}: {failure.reason}"
    print(f"  FAILED after {took} at {where}: {failure.reason}", flush=True)
    print(f"  kernel log ({log_path}) ends with:\n{kernel_log_tail(log_path)}", flush=True)
    print(f"  partial results: {html_path}", flush=True)
    return message


def main(argv=None):
    """Run every requested notebook and return the exit status."""
    arguments = parse_arguments(argv)
    if arguments.jupyter_dir is not None:
        use_jupyter_dir(arguments.jupyter_dir)
    missing = check_kernelspec(arguments.kernel)
    if missing:
        print(f"execute_notebooks: ERROR: {missing}", file=sys.stderr)
        return 2
    arguments.output_dir.mkdir(parents=True, exist_ok=True)
    arguments.output_dir = arguments.output_dir.resolve()

    kernel_env = dict(os.environ)
    kernel_env.update(OFFLINE_ENV)
    kernel_env["UFS_PROFILE"] = arguments.profile
    kernel_env["UFS_RESULTS_DIR"] = str(arguments.output_dir)

    limit = format_duration(arguments.cell_timeout) if arguments.cell_timeout else "none"
    print(
        f"Running {len(arguments.notebooks)} notebook(s), profile {arguments.profile}, "
        f"cell time limit {limit}, results in {arguments.output_dir}",
        flush=True,
    )
    failures = []
    for position, notebook_path in enumerate(arguments.notebooks, start=1):
        print(f"[{position}/{len(arguments.notebooks)}] {notebook_path}", flush=True)
        failure = execute_notebook(notebook_path.resolve(), arguments, kernel_env)
        if failure:
            failures.append(failure)

    if failures:
        print(f"{len(failures)} of {len(arguments.notebooks)} notebook(s) failed:", file=sys.stderr)
        for failure in failures:
            print(f"  {failure.splitlines()[0]}", file=sys.stderr)
        return 1
    print(f"All {len(arguments.notebooks)} notebook(s) ran; HTML files in {arguments.output_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
