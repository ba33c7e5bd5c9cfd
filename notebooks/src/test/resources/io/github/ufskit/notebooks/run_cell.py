"""Start a kernel from a kernelspec directory, run one cell, print its stdout and reply status.

Usage: run_cell.py KERNELS_DIR KERNEL_NAME CODE
"""

import sys

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

TIMEOUT_SECONDS = 120


def main(kernels_dir, kernel_name, code):
    """Run code in a fresh kernel and print what it wrote to stdout, then status=STATUS."""
    spec_manager = KernelSpecManager(kernel_dirs=[kernels_dir])
    manager = KernelManager(kernel_name=kernel_name, kernel_spec_manager=spec_manager)
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    printed = []

    def collect(message):
        if message["msg_type"] == "stream" and message["content"]["name"] == "stdout":
            printed.append(message["content"]["text"])

    try:
        client.wait_for_ready(timeout=TIMEOUT_SECONDS)
        reply = client.execute_interactive(code, timeout=TIMEOUT_SECONDS, output_hook=collect)
        print("".join(printed), end="")
        print(f"status={reply['content']['status']}")
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
