#include "format.hpp"

#include <algorithm>
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
  std::snprintf(buffer, sizeof buffer, "%.*g", significantDigits, value == 0.0 ? 0.0 : value);  // never "-0"
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

std::vector<std::string> wrapAtSpaces(std::string_view text, float width,
                                      const std::function<float(std::string_view)>& measure) {
  std::vector<std::string> lines;
  std::size_t paragraphStart = 0;
  while (paragraphStart <= text.size()) {
    const std::size_t paragraphEnd = std::min(text.find('\n', paragraphStart), text.size());
    const std::string_view paragraph = text.substr(paragraphStart, paragraphEnd - paragraphStart);
    std::string line;
    std::size_t at = 0;
    while (at < paragraph.size()) {
      const std::size_t space = std::min(paragraph.find(' ', at), paragraph.size());
      const std::string_view word = paragraph.substr(at, space - at);
      const std::string longer = line.empty() ? std::string(word) : line + " " + std::string(word);
      if (line.empty() || measure(longer) <= width) {
        line = longer;
      } else {
        lines.push_back(line);
        line = std::string(word);
      }
      at = space + 1;
    }
    lines.push_back(line);
    paragraphStart = paragraphEnd + 1;
  }
  return lines;
}

}  // namespace gs
