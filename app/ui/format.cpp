#include "format.hpp"

#include <cstdio>

namespace gs {

std::string statusText(RunStatus status, std::int64_t statusStep) {
  switch (status) {
    case RunStatus::Running:
      return "running";
    case RunStatus::Converged:
      return "converged at step " + std::to_string(statusStep);
    case RunStatus::Diverged:
      return "diverged at step " + std::to_string(statusStep);
  }
  return "?";
}

std::string formatValue(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}

std::string formatVec(const std::optional<Vec2>& value) {
  if (!value) return "-";
  std::string text = "(";
  text += formatValue(value->x);
  text += ", ";
  text += formatValue(value->y);
  text += ")";
  return text;
}

}  // namespace gs
