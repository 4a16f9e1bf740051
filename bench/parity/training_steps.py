#!/usr/bin/python3
"""PyTorch's first training steps of `small-cnn` and `mlp` (hidden [512]), step by step, as the
fixture of QuantLab's TrainingStepParityTest (src/test/resources/fixtures/training-parity/).

Same initial weights, same images, same batches, same optimizer and schedule on both sides: the
test loads the initial weights written here, feeds the same batches through QuantLab's own
training step (forward, loss, backward, optimizer update) and compares, step by step, the loss,
gradients, parameter values and batch-norm running statistics at a few positions of every tensor.
The networks are those of bench/training/pytorch_reference.py (small_cnn, mlp), which are the
zoo's: small-cnn pools 7x7 to 4x4 with AvgPool2d(4, stride 1), not AdaptiveAvgPool2d(4).

    /usr/bin/python3 bench/parity/training_steps.py      # Debian's python3-torch (PyTorch 1.13)

Tests and CI never run this; they read its output.
"""
import argparse
import gzip
import json
import os
import platform
import re
import struct
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "training"))
from pytorch_reference import MEAN, STD, mlp, read_idx, small_cnn  # noqa: E402

IMAGES = 256  # the first 256 training images of Fashion-MNIST
BATCH = 64
STEPS = 20
# cosine annealing over 40 steps, stepped after every batch: the 20 steps checked take the rate
# from its base to half of it, as QuantLab's cosine schedule does for a run of two 20-step epochs
SCHEDULE_STEPS = 40
PROBES = 5  # positions checked per tensor
OPTIMIZERS = {
    # the recipe of issue 11's accuracy comparison
    "sgd": dict(learningRate=0.01, momentum=0.9, weightDecay=0.0),
    # Adam, with L2 weight decay so that path is checked too
    "adam": dict(learningRate=0.001, momentum=0.9, weightDecay=1e-4),  # momentum: unused by Adam (beta1 0.9)
}


def zoo_names(model):
    """QuantLab's parameter names (GraphBlock: node name + '_' + DJL's parameter name) in PyTorch's order."""
    names = {}
    convs, bns, linears = 0, 0, 0
    for module in model:
        if isinstance(module, nn.Conv2d):
            convs += 1
            names[module] = ("conv%d" % convs, {"weight": "weight", "bias": "bias"})
        elif isinstance(module, nn.BatchNorm2d):
            bns += 1
            names[module] = ("bn%d" % bns, {"weight": "gamma", "bias": "beta", "running_mean": "runningMean",
                                            "running_var": "runningVar"})
        elif isinstance(module, nn.Linear):
            linears += 1
            names[module] = ("fc%d" % linears, {"weight": "weight", "bias": "bias"})
    return names


def named_tensors(model, single_linear_name):
    """(QuantLab name, tensor, trainable) for every parameter and batch-norm running statistic."""
    out = []
    for module, (node, rename) in zoo_names(model).items():
        if single_linear_name and isinstance(module, nn.Linear):
            node = "fc"  # small-cnn's one classifier is "fc", the MLP's are fc1, fc2
        for name, tensor in list(module.named_parameters(recurse=False)) + list(module.named_buffers(recurse=False)):
            if name in rename:
                out.append((node + "_" + rename[name], tensor, isinstance(tensor, nn.Parameter)))
    return out


def write_idx(path, array):
    """MNIST's IDX layout: magic (0, 0, type 0x08 = unsigned byte, dimensions), sizes big-endian, then the bytes."""
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + struct.pack(">%dI" % array.ndim, *array.shape)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(header + np.ascontiguousarray(array, dtype=np.uint8).tobytes())


def probe_positions(n):
    return sorted({round(i * (n - 1) / (PROBES - 1)) for i in range(PROBES)})


def exact(values):
    """float32 values as the exact doubles holding them (parse as double, cast to float: exact)."""
    return [float(v) for v in np.asarray(values, dtype=np.float32).ravel()]


