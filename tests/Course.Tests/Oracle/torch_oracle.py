"""PyTorch as an oracle for the hidden reference.

Reads a batch of calls (JSON: the grader's own CallRequests, written by TorchOracle.cs), computes with PyTorch every
output the reference returns for the same call, in the same order, and writes them back (JSON). Run by the tests
with Debian's python3-torch (1.13.1): /usr/bin/python3 torch_oracle.py REQUEST.json RESULT.json

Nothing here imports the course's code: every output comes from torch's own operators, autograd and torch.optim.
Non-finite numbers travel as the strings "NaN", "Infinity" and "-Infinity", which plain JSON cannot hold.
"""
import json
import math
import sys

import torch
import torch.nn.functional as F

torch.set_num_threads(1)


# ---- wire format -------------------------------------------------------------------------------------------------

def to_torch(wire, dtype, requires_grad=False):
    t = torch.tensor(wire["data"], dtype=torch.float64).reshape(wire["shape"]).to(dtype)
    return t.requires_grad_(requires_grad)


def number(value):
    if math.isfinite(value):
        return value
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


def wire(t):
    if t is None:  # the reference's "no gradient": a tensor of shape (0)
        return {"shape": [0], "data": []}
    t = t.detach().to(torch.float64)
    return {"shape": list(t.shape), "data": [number(v) for v in t.reshape(-1).tolist()]}


def scalar(value):
    return {"shape": [1], "data": [number(float(value))]}


def args_of(unit):
    return [a["value"] for a in unit["args"]]


# ---- modules (the fully connected homework) ----------------------------------------------------------------------

ACTIVATIONS = {
    "ReLU": lambda x, a: F.relu(x),
    "LeakyReLU": lambda x, a: F.leaky_relu(x, a[0] if a else 0.01),
    "Sigmoid": lambda x, a: torch.sigmoid(x),
    "Tanh": lambda x, a: torch.tanh(x),
    "Softplus": lambda x, a: F.softplus(x),
    "ELU": lambda x, a: F.elu(x, a[0] if a else 1.0),
    "Softmax": lambda x, a: F.softmax(x, dim=-1),
    "LogSoftmax": lambda x, a: F.log_softmax(x, dim=-1),
}


def probe_tanh(x, training):
    # The grader's probe layer halves its output in evaluation mode, so that a container that does not pass the
    # mode on to every layer is seen (grader/Worker/Harness/ProbeModules.cs).
    return torch.tanh(x) if training else 0.5 * torch.tanh(x)


def module_forward(unit, x, params, training=True):
    """Applies the module, taking its parameters from the front of `params` (a list it consumes)."""
    name = unit["class"]
    if name == "@ProbeTanh":
        return probe_tanh(x, training)
    if name in ("Linear", "@ProbeAffine"):
        # The course stores W as (in, out) and computes X·W + b; F.linear wants torch's (out, in), hence Wᵀ.
        weight, bias = params.pop(0), params.pop(0)
        return F.linear(x, weight.t(), bias)
    if name == "Sequential":
        for item in unit["args"][0]["value"]:
            x = module_forward(item, x, params, training)
        return x
    if name in ACTIVATIONS:
        return ACTIVATIONS[name](x, args_of(unit))
    raise KeyError(f"no PyTorch counterpart for module {name}")


def module_backward(call, dtype):
    """[Y, dX, every parameter's gradient after one backward, the same after a second one (they add up)]."""
    x = to_torch(call["inputs"][0], dtype, True)
    params = [to_torch(p, dtype, True) for p in call["parameters"]]
    dy = to_torch(call["grad_output"], dtype)
    y = module_forward(call["unit"], x, list(params))
    y.backward(dy)
    once = [p.grad.clone() for p in params]
    dx = x.grad.clone()
    module_forward(call["unit"], x, list(params)).backward(dy)
    return [wire(y), wire(dx)] + [wire(g) for g in once] + [wire(p.grad) for p in params]


def module_forward_only(call, dtype):
    x = to_torch(call["inputs"][0], dtype)
    params = [to_torch(p, dtype) for p in call["parameters"]]
    return [wire(module_forward(call["unit"], x, params, call["training"]))]


