#!/usr/bin/env python3
"""Reference steps of torch.optim.LBFGS in float64, for tests/core/test_lbfgs_torch.cpp.

Never run by CTest (tests must not need PyTorch). Run by hand with Debian's python3-torch:
    /usr/bin/python3 tests/tools/lbfgs_reference.py > tests/core/lbfgs_torch_cases.inc
One of gradscape's steps is one optimizer.step(closure). After each step it prints the point, torch's
state (func_evals, n_iter, t, d, H_diag, prev_loss, the history's length), why the step's loop ended
(worked out here from torch's counts and the final point, in torch's order of checks), the iterates
inside the step (where torch moved the parameters, all but the last move) and how many points the
strong-Wolfe line search tried.
"""
import math

import torch

torch.set_default_dtype(torch.float64)


def quadratic(p):  # the test's Quadratic(1, 10, 2): 0.5 x^2 + 5 y^2 + 2 x y
    x, y = p[0], p[1]
    return 0.5 * x * x + 5.0 * y * y + 2.0 * x * y


def rosenbrock(p):
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


SURFACES = {"quadratic": (quadratic, (1.0, 1.0)), "rosenbrock": (rosenbrock, (-1.5, 2.0))}

# (gradscape spec, surface, torch kwargs, steps). gradscape's max_iter defaults to 1, torch's to 20.
CASES = [
    ("lbfgs", "rosenbrock", dict(max_iter=1), 4),
    ("lbfgs:line_search=strong_wolfe", "quadratic", dict(max_iter=1, line_search_fn="strong_wolfe"), 4),
    ("lbfgs:max_iter=5", "rosenbrock", dict(max_iter=5), 6),
    # lr 0.1: with lr 1 and no line search the path jumps across the valley, where the last-bit roundings
    # of torch's kernels (see the test) grow past any tolerance within 40 iterations.
    ("lbfgs:lr=0.1,max_iter=20", "rosenbrock", dict(lr=0.1, max_iter=20), 4),
    ("lbfgs:lr=0.1,max_iter=20,max_eval=9", "rosenbrock", dict(lr=0.1, max_iter=20, max_eval=9), 4),
    ("lbfgs:max_iter=5,line_search=strong_wolfe", "rosenbrock",
     dict(max_iter=5, line_search_fn="strong_wolfe"), 6),
    ("lbfgs:max_iter=20,line_search=strong_wolfe", "rosenbrock",
     dict(max_iter=20, line_search_fn="strong_wolfe"), 6),
    # One step: in the next one a 1-ulp change of the start already moves torch's own result by 4e-9.
    ("lbfgs:max_iter=20,max_eval=20,line_search=strong_wolfe,history_size=4", "rosenbrock",
     dict(max_iter=20, max_eval=20, history_size=4, line_search_fn="strong_wolfe"), 1),
    ("lbfgs:max_iter=20,line_search=strong_wolfe", "quadratic",
     dict(max_iter=20, line_search_fn="strong_wolfe"), 3),
    ("lbfgs:max_iter=20,tolerance_grad=1e-5,line_search=strong_wolfe", "quadratic",
     dict(max_iter=20, tolerance_grad=1e-5, line_search_fn="strong_wolfe"), 3),
    ("lbfgs:lr=0.1,max_iter=20,tolerance_change=0.01", "quadratic",
     dict(lr=0.1, max_iter=20, tolerance_change=0.01), 4),
    ("lbfgs:lr=0.01,max_iter=20,tolerance_change=0.001", "quadratic",
     dict(lr=0.01, max_iter=20, tolerance_change=0.001), 4),
    ("lbfgs:max_iter=20,tolerance_change=1e-6", "quadratic", dict(max_iter=20, tolerance_change=1e-6), 4),
    ("lbfgs:lr=0.0001,max_iter=20,tolerance_change=0.001", "rosenbrock",
     dict(lr=0.0001, max_iter=20, tolerance_change=0.001), 3),
]


class Recording(torch.optim.LBFGS):
    """LBFGS that notes where it moves the parameters and where its line search evaluates."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.searching = False
        self.moves, self.trials = [], []

    def _add_grad(self, step_size, update):
        super()._add_grad(step_size, update)
        point = tuple(self._params[0].tolist())
        (self.trials if self.searching else self.moves).append(point)

    def _directional_evaluate(self, closure, x, t, d):
        self.searching = True
        try:
            return super()._directional_evaluate(closure, x, t, d)
        finally:
            self.searching = False


def number(value):
    return "%.17g" % float(value)


def vec(xy):
    return "{%s, %s}" % (number(xy[0]), number(xy[1]))


def run(surface, kwargs, steps):
    f, start = SURFACES[surface]
    p = torch.tensor(start, requires_grad=True)
    opt = Recording([p], **kwargs)
    group = opt.param_groups[0]

    def closure():
        opt.zero_grad()
        loss = f(p)
        loss.backward()
        return loss

    rows = []
    for _ in range(steps):
        state = opt.state[p]
        evals_before, iters_before = state.get("func_evals", 0), state.get("n_iter", 0)
        opt.moves, opt.trials = [], []
        opt.step(closure)
        state = opt.state[p]
        iterations = state["n_iter"] - iters_before
        evaluations = state["func_evals"] - evals_before
        d = state.get("d")
        t = state.get("t")
        if iterations == 0:
            exit_reason = "OptimalAtStart"
        elif len(opt.moves) < iterations:
            exit_reason = "FlatDirection"
        elif iterations == group["max_iter"]:
            exit_reason = "MaxIter"
        elif evaluations >= group["max_eval"]:
            exit_reason = "MaxEval"
        else:
            with torch.enable_grad():
                loss = float(closure())
            if p.grad.abs().max() <= group["tolerance_grad"]:
                exit_reason = "Optimal"
            elif d.mul(t).abs().max() <= group["tolerance_change"]:
                exit_reason = "SmallStep"
            elif abs(loss - state["prev_loss"]) < group["tolerance_change"]:
                exit_reason = "SmallLossChange"
            else:
                raise AssertionError("no exit condition holds")
        rows.append(dict(
            point=tuple(p.tolist()), func_evals=state["func_evals"], n_iter=state["n_iter"],
            t=0.0 if t is None else float(t), d=(0.0, 0.0) if d is None else tuple(d.tolist()),
            h_diag=float(state.get("H_diag", 1.0)), prev_loss=float(state.get("prev_loss", 0.0)),
            history=len(state.get("old_dirs", [])), exit=exit_reason, inner=opt.moves[:-1],
            trials=len(opt.trials)))
    return rows


print("// Generated by tests/tools/lbfgs_reference.py from torch %s; do not edit by hand." % torch.__version__)
print("// {spec, surface, {{point, func_evals, n_iter, t, d, H_diag, prev_loss, history length, exit,")
print("//                  {inner iterates}, line-search trials}, ...}}")
for spec, surface, kwargs, steps in CASES:
    print('{"%s", "%s", {' % (spec, surface))
    for row in run(surface, kwargs, steps):
        assert all(math.isfinite(v) for v in row["point"])
        print("  {%s, %d, %d, %s, %s, %s, %s, %d, Exit::%s, {%s}, %d}," % (
            vec(row["point"]), row["func_evals"], row["n_iter"], number(row["t"]), vec(row["d"]),
            number(row["h_diag"]), number(row["prev_loss"]), row["history"], row["exit"],
            ", ".join(vec(q) for q in row["inner"]), row["trials"]))
    print("}},")
