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

std::string formatValue(double value, int significantDigits) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.*g", significantDigits, value);
  return buffer;
}

std::string formatByteSize(std::uintmax_t bytes) {
  const double kib = static_cast<double>(bytes) / 1024.0;
  char size[32];
  if (kib < 1024.0)
    std::snprintf(size, sizeof size, "%.0f KB", kib);
  else
    std::snprintf(size, sizeof size, "%.1f MB", kib / 1024.0);
  return size;
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