# ---- losses ------------------------------------------------------------------------------------------------------

LOSSES = {
    "MSELoss": F.mse_loss,
    "BCELoss": F.binary_cross_entropy,
    "BCEWithLogitsLoss": F.binary_cross_entropy_with_logits,
    # Rows of class probabilities as targets (torch >= 1.10): the mean over rows of −Σ y·log softmax(x).
    "SoftmaxCrossEntropyLoss": F.cross_entropy,
}


def loss_backward(call, dtype):
    x = to_torch(call["inputs"][0], dtype, True)
    target = to_torch(call["inputs"][1], dtype)
    loss = LOSSES[call["unit"]["class"]](x, target)
    loss.backward()
    return [scalar(loss.item()), wire(x.grad)]


# ---- autodiff operations -----------------------------------------------------------------------------------------

def reduction(op):
    def apply(x, a):
        if not a:
            return op(x)
        return op(x, dim=tuple(a[0]), keepdim=a[1] if len(a) > 1 else False)
    return apply


FUNCTIONS = {
    "AddOp": lambda xs, a: xs[0] + xs[1],
    "SubOp": lambda xs, a: xs[0] - xs[1],
    "MulOp": lambda xs, a: xs[0] * xs[1],
    "DivOp": lambda xs, a: xs[0] / xs[1],
    "NegOp": lambda xs, a: -xs[0],
    "PowOp": lambda xs, a: torch.pow(xs[0], a[0]),
    "ExpOp": lambda xs, a: torch.exp(xs[0]),
    "LogOp": lambda xs, a: torch.log(xs[0]),
    "MatMulOp": lambda xs, a: xs[0] @ xs[1],
    "SumOp": lambda xs, a: reduction(torch.sum)(xs[0], a),
    "MeanOp": lambda xs, a: reduction(torch.mean)(xs[0], a),
    "BroadcastToOp": lambda xs, a: torch.broadcast_to(xs[0], tuple(a[0])),
    "ReshapeOp": lambda xs, a: torch.reshape(xs[0], tuple(a[0])),
    "TransposeOp": lambda xs, a: torch.transpose(xs[0], *(a if a else (-2, -1))),
    "ReluOp": lambda xs, a: F.relu(xs[0]),
    "SigmoidOp": lambda xs, a: torch.sigmoid(xs[0]),
    "TanhOp": lambda xs, a: torch.tanh(xs[0]),
    "LogSoftmaxOp": lambda xs, a: F.log_softmax(xs[0], dim=a[0] if a else -1),
}


def function_backward(call, dtype):
    """[Y, the gradient of every input] for the upstream gradient given."""
    xs = [to_torch(w, dtype, True) for w in call["inputs"]]
    y = FUNCTIONS[call["unit"]["class"]](xs, args_of(call["unit"]))
    y.backward(to_torch(call["grad_output"], dtype))
    return [wire(y)] + [wire(x.grad) for x in xs]


# ---- the engine: graphs of plain operations, differentiated by torch's autograd ----------------------------------

GRAPH_OPS = {
    1: lambda xs, arg: xs[0] + xs[1],
    2: lambda xs, arg: xs[0] * xs[1],
    3: lambda xs, arg: torch.tanh(xs[0]),
    4: lambda xs, arg: xs[0] * arg,
    5: lambda xs, arg: xs[0] @ xs[1],
    6: lambda xs, arg: xs[0].sum(),
    7: lambda xs, arg: torch.exp(xs[0]),
}


