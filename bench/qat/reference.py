#!/usr/bin/python3
"""PyTorch 1.13 reference for QuantLab's QAT benchmark (bench/qat/README.md) and issue 12's PTQ one.

On Fashion-MNIST (the IDX files QuantLab reads), trains QuantLab's `small-cnn` (ModelZoo: three
3x3 conv (no bias) + BN + ReLU stages of 32, 64, 128 channels, 2x2 max-pools after the first two,
AvgPool2d(4, stride 1) from 7x7 to 4x4, Linear 2048 -> 10; PyTorch's default init, which is what
QuantLab's TorchDefaultInit copies) for 3 epochs, then:

- PTQ W4A4 (and the same with the logits left FP32, as QuantLab's graph leaves them): prepare_qat's fake quantizers with 4-bit ranges, observers run on 10 batches of 64
  training images with fake quantization off (min-max activations, per-channel min-max weights,
  BN folded with its running statistics), then evaluated with fake quantization on;
- one QAT epoch at W4A4, also with FP32 logits (prepare_qat with a 4-bit qconfig: the engine's default QAT qconfig,
  FusedMovingAvgObsFakeQuantize, with 4-bit ranges), simulated;
- one QAT epoch at INT8 (the engine's default QAT qconfig), simulated and converted (deployed);
- weight-only 2-bit (BN folded, per-channel symmetric min-max), no training;
- binary weights (sign(w) * mean|w| per output channel, STE) trained one epoch;
- the MLP 784-256-10 (3 epochs), PTQ W2A8 and one QAT epoch W2A8;
- issue 12: FP32 against static INT8 PTQ (min-max activations, per-channel weights, as QuantLab's
  defaults), accuracy on the 10,000 test images and latency of a batch of 64 and of one image.

Training as QuantLab's bench: SGD (momentum 0.9), batch 64, cosine schedule stepped per batch;
lr 0.01 for the FP32 models, 0.001 for QAT (QatConfig's defaults). Engine: Debian's torch has no
FBGEMM, so the quantized engine is onednn (see /work/shared/fixtures/torch-reference.json).
Not a QuantLab dependency: a side-by-side yardstick only.

    /usr/bin/python3 bench/qat/reference.py --out bench/qat/reference.json
"""
import argparse
import copy
import gzip
import json
import os
import statistics
import time

import numpy as np
import torch
from torch import nn
from torch.ao import quantization as tq

MEAN, STD = 0.2860, 0.3530  # STACK.md's Fashion-MNIST normalization, as QuantLab's FashionMnist


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def idx_file(directory, name):
    for candidate in (name + ".gz", name):
        path = os.path.join(directory, candidate)
        if os.path.exists(path):
            return path
    raise FileNotFoundError(os.path.join(directory, name) + "[.gz]")


def load(directory, split):
    images = read_idx(idx_file(directory, f"{split}-images-idx3-ubyte"))
    labels = read_idx(idx_file(directory, f"{split}-labels-idx1-ubyte"))
    x = (torch.from_numpy(images.astype(np.float32) / 255.0) - MEAN) / STD
    return x.unsqueeze(1).contiguous(), torch.from_numpy(labels.astype(np.int64))


