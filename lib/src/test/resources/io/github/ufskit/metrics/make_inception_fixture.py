"""Writes a small TorchScript module with the interface of inception-2015-12-05.pt.

The module has the forward signature of the StyleGAN2-ADA port,
forward(img, return_features=False, use_fp16=False, no_output_bias=False), and
rejects anything but uint8 RGB input, so a test can check how the kit calls it.

Features: feature j is (j // 3 + 1) times the mean pixel value of channel j % 3,
so the first three features are the channel means in [0, 255].
Head: logit 1 is the mean of channel 0 and every other weight is 0; the bias
of class 0 is 20. Without the bias a black image therefore gets the uniform
distribution, and with it class 0 gets almost all of the probability.

Usage: /usr/bin/python3 make_inception_fixture.py TARGET [DIMENSION [CLASSES]]
"""
import sys

import torch
import torch.nn.functional as F


class InceptionFixture(torch.nn.Module):
    def __init__(self, dimension: int, classes: int):
        super().__init__()
        self.features = torch.nn.Linear(3, dimension)
        self.output = torch.nn.Linear(dimension, classes)
        with torch.no_grad():
            self.features.weight.zero_()
            self.features.bias.zero_()
            for j in range(dimension):
                self.features.weight[j, j % 3] = float(j // 3 + 1)
            self.output.weight.zero_()
            self.output.bias.zero_()
            self.output.weight[1, 0] = 1.0
            self.output.bias[0] = 20.0

    def forward(
        self,
        img: torch.Tensor,
        return_features: bool = False,
        use_fp16: bool = False,
        no_output_bias: bool = False,
    ) -> torch.Tensor:
        assert img.dtype == torch.uint8, "expected uint8 pixels"
        assert img.shape[1] == 3, "expected 3 channels"
        x = img.to(torch.float16 if use_fp16 else torch.float32)
        means = x.mean(dim=[2, 3]).to(torch.float32)
        features = self.features(means)
        if return_features:
            return features
        if no_output_bias:
            logits = F.linear(features, self.output.weight)
        else:
            logits = self.output(features)
        return torch.softmax(logits, dim=1)


def main() -> None:
    target = sys.argv[1]
    dimension = int(sys.argv[2]) if len(sys.argv) > 2 else 2048
    classes = int(sys.argv[3]) if len(sys.argv) > 3 else 1008
    module = torch.jit.script(InceptionFixture(dimension, classes).eval())
    torch.jit.save(module, target)
    print(f"wrote {target} with torch {torch.__version__}")


if __name__ == "__main__":
    main()