def probe(tensor, positions):
    flat = tensor.detach().reshape(-1)
    return exact(flat[positions].numpy())


class Run:
    """One model training in one dtype, step by step."""

    def __init__(self, build, single_linear_name, initial_state, x, y, optimizer_name, dtype):
        self.model = build().to(dtype)
        self.model.load_state_dict({k: v.to(dtype) if v.is_floating_point() else v for k, v in initial_state.items()})
        self.model.train()
        self.x, self.y = x.to(dtype), y
        self.tensors = named_tensors(self.model, single_linear_name)
        self.trainable = [(n, t) for n, t, is_param in self.tensors if is_param]
        settings = OPTIMIZERS[optimizer_name]
        params = [t for _, t in self.trainable]
        if optimizer_name == "sgd":
            self.optimizer = torch.optim.SGD(params, lr=settings["learningRate"], momentum=settings["momentum"],
                                             weight_decay=settings["weightDecay"])
        else:
            self.optimizer = torch.optim.Adam(params, lr=settings["learningRate"],
                                              weight_decay=settings["weightDecay"])
        self.schedule = torch.optim.lr_scheduler.CosineAnnealingLR(self.optimizer, T_max=SCHEDULE_STEPS)

    def step(self, batch):
        """Runs one step; returns the rate used, the loss, and copies of the gradients and of the values after it."""
        rate = self.optimizer.param_groups[0]["lr"]
        self.optimizer.zero_grad()
        loss = nn.functional.cross_entropy(self.model(self.x[batch]), self.y[batch])
        loss.backward()
        gradients = {n: t.grad.detach().clone() for n, t in self.trainable}
        self.optimizer.step()
        self.schedule.step()
        values = {n: t.detach().clone() for n, t, _ in self.tensors}
        return rate, loss.item(), gradients, values


