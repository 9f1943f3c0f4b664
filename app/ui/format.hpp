// Text for numbers and statuses, shared by the inspector, plots and tooltips.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/runner.hpp"

namespace gs {

// "running", "converged at step 12", "diverged at step 40".
std::string statusText(RunStatus status, std::int64_t statusStep);
// Compact, a fixed number of significant digits (printf's %g): "0.00123", "-4.5e+07". Every number the
// panels print goes through this, so a value reads the same in the inspector, the explainer and a label.
std::string formatValue(double value, int significantDigits = 4);
// A file size for a status line: "812 KB", "3.4 MB".
std::string formatByteSize(std::uintmax_t bytes);
// "(0.5, -1.25)"; "-" for an absent vector.
std::string formatVec(const std::optional<Vec2>& value);
// `text` broken into lines at most `width` wide (as `measure` gives a piece's width), at spaces and line
// breaks only: ImGui's own wrapping also breaks after '.' and ',', which cut "0.05135" into "0." and "05135".
// A word wider than `width` gets a line of its own.
std::vector<std::string> wrapAtSpaces(std::string_view text, float width,
                                      const std::function<float(std::string_view)>& measure);

}  // namespace gs