def graph_backward(call, dtype):
    """[output, every node's gradient (none: shape (0)), every node's requires_grad, every node's number of inputs
    in the recorded graph]."""
    graph, leaves = call["graph"], iter(call["inputs"])
    nodes = []
    for node in graph["nodes"]:
        if node["op"] == 0:
            nodes.append(to_torch(next(leaves), dtype, bool(node["flags"] & 1)))
            continue
        inputs = [nodes[i] for i in node["inputs"]]
        with torch.set_grad_enabled(not node["flags"] & 2):
            t = GRAPH_OPS[node["op"]](inputs, node["arg"])
        if t.requires_grad:
            t.retain_grad()
        nodes.append(t)
    out = nodes[-1]
    for p in range(graph["passes"]):
        for t in nodes:
            # torch also sums retained interior gradients across passes; the course's interior nodes hold one pass.
            if not t.is_leaf or (p > 0 and graph["zero_grad_between"]):
                t.grad = None
        if out.requires_grad:
            out.backward(torch.ones_like(out), retain_graph=True)
    # grad_fn lists a slot for every operand, the Python scalar of x·a included; the course's Scale has one parent.
    parents = [0 if t.grad_fn is None else len(t.grad_fn.next_functions) - (node["op"] == 4)
               for t, node in zip(nodes, graph["nodes"])]
    flags = torch.tensor([1.0 if t.requires_grad else 0.0 for t in nodes])
    return [wire(out)] + [wire(t.grad) for t in nodes] + [wire(flags), wire(torch.tensor(parents, dtype=torch.float64))]


# ---- optimizers, clipping, schedules -----------------------------------------------------------------------------

def optimizer(name, params, a):
    """torch.optim with the course's positional arguments; missing ones take torch's defaults."""
    def arg(i, default):
        return a[i] if len(a) > i else default
    if name == "SGD":  # torch 1.13's SGD has no default learning rate; the course's is 1e-3
        return torch.optim.SGD(params, lr=arg(0, 1e-3), weight_decay=arg(1, 0))
    if name == "Momentum":
        return torch.optim.SGD(params, lr=arg(0, 1e-3), momentum=arg(1, 0.9), weight_decay=arg(2, 0))
    if name == "Nesterov":
        return torch.optim.SGD(params, lr=arg(0, 1e-3), momentum=arg(1, 0.9), weight_decay=arg(2, 0), nesterov=True)
    if name == "RMSProp":
        return torch.optim.RMSprop(params, lr=arg(0, 1e-2), alpha=arg(1, 0.99), eps=arg(2, 1e-8), weight_decay=arg(3, 0))
    if name == "AdaDelta":
        return torch.optim.Adadelta(params, lr=arg(0, 1.0), rho=arg(1, 0.9), eps=arg(2, 1e-6), weight_decay=arg(3, 0))
    if name == "Adam":
        return torch.optim.Adam(params, lr=arg(0, 1e-3), betas=(arg(1, 0.9), arg(2, 0.999)), eps=arg(3, 1e-8), weight_decay=arg(4, 0))
    if name == "AdamW":
        return torch.optim.AdamW(params, lr=arg(0, 1e-3), betas=(arg(1, 0.9), arg(2, 0.999)), eps=arg(3, 1e-8), weight_decay=arg(4, 1e-2))
    raise KeyError(f"no torch.optim counterpart for {name}")


def objective(kind, params, inputs):
    if kind == 0:  # Σₖ ½ Σ aₖ ⊙ (θₖ − cₖ)²
        return sum(0.5 * (inputs[2 * k] * (p - inputs[2 * k + 1]) ** 2).sum() for k, p in enumerate(params))
    if kind == 1:  # every (x, y) row: (1 − x)² + 100 (y − x²)²
        return sum(((1 - r[:, 0]) ** 2 + 100 * (r[:, 1] - r[:, 0] ** 2) ** 2).sum() for r in (p.reshape(-1, 2) for p in params))
    if kind == 2:  # mean((tanh(X·W₁ + b₁)·W₂ + b₂ − Y)²)
        x, y = inputs
        w1, b1, w2, b2 = params
        return ((torch.tanh(x @ w1 + b1) @ w2 + b2 - y) ** 2).mean()
    raise KeyError(f"objective {kind} has no PyTorch counterpart")


