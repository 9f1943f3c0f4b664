// Text for numbers and statuses, shared by the inspector, plots and tooltips.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/runner.hpp"

namespace gs {

// "running", "converged at step 12", "diverged at step 40".
std::string statusText(RunStatus status, std::int64_t statusStep);
// Compact, fixed number of significant digits: "0.00123", "-4.5e+07".
std::string formatValue(double value);
// "(0.5, -1.25)"; "-" for an absent vector.
std::string formatVec(const std::optional<Vec2>& value);

}  // namespace gs
