#!/usr/bin/python3
"""Rounding error of a training-mode BatchNorm2d in float32, NCHW against channels-last, measured
against the same computation in float64, for activations of growing mean (bench/parity/README.md).

    /usr/bin/python3 bench/parity/channels_last_batchnorm.py
"""
import torch

torch.manual_seed(1)
for offset in [0.0, 3.0, 30.0]:
    x = (torch.randn(64, 64, 14, 14) * 0.5 + offset).double()
    upstream = torch.randn(64, 64, 14, 14).double()
    results = []
    for dtype, channels_last in [(torch.float64, False), (torch.float32, False), (torch.float32, True)]:
        layout = torch.channels_last if channels_last else torch.contiguous_format
        xx = x.to(dtype).contiguous(memory_format=layout).detach().requires_grad_()
        bn = torch.nn.BatchNorm2d(64).to(dtype)
        y = bn(xx)
        y.backward(upstream.to(dtype))
        results.append((y.detach().double(), xx.grad.double(), bn.weight.grad.double()))
    for i, name in [(1, "NCHW         "), (2, "channels-last")]:
        error = [(results[i][k] - results[0][k]).abs().max().item() for k in range(3)]
        print("mean %4.0f, %s: largest error of the output %.1e, of the input gradient %.1e, of gamma's"
              " gradient %.1e" % (offset, name, *error))