def train(build, single_linear_name, initial_state, x, y, batches, optimizer_name):
    """The float32 run the test compares with, step by step at the probes, beside the same run in float64:
    per step and tensor the largest difference between the two is PyTorch's own float32 rounding."""
    single = Run(build, single_linear_name, initial_state, x, y, optimizer_name, torch.float32)
    double = Run(build, single_linear_name, initial_state, x, y, optimizer_name, torch.float64)

    def largest(a, b):
        return {n: (a[n].double() - b[n]).abs().max().item() for n in a}

    steps = []
    for batch in batches:
        rate, loss, gradients, values = single.step(batch)
        _, loss64, gradients64, values64 = double.step(batch)
        steps.append({
            "rate": rate,
            "loss": exact([loss])[0],
            "gradients": {n: probe(g, probe_positions(g.numel())) for n, g in gradients.items()},
            "values": {n: probe(v, probe_positions(v.numel())) for n, v in values.items()},
            "float64": {"loss": abs(loss - loss64), "gradients": largest(gradients, gradients64),
                        "values": largest(values, values64)},
        })
    return dict(OPTIMIZERS[optimizer_name], steps=steps)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                                 "src", "test", "resources", "fixtures", "training-parity"))
    a = p.parse_args()
    torch.set_num_threads(1)
    os.makedirs(a.out, exist_ok=True)

    pixels = read_idx(os.path.join(a.data, "train-images-idx3-ubyte.gz"))[:IMAGES]
    labels = read_idx(os.path.join(a.data, "train-labels-idx1-ubyte.gz"))[:IMAGES].astype(np.int64)
    # as pytorch_reference.load normalizes
    x = ((torch.from_numpy(pixels.astype(np.float32) / 255.0) - MEAN) / STD).unsqueeze(1).contiguous()
    y = torch.from_numpy(labels)
    write_idx(os.path.join(a.out, "train-images-idx3-ubyte.gz"), pixels)
    write_idx(os.path.join(a.out, "train-labels-idx1-ubyte.gz"), labels.astype(np.uint8))
    # no test images: the test trains only, but reads the folder as a Fashion-MNIST installation
    write_idx(os.path.join(a.out, "t10k-images-idx3-ubyte.gz"), np.zeros((0, 28, 28), dtype=np.uint8))
    write_idx(os.path.join(a.out, "t10k-labels-idx1-ubyte.gz"), np.zeros(0, dtype=np.uint8))

    order = torch.Generator().manual_seed(0)
    batches = []
    while len(batches) < STEPS:
        permutation = torch.randperm(IMAGES, generator=order)
        batches += [permutation[i:i + BATCH] for i in range(0, IMAGES, BATCH)]
    batches = batches[:STEPS]

    fixture = {
        "generator": "bench/parity/training_steps.py",
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "conventions": {
            "images": "train-*-ubyte.gz: the first %d training images of Fashion-MNIST and their labels, as IDX"
                      " files (t10k-*: none), read as a Fashion-MNIST installation; normalized as"
                      " (p/255 - %.4f) / %.4f in float32" % (IMAGES, MEAN, STD),
            "batches": "batches[s] lists the images (indices into train-images) of step s, in order",
            "initial": "<model>.f32: every trainable parameter in the order of models.<model>.parameters, little-endian"
                       " float32, row-major (PyTorch's default initialization after torch.manual_seed(0)); batch norm"
                       " running statistics start at mean 0, variance 1",
            "steps": "per step: the learning rate used, the mean cross-entropy loss of the batch before the update,"
                     " the gradients at probes[name] before the update, and every parameter and running statistic"
                     " at probes[name] after it (CosineAnnealingLR over %d steps, stepped after every batch)"
                     % SCHEDULE_STEPS,
            "float64": "per step, the largest difference between this float32 run and the same run in float64"
                       " (same initial weights, batches and rates), of the loss and over every element of each"
                       " tensor's gradient and values: PyTorch's own float32 rounding, which grows from step to step"
                       " in small-cnn",
            "floats": "float32 values written as the exact double holding them",
        },
        "batchSize": BATCH,
        "scheduleSteps": SCHEDULE_STEPS,
        "batches": [b.tolist() for b in batches],
        "models": {},
    }
    for name, build, options, single in [("small-cnn", small_cnn, {}, True),
                                         ("mlp", lambda: mlp(512), {"hidden": [512]}, False)]:
        torch.manual_seed(0)
        model = build()
        tensors = named_tensors(model, single)
        with open(os.path.join(a.out, name + ".f32"), "wb") as f:
            for _, tensor, is_param in tensors:
                if is_param:
                    f.write(tensor.detach().numpy().astype("<f4").tobytes())
        fixture["models"][name] = {
            "options": options,
            "parameters": [{"name": n, "shape": list(t.shape)} for n, t, is_param in tensors if is_param],
            "probes": {n: probe_positions(t.numel()) for n, t, _ in tensors},
            "optimizers": {opt: train(build, single, model.state_dict(), x, y, batches, opt) for opt in OPTIMIZERS},
        }
    text = json.dumps(fixture, indent=1)
    # one line per list of numbers
    text = re.sub(r"\[[-+0-9.e,\s]*\]", lambda m: "[" + ", ".join(m.group(0)[1:-1].split()).replace(",,", ",") + "]",
                  text)
    with open(os.path.join(a.out, "steps.json"), "w") as f:
        f.write(text + "\n")
    for name, m in fixture["models"].items():
        for opt, r in m["optimizers"].items():
            print(name, opt, "loss", " ".join("%.4f" % s["loss"] for s in r["steps"]))
            print(name, opt, "float32 against float64, largest gradient and value difference per step:",
                  " ".join("%.0e/%.0e" % (max(s["float64"]["gradients"].values()), max(s["float64"]["values"].values()))
                           for s in r["steps"]))


if __name__ == "__main__":
    main()
