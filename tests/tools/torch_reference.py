#!/usr/bin/env python3
"""Reference trajectories from torch.optim in float64, for tests/core/test_optimizers_torch.cpp.

Never run by CTest (tests must not need PyTorch). Run by hand with Debian's python3-torch:
    /usr/bin/python3 tests/tools/torch_reference.py
and paste the printed rows into the test. Each row: optimizer spec, surface, start, and the point
after each of the first STEPS steps. One of gradscape's steps is one optimizer.step(closure).
"""
import torch

torch.set_default_dtype(torch.float64)
STEPS = 12


def quadratic(p):  # the test's QuadraticSurface{1, 10, 2, 0, 0}: 0.5 x^2 + 5 y^2 + 2 x y
    x, y = p[0], p[1]
    return 0.5 * x * x + 5.0 * y * y + 2.0 * x * y


def rosenbrock(p):
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


SURFACES = {"quadratic": (quadratic, (1.0, 1.0)), "rosenbrock": (rosenbrock, (-1.5, 2.0))}

# (gradscape spec, surface, torch class, torch kwargs)
CASES = [
    ("sgd:lr=0.01,momentum=0.9,dampening=0.1,weight_decay=0.05", "quadratic", torch.optim.SGD,
     dict(lr=0.01, momentum=0.9, dampening=0.1, weight_decay=0.05)),
    ("nesterov:lr=0.001", "rosenbrock", torch.optim.SGD, dict(lr=0.001, momentum=0.9, nesterov=True)),
    ("adagrad:lr=0.3,lr_decay=0.1,initial_accumulator_value=0.5,weight_decay=0.01", "quadratic",
     torch.optim.Adagrad, dict(lr=0.3, lr_decay=0.1, initial_accumulator_value=0.5, weight_decay=0.01)),
    ("rmsprop:lr=0.01,momentum=0.5,centered=true,weight_decay=0.01", "rosenbrock", torch.optim.RMSprop,
     dict(lr=0.01, momentum=0.5, centered=True, weight_decay=0.01)),
    ("adadelta:rho=0.5,weight_decay=0.1", "quadratic", torch.optim.Adadelta, dict(rho=0.5, weight_decay=0.1)),
    ("adam:lr=0.1,weight_decay=0.1", "rosenbrock", torch.optim.Adam, dict(lr=0.1, weight_decay=0.1)),
    ("amsgrad:lr=0.1,beta2=0.5", "quadratic", torch.optim.Adam, dict(lr=0.1, betas=(0.9, 0.5), amsgrad=True)),
    ("adamw:lr=0.1,weight_decay=0.5", "rosenbrock", torch.optim.AdamW, dict(lr=0.1, weight_decay=0.5)),
    ("adamax:lr=0.1,weight_decay=0.01", "rosenbrock", torch.optim.Adamax, dict(lr=0.1, weight_decay=0.01)),
    # foreach=True: 1.13's single-tensor NAdam multiplies mu_t into mu_product_next twice, a bug fixed
    # in PyTorch 2.0 (pytorch/pytorch#92699); 1.13's multi-tensor path already computes what 2.x does.
    ("nadam:lr=0.1,momentum_decay=0.1,weight_decay=0.01", "rosenbrock", torch.optim.NAdam,
     dict(lr=0.1, momentum_decay=0.1, weight_decay=0.01, foreach=True)),
    ("radam:lr=0.05,beta2=0.9", "quadratic", torch.optim.RAdam, dict(lr=0.05, betas=(0.9, 0.9))),
    ("lbfgs", "rosenbrock", torch.optim.LBFGS, dict(max_iter=1)),
    ("lbfgs:line_search=strong_wolfe", "rosenbrock", torch.optim.LBFGS,
     dict(max_iter=1, line_search_fn="strong_wolfe")),
    ("lbfgs:history_size=3,line_search=strong_wolfe", "quadratic", torch.optim.LBFGS,
     dict(max_iter=1, history_size=3, line_search_fn="strong_wolfe")),
]


def trajectory(surface, cls, kwargs):
    f, start = SURFACES[surface]
    p = torch.tensor(start, requires_grad=True)
    opt = cls([p], **kwargs)

    def closure():
        opt.zero_grad()
        loss = f(p)
        loss.backward()
        return loss

    points = []
    for _ in range(STEPS):
        opt.step(closure)
        points.append((p[0].item(), p[1].item()))
    return points


for spec, surface, cls, kwargs in CASES:
    pts = trajectory(surface, cls, kwargs)
    body = ", ".join("{%.17g, %.17g}" % xy for xy in pts)
    print('    {"%s", "%s", {%s}},' % (spec, surface, body))
