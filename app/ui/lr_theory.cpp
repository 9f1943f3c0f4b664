#include "ui/lr_theory.hpp"

#include <cmath>
#include <cstdio>

#include "core/maps/theory.hpp"

namespace gs {

std::optional<LrMarks> lrMarks(const Model& model, std::size_t index) {
  if (index >= model.runner.size()) return std::nullopt;
  const Run& run = model.runner.run(index);
  const Optimizer& optimizer = run.optimizer();
  const auto momentum = optimizer.param("momentum");
  const auto dampening = optimizer.param("dampening");
  const auto nesterov = optimizer.param("nesterov");
  if (!momentum || !dampening || !nesterov || !optimizer.param("lr") || *dampening != 0.0 || *nesterov != 0.0)
    return std::nullopt;
  const auto local = localQuadratic(model.runner.surface(), run.point());
  if (!local) return std::nullopt;
  const auto limit = *momentum == 0.0 ? local->gradientDescentLimit() : local->heavyBallLimit(*momentum);
  if (!limit || !std::isfinite(*limit) || !(local->largest > 0.0)) return std::nullopt;
  return LrMarks{local->largest, 1.0 / local->largest, *limit};
}

std::string overshootWarning(const LrMarks& marks, double lr) {
  if (!(lr > marks.limit)) return {};
  char text[96];
  std::snprintf(text, sizeof text, "this step will overshoot: lr x L = %.2g", lr * marks.largest);
  return text;
}

}  // namespace gs
