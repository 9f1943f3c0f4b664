// Run colours: the Okabe-Ito palette (Okabe and Ito 2008), distinguishable under the common forms of
// colour blindness. Its black is swapped for a light grey because runs are drawn over dark heatmaps.
#pragma once
#include <cstddef>
#include <span>
#include <vector>

#include "model.hpp"

namespace gs {

std::span<const Color> runPalette();
// The colours of the runs, in run order.
std::vector<Color> runColors(const Runner& runner);
// The first palette colour no existing run uses (`used`: their colours); once all are taken, cycles by
// run count.
Color nextRunColor(std::span<const Color> used);
// A colour visibly different from `parent` for a fork: the next unused palette colour, or, if none is
// free, the parent lightened towards white.
Color forkColor(Color parent, std::span<const Color> used);

}  // namespace gs