class SmallCnn(nn.Module):
    """QuantLab's ModelZoo small-cnn, with the stubs eager-mode quantization needs (identity in FP32)."""

    def __init__(self):
        super().__init__()
        self.quant = tq.QuantStub()
        self.conv1, self.bn1, self.relu1 = nn.Conv2d(1, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU()
        self.pool1 = nn.MaxPool2d(2, 2)
        self.conv2, self.bn2, self.relu2 = nn.Conv2d(32, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU()
        self.pool2 = nn.MaxPool2d(2, 2)
        self.conv3, self.bn3, self.relu3 = nn.Conv2d(64, 128, 3, padding=1, bias=False), nn.BatchNorm2d(128), nn.ReLU()
        self.avgpool = nn.AvgPool2d(4, 1)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(2048, 10)
        self.dequant = tq.DeQuantStub()

    fusion = [["conv1", "bn1", "relu1"], ["conv2", "bn2", "relu2"], ["conv3", "bn3", "relu3"]]

    def forward(self, x):
        x = self.quant(x)
        x = self.pool1(self.relu1(self.bn1(self.conv1(x))))
        x = self.pool2(self.relu2(self.bn2(self.conv2(x))))
        x = self.relu3(self.bn3(self.conv3(x)))
        return self.dequant(self.fc(self.flatten(self.avgpool(x))))


class Mlp(nn.Module):
    """QuantLab's ModelZoo mlp with its default hidden [256]: 784-256-10."""

    def __init__(self):
        super().__init__()
        self.quant = tq.QuantStub()
        self.flatten = nn.Flatten()
        self.fc1, self.relu1 = nn.Linear(784, 256), nn.ReLU()
        self.fc2 = nn.Linear(256, 10)
        self.dequant = tq.DeQuantStub()

    fusion = [["fc1", "relu1"]]

    def forward(self, x):
        return self.dequant(self.fc2(self.relu1(self.fc1(self.flatten(self.quant(x))))))


def train_epochs(model, x, y, epochs, lr, batch=64):
    """SGD with momentum 0.9, cosine per batch over all epochs (QuantLab's Trainer); wall and process CPU seconds
    per epoch (CPU time moves less with other processes' load), and every step's loss."""
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    steps = epochs * ((len(y) + batch - 1) // batch)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
    loss_fn = nn.CrossEntropyLoss()
    seconds, cpu, losses = [], [], []
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(y))
        start, start_cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(y), batch):
            idx = order[i:i + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            optimizer.step()
            schedule.step()
            losses.append(loss.item())
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        print(f"  epoch of {len(y)} images: {seconds[-1]:.1f} s (CPU {cpu[-1]:.1f} s), load {load_avg()}", flush=True)
    return seconds, cpu, losses


def accuracy(model, x, y):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(y), 256):
            correct += (model(x[i:i + 256]).argmax(1) == y[i:i + 256]).sum().item()
    return 100.0 * correct / len(y)


def fake_quant_qconfig(weight_bits, activation_bits, observers_for_ptq=False):
    """The engine's default QAT qconfig with b-bit ranges; for PTQ, min-max observers as QuantLab's defaults."""
    if observers_for_ptq:
        act = tq.FakeQuantize.with_args(observer=tq.MinMaxObserver, quant_min=0, quant_max=2 ** activation_bits - 1,
                                        dtype=torch.quint8, qscheme=torch.per_tensor_affine)
        weight = tq.FakeQuantize.with_args(observer=tq.PerChannelMinMaxObserver, quant_min=-2 ** (weight_bits - 1),
                                           quant_max=2 ** (weight_bits - 1) - 1, dtype=torch.qint8,
                                           qscheme=torch.per_channel_symmetric, ch_axis=0)
    else:
        act = tq.FusedMovingAvgObsFakeQuantize.with_args(
            observer=tq.MovingAverageMinMaxObserver, quant_min=0, quant_max=2 ** activation_bits - 1,
            dtype=torch.quint8, qscheme=torch.per_tensor_affine)
        weight = tq.FusedMovingAvgObsFakeQuantize.with_args(
            observer=tq.MovingAveragePerChannelMinMaxObserver, quant_min=-2 ** (weight_bits - 1),
            quant_max=2 ** (weight_bits - 1) - 1, dtype=torch.qint8, qscheme=torch.per_channel_symmetric)
    return tq.QConfig(activation=act, weight=weight)


def prepared_qat(fp32, qconfig):
    model = copy.deepcopy(fp32).train()
    model = tq.fuse_modules_qat(model, type(fp32).fusion)
    model.qconfig = qconfig
    return tq.prepare_qat(model)


def calibrate(model, x, batches=10, batch=64, seed=0):
    """Observers see FP32 values (fake quantization off) on 10 batches of training images, eval mode."""
    model.eval()
    model.apply(tq.disable_fake_quant)
    model.apply(tq.enable_observer)
    order = torch.randperm(len(x), generator=torch.Generator().manual_seed(seed))[:batches * batch]
    with torch.no_grad():
        for i in range(0, len(order), batch):
            model(x[order[i:i + batch]])
    model.apply(tq.disable_observer)
    model.apply(tq.enable_fake_quant)
    return model


def ptq_fake_quant(fp32, x, weight_bits, activation_bits):
    model = prepared_qat(fp32, fake_quant_qconfig(weight_bits, activation_bits, observers_for_ptq=True))
    return calibrate(model, x)


def logits_fp32(model):
    """The classifier's output left unquantized, as QuantLab's QDQ graph leaves the model's outputs
    (eager mode puts a fake quantizer on the last Linear's output: 16 levels for the logits at 4 bits)."""
    model.fc.activation_post_process = nn.Identity()
    return model


def weight_only(fp32, bits):
    """BN folded, each Conv2d/Linear weight fake-quantized per output channel, symmetric min-max; activations FP32."""
    model = tq.fuse_modules(copy.deepcopy(fp32).eval(), [names[:2] for names in type(fp32).fusion])
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            observer = tq.PerChannelMinMaxObserver(quant_min=-2 ** (bits - 1), quant_max=2 ** (bits - 1) - 1,
                                                   dtype=torch.qint8, qscheme=torch.per_channel_symmetric)
            observer(module.weight.detach())
            scale, zero_point = observer.calculate_qparams()
            with torch.no_grad():
                module.weight.copy_(torch.fake_quantize_per_channel_affine(
                    module.weight, scale, zero_point.to(torch.int32), 0, -2 ** (bits - 1), 2 ** (bits - 1) - 1))
    return model


class BinaryWeight(torch.autograd.Function):
    """sign(w) * alpha, alpha = mean |w| per output channel; identity straight-through gradient."""

    @staticmethod
    def forward(ctx, w):
        alpha = w.abs().mean(dim=tuple(range(1, w.dim())), keepdim=True)
        return torch.where(w >= 0, alpha, -alpha)

    @staticmethod
    def backward(ctx, grad):
        return grad


def binarized(fp32):
    """Every Conv2d's and Linear's weight binarized in the forward pass (FP32 latent weights, BN and activations FP32)."""
    model = copy.deepcopy(fp32)
    for module in model.modules():
        if isinstance(module, nn.Conv2d):
            module.forward = (lambda m: lambda x: m._conv_forward(x, BinaryWeight.apply(m.weight), m.bias))(module)
        elif isinstance(module, nn.Linear):
            module.forward = (lambda m: lambda x: nn.functional.linear(x, BinaryWeight.apply(m.weight), m.bias))(module)
    return model


def latency(model, x, batch, warm_up, runs):
    """Median and 90th percentile in ms of `runs` forward passes on the first `batch` images after `warm_up`."""
    model.eval()
    inputs = x[:batch].contiguous()
    times = []
    with torch.no_grad():
        for i in range(warm_up + runs):
            start = time.perf_counter()
            model(inputs)
            if i >= warm_up:
                times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"medianMs": round(statistics.median(times), 3), "p90Ms": round(times[int(0.9 * (len(times) - 1))], 3)}


