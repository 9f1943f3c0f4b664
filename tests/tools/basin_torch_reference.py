#!/usr/bin/env python3
"""The issue's torch yardstick for the basin map (README, Performance): the same computation as
    gradscape map basin --surface himmelblau --optimizer adam:lr=0.05 --steps 300 --size 256x256
written as a torch program: a (65536, 2) float64 tensor of every start (the centres of a 256 x 256 grid
over [-5, 5]^2), the loss summed over the runs and differentiated by autograd, stepped by
torch.optim.Adam(lr=0.05), one thread. Each run's gradient is its own (the runs do not interact), and
Adam is element-wise, so every row steps as that one run alone would (a timing yardstick: its bits are
not compared with gradscape's here).

Never run by CTest (tests must not need PyTorch). Run by hand with Debian's python3-torch:
    /usr/bin/python3 tests/tools/basin_torch_reference.py [--repeat N]
It prints the best of N wall-clock timings (default 3) of the 300 steps, in seconds and ns per run-step,
each repetition's wall and CPU seconds (CPU time is the steadier figure on a shared machine), and how
many runs end within 1e-3 * 10 of one of himmelblau's four minima (a check that it computed the map).
"""
import argparse
import time

import torch

SIDE = 256
STEPS = 300
LR = 0.05
MINIMA = [(3.0, 2.0), (-2.8051180869527449, 3.1313125182505730), (-3.7793102533777469, -3.2831859912861694),
          (3.5844283403304917, -1.8481265269644036)]


def himmelblau(x, y):
    return (x * x + y - 11.0) ** 2 + (x + y * y - 7.0) ** 2


def starts():
    # The centre of pixel (px, py), row 0 at the top, as core/maps/map.cpp's basinStart.
    cell = 10.0 / SIDE
    xs = -5.0 + (torch.arange(SIDE, dtype=torch.float64) + 0.5) * cell
    ys = 5.0 - (torch.arange(SIDE, dtype=torch.float64) + 0.5) * cell
    grid_y, grid_x = torch.meshgrid(ys, xs, indexing="ij")
    return torch.stack([grid_x.reshape(-1), grid_y.reshape(-1)], dim=1)


def basin_map():
    points = starts().clone().requires_grad_(True)
    optimizer = torch.optim.Adam([points], lr=LR)
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = himmelblau(points[:, 0], points[:, 1]).sum()
        loss.backward()
        optimizer.step()
    return points.detach()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    times, cpu_times = [], []
    for _ in range(args.repeat):
        begin, cpu_begin = time.perf_counter(), time.process_time()
        ends = basin_map()
        times.append(time.perf_counter() - begin)
        cpu_times.append(time.process_time() - cpu_begin)
    minima = torch.tensor(MINIMA, dtype=torch.float64)
    nearest = torch.cdist(ends, minima).min(dim=1).values
    reached = int((nearest <= 1e-3 * 10.0).sum())
    best = min(times)
    run_steps = SIDE * SIDE * STEPS
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread: {SIDE * SIDE} runs x {STEPS} steps in "
          f"{best:.3f} s ({best / run_steps * 1e9:.1f} ns per run-step; all: "
          f"{', '.join(f'{t:.3f}' for t in times)} s; CPU: {', '.join(f'{t:.3f}' for t in cpu_times)} s); "
          f"{reached} runs end at a minimum")


if __name__ == "__main__":
    main()