def optimizer_trajectory(call, dtype):
    """Every parameter after every step: one tensor per parameter of shape (steps, …its shape)."""
    params = [to_torch(p, dtype, True) for p in call["parameters"]]
    inputs = [to_torch(w, dtype) for w in call["inputs"]]
    run = call["run"]
    opt = optimizer(call["unit"]["class"], params, args_of(call["unit"]))
    trajectory = [[] for _ in params]
    for t in range(run["steps"]):
        opt.zero_grad()
        objective(run["objective"], params, inputs).backward()
        if t < len(run["learning_rates"]):
            for group in opt.param_groups:
                group["lr"] = run["learning_rates"][t]
        opt.step()
        for k, p in enumerate(params):
            trajectory[k].append(p.detach().clone())
    return [wire(torch.stack(steps)) for steps in trajectory]


def clip_gradients(call, dtype):
    params = [torch.zeros(w["shape"], dtype=dtype, requires_grad=True) for w in call["inputs"]]
    for p, w in zip(params, call["inputs"]):
        p.grad = to_torch(w, dtype)
    norm = torch.nn.utils.clip_grad_norm_(params, max_norm=args_of(call["unit"])[0])
    return [scalar(norm.item())] + [wire(p.grad) for p in params]


def schedule_values(call, dtype):
    """The learning rate at t = 0 … n − 1: the scheduler's value before its (t+1)-th step()."""
    a = args_of(call["unit"])
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=a[0])
    name = call["unit"]["class"]
    if name == "StepSchedule":
        scheduler = torch.optim.lr_scheduler.StepLR(opt, step_size=a[1], gamma=a[2] if len(a) > 2 else 0.1)
    elif name == "ExponentialSchedule":
        scheduler = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=a[1])
    elif name == "CosineWarmupSchedule":
        warmup, total, floor = a[1], a[2], a[3] if len(a) > 3 else 0.0
        # torch 1.13's LinearLR cannot start from 0 (start_factor must be > 0), so the warm-up is a LambdaLR of
        # t / w; CosineAnnealingLR is torch's own, and after T it climbs again where the course's stays at η_min.
        cosine = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total - warmup, eta_min=floor)
        if warmup > 0:
            ramp = torch.optim.lr_scheduler.LambdaLR(opt, lambda t: t / warmup)
            scheduler = torch.optim.lr_scheduler.SequentialLR(opt, [ramp, cosine], milestones=[warmup])
        else:
            scheduler = cosine
    else:
        raise KeyError(f"no torch.optim.lr_scheduler counterpart for {name}")
    values = []
    for _ in range(call["iterations"]):
        values.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    return [wire(torch.tensor(values, dtype=torch.float64))]


def initialize(call, dtype):
    """torch.nn.init's own draw for a weight of the course's (fanIn, fanOut), from torch's generator: the oracle for
    the distribution, not for the values (the two generators differ)."""
    torch.manual_seed(call["seed"])
    w = torch.empty(call["fan_out"], call["fan_in"], dtype=dtype)  # torch's (out, in) layout: fan_in = size(1)
    name = call["unit"]["class"]
    if name == "XavierUniform":
        torch.nn.init.xavier_uniform_(w)
    elif name == "HeNormal":
        torch.nn.init.kaiming_normal_(w, mode="fan_in", nonlinearity="relu")
    else:
        raise KeyError(f"no torch.nn.init counterpart for {name}")
    return [wire(w.t())]


OPERATIONS = {
    "Forward": module_forward_only,
    "Backward": module_backward,
    "LossBackward": loss_backward,
    "FunctionBackward": function_backward,
    "GraphBackward": graph_backward,
    "OptimizerTrajectory": optimizer_trajectory,
    "ClipGradients": clip_gradients,
    "ScheduleValues": schedule_values,
    "Initialize": initialize,
}


def answer(call):
    dtype = torch.float32 if call["element_type"] == "Float32" else torch.float64
    try:
        return {"id": call["id"], "outputs": OPERATIONS[call["operation"]](call, dtype)}
    except Exception as e:  # one case's failure is reported with it, never the batch's
        return {"id": call["id"], "error": f"{type(e).__name__}: {e}"}


def main(request_path, result_path):
    with open(request_path) as f:
        calls = json.load(f)["calls"]
    results = [answer(call) for call in calls]
    with open(result_path, "w") as f:
        json.dump({"torch": torch.__version__, "results": results}, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
