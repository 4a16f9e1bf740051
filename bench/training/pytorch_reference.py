#!/usr/bin/python3
"""PyTorch reference for QuantLab's training benchmark (bench/training/README.md).

Trains the same models as QuantLab's zoo for one epoch of Fashion-MNIST at batch 64 with Adam
(lr 1e-3), eager mode, on the CPU, and prints seconds, images/s and test accuracy. Reads the same
IDX files QuantLab reads. Not a QuantLab dependency: a side-by-side yardstick only.

    /usr/bin/python3 bench/training/pytorch_reference.py --threads 2 --models mlp512,small-cnn
"""
import argparse
import gzip
import os
import resource
import sys
import time

import numpy as np
import torch
from torch import nn

MEAN, STD = 0.2860, 0.3530  # STACK.md's Fashion-MNIST normalization


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(directory, split):
    images = read_idx(os.path.join(directory, f"{split}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(directory, f"{split}-labels-idx1-ubyte.gz"))
    x = (torch.from_numpy(images.astype(np.float32) / 255.0) - MEAN) / STD
    return x.unsqueeze(1).contiguous(), torch.from_numpy(labels.astype(np.int64))


def mlp(hidden):
    return nn.Sequential(nn.Flatten(), nn.Linear(784, hidden), nn.ReLU(), nn.Linear(hidden, 10))


def small_cnn():
    # QuantLab's ModelZoo small-cnn: 3x(conv3x3 no bias, BN, ReLU), max-pool after the first two,
    # 4x4 average pool at stride 1 (7x7 -> 4x4), Linear 2048 -> 10.
    layers = []
    channels = [1, 32, 64, 128]
    for i in range(3):
        layers += [nn.Conv2d(channels[i], channels[i + 1], 3, padding=1, bias=False),
                   nn.BatchNorm2d(channels[i + 1]), nn.ReLU()]
        if i < 2:
            layers.append(nn.MaxPool2d(2, 2))
    layers += [nn.AvgPool2d(4, 1), nn.Flatten(), nn.Linear(2048, 10)]
    return nn.Sequential(*layers)


MODELS = {"mlp": lambda: mlp(256), "mlp512": lambda: mlp(512), "small-cnn": small_cnn}


def train_one_epoch(model, x, y, batch):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    order = torch.randperm(len(y))
    start = time.perf_counter()
    for i in range(0, len(y), batch):
        idx = order[i:i + batch]
        optimizer.zero_grad()
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        optimizer.step()
    return time.perf_counter() - start


def test_accuracy(model, x, y):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(y), 256):
            correct += (model(x[i:i + 256]).argmax(1) == y[i:i + 256]).sum().item()
    return 100.0 * correct / len(y)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--models", default="mlp,mlp512,small-cnn")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--subset", type=int, default=60000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--paired", action="store_true",
                   help="for paired.py: one untimed epoch per model, READY, then one epoch per model per stdin line")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)
    x, y = load(a.data, "train")
    x, y = x[:a.subset], y[:a.subset]
    tx, ty = load(a.data, "t10k")
    names = a.models.split(",")
    if not a.paired:
        run_models(names, x, y, tx, ty, a)
        return
    for name in names:
        train_one_epoch(MODELS[name](), x, y, a.batch)
    print("READY", flush=True)
    for _ in sys.stdin:
        run_models(names, x, y, tx, ty, a)


def run_models(names, x, y, tx, ty, a):
    for name in names:
        model = MODELS[name]()
        seconds = train_one_epoch(model, x, y, a.batch)
        acc = test_accuracy(model, tx, ty)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"PYTORCH {torch.__version__} {name} threads {a.threads} batch {a.batch} images {len(y)}: "
              f"train {seconds:.2f} s, {len(y) / seconds:.0f} images/s, test accuracy {acc:.2f}%, "
              f"max RSS {rss} MB, load {os.getloadavg()[0]:.2f}", flush=True)


if __name__ == "__main__":
    main()