def latencies(model, x):
    # the runs of QuantLab's DeployedModel: 10 warm-up, then 50 batches of 64 and 200 single images
    return {"batch64": latency(model, x, 64, 10, 50), "single": latency(model, x, 1, 10, 200)}


def size_bytes(model):
    path = "/tmp/quantlab-reference-model.pt"
    torch.save(model.state_dict(), path)
    size = os.path.getsize(path)
    os.remove(path)
    return size


def load_avg():
    return round(os.getloadavg()[0], 2)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--subset", type=int, default=60000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--engine", default="onednn")
    p.add_argument("--out", default="bench/qat/reference.json")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.backends.quantized.engine = a.engine
    torch.manual_seed(a.seed)
    x, y = load(a.data, "train")
    x, y = x[:a.subset], y[:a.subset]
    tx, ty = load(a.data, "t10k")
    r = {"torch": torch.__version__, "engine": a.engine, "threads": a.threads, "trainImages": len(y),
         "testImages": len(ty), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "loadAtStart": load_avg(),
         "training": f"SGD momentum 0.9, batch 64, cosine per batch; FP32 lr 0.01 for {a.epochs} epochs, QAT lr 0.001"
                     " for 1 epoch; nothing frozen during the QAT epoch"}

    def log(key, value):
        r[key] = value
        print(f"REFERENCE {key}: {json.dumps(value)} (load {load_avg()})", flush=True)
        with open(a.out, "w") as f:
            json.dump(r, f, indent=1)

    cnn = SmallCnn()
    seconds, cpu, _ = train_epochs(cnn, x, y, a.epochs, 0.01)
    fp32 = accuracy(cnn, tx, ty)
    log("smallCnnFp32", {"accuracy": fp32, "epochSeconds": [round(s, 2) for s in seconds],
                         "epochCpuSeconds": [round(s, 2) for s in cpu], "load": load_avg()})

    log("smallCnnPtqW4A4", {"accuracy": accuracy(ptq_fake_quant(cnn, x, 4, 4), tx, ty)})

    qat4 = prepared_qat(cnn, fake_quant_qconfig(4, 4))
    seconds4, cpu4, losses4 = train_epochs(qat4, x, y, 1, 0.001)
    log("smallCnnQatW4A4", {"accuracy": accuracy(qat4, tx, ty), "epochSeconds": round(seconds4[0], 2),
                            "epochCpuSeconds": round(cpu4[0], 2),
                            "lossFirst50": round(sum(losses4[:50]) / 50, 4),
                            "lossLast50": round(sum(losses4[-50:]) / 50, 4), "load": load_avg()})

    log("smallCnnPtqW4A4LogitsFp32", {"accuracy": accuracy(logits_fp32(ptq_fake_quant(cnn, x, 4, 4)), tx, ty)})
    qat4l = logits_fp32(prepared_qat(cnn, fake_quant_qconfig(4, 4)))
    seconds4l, cpu4l, losses4l = train_epochs(qat4l, x, y, 1, 0.001)
    log("smallCnnQatW4A4LogitsFp32", {"accuracy": accuracy(qat4l, tx, ty), "epochSeconds": round(seconds4l[0], 2),
                                      "epochCpuSeconds": round(cpu4l[0], 2),
                                      "lossFirst50": round(sum(losses4l[:50]) / 50, 4),
                                      "lossLast50": round(sum(losses4l[-50:]) / 50, 4), "load": load_avg()})

    qat8 = prepared_qat(cnn, tq.get_default_qat_qconfig(a.engine))
    seconds8, cpu8, _ = train_epochs(qat8, x, y, 1, 0.001)
    simulated8 = accuracy(qat8, tx, ty)
    deployed8 = tq.convert(copy.deepcopy(qat8).eval())
    log("smallCnnQatInt8", {"simulated": simulated8, "deployed": accuracy(deployed8, tx, ty),
                            "epochSeconds": round(seconds8[0], 2), "epochCpuSeconds": round(cpu8[0], 2),
                            "sizeBytes": size_bytes(deployed8),
                            "load": load_avg()})

    # an FP32 epoch of the same kind as the QAT epochs (fine-tuning at lr 0.001 from the trained model),
    # right after them, for the epoch-time ratio under the same load
    tuned = copy.deepcopy(cnn)
    fp32_tune, fp32_tune_cpu, _ = train_epochs(tuned, x, y, 1, 0.001)
    log("smallCnnEpochRatio", {"fp32FineTuneEpochSeconds": round(fp32_tune[0], 2),
                               "fp32FineTuneEpochCpuSeconds": round(fp32_tune_cpu[0], 2),
                               "qatW4A4OverFp32": round(seconds4[0] / fp32_tune[0], 3),
                               "qatInt8OverFp32": round(seconds8[0] / fp32_tune[0], 3),
                               "qatW4A4OverFp32Cpu": round(cpu4[0] / fp32_tune_cpu[0], 3),
                               "qatInt8OverFp32Cpu": round(cpu8[0] / fp32_tune_cpu[0], 3),
                               "qatInt8OverFp32TrainingEpochMedian": round(seconds8[0] / statistics.median(seconds), 3),
                               "load": load_avg()})

    log("smallCnnWeightOnlyW2", {"accuracy": accuracy(weight_only(cnn, 2), tx, ty)})

    binary = binarized(cnn)
    log("smallCnnBinaryWeightsNoTraining", {"accuracy": accuracy(binary, tx, ty)})
    seconds_b, _, _ = train_epochs(binary, x, y, 1, 0.001)
    log("smallCnnBinaryWeightsOneEpoch", {"accuracy": accuracy(binary, tx, ty), "epochSeconds": round(seconds_b[0], 2),
                                          "load": load_avg()})

    # issue 12: FP32 vs static INT8 PTQ, deployed on the engine, QuantLab's default calibration settings
    static = tq.fuse_modules(copy.deepcopy(cnn).eval(), SmallCnn.fusion)
    static.qconfig = tq.QConfig(activation=tq.MinMaxObserver.with_args(dtype=torch.quint8),
                                weight=tq.default_per_channel_weight_observer)
    static = tq.prepare(static)
    order = torch.randperm(len(x), generator=torch.Generator().manual_seed(a.seed))[:640]
    with torch.no_grad():
        for i in range(0, 640, 64):
            static(x[order[i:i + 64]])
    int8 = tq.convert(static)
    fp32_model = copy.deepcopy(cnn).eval()
    log("issue12Fp32", {"accuracy": fp32, "latency": latencies(fp32_model, tx), "sizeBytes": size_bytes(fp32_model),
                        "load": load_avg()})
    log("issue12StaticInt8", {"accuracy": accuracy(int8, tx, ty), "latency": latencies(int8, tx),
                              "sizeBytes": size_bytes(int8), "load": load_avg()})
    log("issue12QatInt8Latency", {"latency": latencies(deployed8, tx), "load": load_avg()})

    mlp = Mlp()
    mlp_seconds, _, _ = train_epochs(mlp, x, y, a.epochs, 0.01)
    log("mlpFp32", {"accuracy": accuracy(mlp, tx, ty), "epochSeconds": [round(s, 2) for s in mlp_seconds]})
    log("mlpPtqW2A8", {"accuracy": accuracy(ptq_fake_quant(mlp, x, 2, 8), tx, ty)})
    log("mlpWeightOnlyW2", {"accuracy": accuracy(weight_only(mlp, 2), tx, ty)})
    mlp2 = prepared_qat(mlp, fake_quant_qconfig(2, 8))
    mlp2_seconds, _, _ = train_epochs(mlp2, x, y, 1, 0.001)
    log("mlpQatW2A8", {"accuracy": accuracy(mlp2, tx, ty), "epochSeconds": round(mlp2_seconds[0], 2)})
    log("finished", time.strftime("%Y-%m-%dT%H:%M:%S%z"))


if __name__ == "__main__":
    main()
