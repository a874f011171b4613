"""PyTorch's side of the benchmarks: the same float32 workloads and shapes as the C# side, timed as medians.

Usage: /usr/bin/python3 torch_bench.py --threads N --mnist DIR [--samples 15] [--out results.json]

The thread count must already be in the environment when Python starts (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS,
MKL_NUM_THREADS): OpenBLAS sizes its pthread pool when it is loaded, and torch.set_num_threads alone does not
shrink it. The C# runner sets them; this script refuses to run if they disagree with --threads.

Every row reports its shape string; the C# side compares them with its own, so the two cannot drift apart.
"""

import argparse
import gzip
import json
import os
import statistics
import subprocess
import time

import numpy as np

# The shapes, duplicated from Workloads.cs on purpose (two languages); the runner checks they agree.
GEMM_SIZES = (256, 512, 1024)
BATCH, IN_FEATURES, HIDDEN, CLASSES = 128, 784, 256, 10
CROSS_ENTROPY_SHAPES = ((128, 10), (256, 1000))
OPTIMIZER_SHAPES = ((999, 1000), (1000,))  # exactly 1,000,000 parameters: a weight and its bias
LEARNING_RATE = 0.01


def parse_arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--mnist", required=True, help="folder with t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz")
    parser.add_argument("--samples", type=int, default=15)
    parser.add_argument("--warmup-seconds", type=float, default=1.0)
    parser.add_argument("--out")
    return parser.parse_args()


def require_thread_environment(threads):
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        if os.environ.get(name) != str(threads):
            raise SystemExit(f"{name} is {os.environ.get(name)!r}; set it to {threads} before starting Python")


def median_seconds(work, samples, warmup_seconds, minimum_sample_seconds=0.02):
    """Median time of one call: warm up, then time `samples` samples of enough calls to last ≥ 20 ms each."""
    start = time.perf_counter()
    calls = 0
    while time.perf_counter() - start < warmup_seconds or calls < 2:
        work()
        calls += 1
    one_call = (time.perf_counter() - start) / calls
    per_sample = max(1, int(minimum_sample_seconds / max(one_call, 1e-9)))
    times = []
    for _ in range(samples):
        begin = time.perf_counter()
        for _ in range(per_sample):
            work()
        times.append((time.perf_counter() - begin) / per_sample)
    return statistics.median(times), per_sample


def read_idx(path, header_bytes):
    with gzip.open(path, "rb") as stream:
        return np.frombuffer(stream.read(), dtype=np.uint8, offset=header_bytes)


def load_mnist(folder):
    """The 10,000 t10k images scaled by 1/255 as Course.Data.Mnist.Load does, in file order, and one-hot labels."""
    pixels = read_idx(os.path.join(folder, "t10k-images-idx3-ubyte.gz"), 16).reshape(-1, IN_FEATURES)
    labels = read_idx(os.path.join(folder, "t10k-labels-idx1-ubyte.gz"), 8).astype(np.int64)
    scale = (np.arange(256, dtype=np.float32) / np.float32(255))
    images = scale[pixels]
    one_hot = np.zeros((labels.size, CLASSES), dtype=np.float32)
    one_hot[np.arange(labels.size), labels] = 1
    return images, one_hot


def workloads(torch, F, images, one_hot):
    """(key, shape, callable) for every row; inputs are built once, outside the timed call."""
    generator = torch.Generator().manual_seed(1)
    rows = []

    for n in GEMM_SIZES:
        a, b = torch.rand(n, n, generator=generator), torch.rand(n, n, generator=generator)
        c = torch.empty(n, n)
        rows.append((f"gemm_{n}", f"{n}x{n}x{n}", lambda a=a, b=b, c=c: torch.mm(a, b, out=c)))

    # Forward and backward with dX, dW and db, as the reference's Linear always computes all three.
    layer = torch.nn.Linear(IN_FEATURES, HIDDEN)
    x = torch.rand(BATCH, IN_FEATURES, generator=generator).requires_grad_()
    upstream = torch.rand(BATCH, HIDDEN, generator=generator)

    def linear():
        x.grad = None
        layer(x).backward(upstream)

    rows.append(("linear", f"{BATCH}x{IN_FEATURES}->{HIDDEN}", linear))

    # Probability (one-hot) targets, as the reference's loss takes them: same input, same work.
    for n, classes in CROSS_ENTROPY_SHAPES:
        logits = torch.randn(n, classes, generator=generator).requires_grad_()
        target = F.one_hot(torch.randint(classes, (n,), generator=generator), classes).float()

        def cross_entropy(logits=logits, target=target):
            logits.grad = None
            F.cross_entropy(logits, target).backward()

        rows.append((f"cross_entropy_{n}x{classes}", f"{n}x{classes}", cross_entropy))

    for key, factory in (("adam", torch.optim.Adam), ("sgd", torch.optim.SGD)):
        parameters = [torch.nn.Parameter(torch.randn(*s, generator=generator) * 0.05) for s in OPTIMIZER_SHAPES]
        for p in parameters:
            p.grad = torch.randn(*p.shape, generator=generator) * 0.01
        # torch 1.13's default for Adam is foreach=None, which it turns into False: the single-tensor loop.
        optimizer = factory(parameters, lr=LEARNING_RATE)
        count = sum(p.numel() for p in parameters)
        rows.append((f"{key}_step", f"{count} params", optimizer.step))

    model = torch.nn.Sequential(torch.nn.Linear(IN_FEATURES, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, CLASSES))
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    inputs, targets = torch.from_numpy(images), torch.from_numpy(one_hot)
    batches = [(inputs[i:i + BATCH], targets[i:i + BATCH]) for i in range(0, inputs.shape[0], BATCH)]

    def epoch():
        for batch_inputs, batch_targets in batches:
            optimizer.zero_grad()
            F.cross_entropy(model(batch_inputs), batch_targets).backward()
            optimizer.step()

    rows.append(("mlp_epoch", f"{inputs.shape[0]} images, batch {BATCH}, {IN_FEATURES}-{HIDDEN}-{CLASSES}", epoch))
    return rows


def loaded_blas():
    """The BLAS shared library actually mapped into this process (Debian's alternatives decide which)."""
    with open("/proc/self/maps") as maps:
        names = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    return ", ".join(sorted(os.path.realpath(n) for n in names)) or "none found"


def debian_package_version(name):
    """torch.__version__ of Debian's build says 1.13.0a0; the package version says which release it is."""
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    arguments = parse_arguments()
    require_thread_environment(arguments.threads)
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(arguments.threads)

    images, one_hot = load_mnist(arguments.mnist)
    results = {}
    for key, shape, work in workloads(torch, F, images, one_hot):
        seconds, calls = median_seconds(work, arguments.samples, arguments.warmup_seconds)
        results[key] = {"shape": shape, "median_seconds": seconds, "calls_per_sample": calls}

    report = {
        "torch": torch.__version__,
        "package": debian_package_version("python3-torch"),
        "blas": loaded_blas(),
        "threads": arguments.threads,
        "torch_threads": torch.get_num_threads(),
        "samples": arguments.samples,
        "rows": results,
    }
    text = json.dumps(report, indent=1)
    if arguments.out:
        with open(arguments.out, "w") as stream:
            stream.write(text)
    print(text)


if __name__ == "__main__":
    main()
