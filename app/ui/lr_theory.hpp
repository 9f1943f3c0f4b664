// The local quadratic model's limits on the learning-rate slider (issue "#9", theory on the surface): at
// the run's current point, with L the largest curvature, gradient descent never overshoots below 1/L and
// is stable below 2/L; heavy-ball momentum beta is stable below (2 + 2 beta)/L (core/maps/theory.hpp).
// Only for torch's SGD without Nesterov and dampening, the methods these limits are about.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

#include "model.hpp"

namespace gs {

struct LrMarks {
  double largest = 0.0;      // L at the run's point (> 0)
  double noOvershoot = 0.0;  // 1/L
  double limit = 0.0;        // 2/L, or (2 + 2 momentum)/L
};

// The marks for run `index`, or nullopt when it is not plain gradient descent / heavy ball, or the model
// there has no positive curvature.
std::optional<LrMarks> lrMarks(const Model& model, std::size_t index);
// "this step will overshoot: lr x L = 3.1" when lr is above the limit, else empty.
std::string overshootWarning(const LrMarks& marks, double lr);

}  // namespace gs
