"""Writes tiny_cnn.pt (a traced TorchScript CNN for 1x28x28 images, 10 classes) and tiny_cnn_expected.json
(its logits on a fixed input), for TorchScriptModelTest. Run with Debian's python3-torch:

    /usr/bin/python3 make_tiny_cnn.py

The input is computed from a formula, not drawn, so the Java test can rebuild it exactly:
x[n, 0, h, w] = sin(0.1 * (n * 784 + h * 28 + w)), for n = 0, 1.
"""
import json
import math

import torch
from torch import nn

torch.manual_seed(4)


class TinyCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.pool = nn.MaxPool2d(7)
        self.fc = nn.Linear(4 * 4 * 4, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.bn(self.conv(x))))
        return self.fc(torch.flatten(x, 1))


model = TinyCnn()
# give BatchNorm running statistics that differ from the defaults, so eval mode is visible
with torch.no_grad():
    model.bn.running_mean.copy_(torch.tensor([0.1, -0.2, 0.3, 0.0]))
    model.bn.running_var.copy_(torch.tensor([1.5, 0.5, 2.0, 1.0]))
model.eval()

x = torch.tensor([math.sin(0.1 * i) for i in range(2 * 784)], dtype=torch.float32).reshape(2, 1, 28, 28)
scripted = torch.jit.trace(model, x)
scripted.save("tiny_cnn.pt")
with torch.no_grad():
    logits = scripted(x)

with open("tiny_cnn_expected.json", "w") as f:
    json.dump({
        "torch_version": torch.__version__,
        "input": "x[n, 0, h, w] = sin(0.1 * (n * 784 + h * 28 + w)), n = 0, 1",
        "shape": list(logits.shape),
        "logits": [[float(v) for v in row] for row in logits],
    }, f, indent=1)
print(logits)
