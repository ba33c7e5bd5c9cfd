"""Writes the TorchScript helper that returns d(sum(outputs))/d(inputs) with a graph.

DJL's gradient collector cannot build the graph of a gradient, which the WGAN-GP
gradient penalty needs so that the penalty itself can be differentiated with
respect to the critic's weights. This module calls torch.autograd.grad with
create_graph=True and only returns the input gradient, so nothing is written
into the parameters' .grad fields and no parameter-gradient reference cycle is
created.

Run with Debian's python3-torch (1.13) from the repository root:
    /usr/bin/python3 lib/src/main/torchscript/make_input_gradient.py
"""
import sys
from typing import List, Optional

import torch


class InputGradient(torch.nn.Module):
    def forward(self, outputs: torch.Tensor, inputs: torch.Tensor) -> torch.Tensor:
        grad_outputs: List[Optional[torch.Tensor]] = [torch.ones_like(outputs)]
        gradients = torch.autograd.grad(
            [outputs], [inputs], grad_outputs=grad_outputs, create_graph=True
        )
        gradient = gradients[0]
        assert gradient is not None
        return gradient


def main() -> None:
    target = (
        sys.argv[1]
        if len(sys.argv) > 1
        else "lib/src/main/resources/io/github/ufskit/loss/input-gradient.pt"
    )
    torch.jit.save(torch.jit.script(InputGradient()), target)
    print(f"wrote {target} with torch {torch.__version__}")


if __name__ == "__main__":
    main()
