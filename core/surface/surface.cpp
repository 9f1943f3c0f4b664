// The catalog (names in a stable order, lookup by name) and surfaces made from a user's formula.
#include "core/surface/surface.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include "core/expr/expression.hpp"
#include "core/math/text.hpp"
#include "core/surface/catalog.hpp"

namespace gs {
namespace {

const std::vector<CatalogEntry>& catalog() {
  static const std::vector<CatalogEntry> entries = [] {
    std::vector<CatalogEntry> all;
    for (auto part : {predecessorSurfaces(), classicSurfaces(), lectureSurfaces(), dataSurfaces()})
      all.insert(all.end(), part.begin(), part.end());
    return all;
  }();
  return entries;
}

bool isValidDomain(const Domain& d) {
  return std::isfinite(d.xMin) && std::isfinite(d.xMax) && std::isfinite(d.yMin) && std::isfinite(d.yMax) &&
         d.xMin < d.xMax && d.yMin < d.yMax;
}

}  // namespace

const std::vector<std::string>& surfaceNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const CatalogEntry& entry : catalog()) all.emplace_back(entry.name);
    return all;
  }();
  return names;
}

std::optional<std::string> surfaceParamsError(const SurfaceParams& params) {
  if (!std::isfinite(params.conditionNumber) || params.conditionNumber < 1.0 || params.conditionNumber > 1e6)
    return "conditionNumber must be a number from 1 to 1e6";
  if (!std::isfinite(params.rotationDegrees)) return "rotationDegrees must be a finite number";
  if (params.dataSize < kMinDataSize || params.dataSize > kMaxDataSize)
    return "dataSize must be from " + std::to_string(kMinDataSize) + " to " + std::to_string(kMaxDataSize);
  return std::nullopt;
}

std::optional<Surface> makeSurface(std::string_view name, const SurfaceParams& params) {
  if (surfaceParamsError(params)) return std::nullopt;
  for (const CatalogEntry& entry : catalog()) {
    if (name != entry.name) continue;
    std::optional<Surface> surface = entry.make(params);
    if (surface && !surface->expression) {
      auto parsed = Expression::parse(surface->formula);
      if (auto* expression = std::get_if<Expression>(&parsed))
        surface->expression = std::make_shared<const Expression>(std::move(*expression));
    }
    return surface;
  }
  return std::nullopt;
}

std::optional<std::string> nowhereFiniteError(const Evaluator& evaluator, const Domain& domain) {
  std::vector<Vec2> points;
  points.reserve(kFiniteCheckGrid * kFiniteCheckGrid);
  for (int j = 0; j < kFiniteCheckGrid; ++j)
    for (int i = 0; i < kFiniteCheckGrid; ++i) {
      const double u = static_cast<double>(i) / (kFiniteCheckGrid - 1);
      const double v = static_cast<double>(j) / (kFiniteCheckGrid - 1);
      points.push_back(
          {domain.xMin + (domain.xMax - domain.xMin) * u, domain.yMin + (domain.yMax - domain.yMin) * v});
    }
  std::vector<double> values(points.size());
  evaluator.valueBatch(points, values);
  for (const double v : values)
    if (std::isfinite(v)) return std::nullopt;
  const std::string grid = std::to_string(kFiniteCheckGrid);
  return concat("f is not finite anywhere in the domain [", formatNumber(domain.xMin), ", ",
                formatNumber(domain.xMax), "] x [", formatNumber(domain.yMin), ", ",
                formatNumber(domain.yMax), "] (checked on a ", grid, " x ", grid, " grid)");
}

CustomSurfaceResult makeCustomSurface(std::string_view formula, const Domain& domain, Vec2 start) {
  if (!isValidDomain(domain))
    return {std::nullopt, {"the domain must be finite with min < max on both axes", 0}};
  if (!isFinite(start)) return {std::nullopt, {"the start point must be finite", 0}};
  auto parsed = Expression::parse(formula);
  if (auto* error = std::get_if<FormulaError>(&parsed)) return {std::nullopt, *error};
  auto expression = std::make_shared<const Expression>(std::get<Expression>(std::move(parsed)));
  auto evaluator = expression->evaluator();
  if (auto error = nowhereFiniteError(*evaluator, domain)) return {std::nullopt, {std::move(*error), 0}};
  Surface surface;
  surface.name = "expr:" + expression->text();
  surface.title = expression->text();
  surface.formula = expression->text();
  surface.lesson = "Your own formula: every optimizer and view works on it as on a built-in surface.";
  surface.domain = domain;
  surface.start = start;
  surface.evaluator = std::move(evaluator);
  surface.expression = std::move(expression);
  surface.custom = true;
  return {std::move(surface), {}};
}

std::string formulaNumber(double value) {
  std::array<char, 64> buffer{};
  // Shortest round-trip representation: the parser reads back exactly this double.
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  std::string text(buffer.data(), ec == std::errc() ? end : buffer.data());
  return value < 0 ? "(" + text + ")" : text;
}

}  // namespace gs
