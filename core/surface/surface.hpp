// A surface is a value: a formula (or a data set), its domain, a default start, known minima and
// saddles, and a one-line lesson. Value, gradient and Hessian come from one definition of f.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr/expression.hpp"  // FormulaError
#include "core/math/evaluator.hpp"

namespace gs {

struct Domain {
  double xMin = -1.0, xMax = 1.0;
  double yMin = -1.0, yMax = 1.0;
};
// Whether p lies in the domain, edges included (false for NaN).
inline bool contains(const Domain& d, Vec2 p) {
  return p.x >= d.xMin && p.x <= d.xMax && p.y >= d.yMin && p.y <= d.yMax;
}

struct CriticalPoint {
  Vec2 point;
  double value = 0.0;
  bool global = false;  // minima only: true for a global minimum
};

// Parameters some surfaces take. Ignored by the rest.
struct SurfaceParams {
  double conditionNumber = 10.0;  // "quadratic": ratio of the Hessian's eigenvalues
  double rotationDegrees = 30.0;  // "quadratic": rotation of its principal axes
  std::uint64_t dataSeed = 1;     // data surfaces: seed of the generated data set
  int dataSize = 64;              // data surfaces: number of examples N
};

struct Surface {
  std::string name;     // catalog key used on the command line, e.g. "rosenbrock"
  std::string title;    // for people, e.g. "Rosenbrock"
  std::string formula;  // f in the expression language (expression.hpp), as text (scenes, exports)
  std::string lesson;   // one line: what this surface teaches
  Domain domain;
  Vec2 start;
  std::vector<CriticalPoint> minima;
  std::vector<CriticalPoint> saddles;
  std::shared_ptr<const Evaluator> evaluator;  // never null in a valid Surface
  // `formula` parsed once (makeSurface and makeCustomSurface set it): the heatmap's shader is built from
  // it. Null only for a Surface put together by hand; users of it then parse `formula`.
  std::shared_ptr<const Expression> expression = nullptr;
  bool custom = false;  // made from a user's formula
};

// Data surfaces accept dataSize in [kMinDataSize, kMaxDataSize]; their formula (drawn per pixel) has
// one term per example, so the upper bound keeps the shader affordable.
inline constexpr int kMinDataSize = 2;
inline constexpr int kMaxDataSize = 1024;
// Why `params` is out of range (conditionNumber in [1, 1e6], finite rotation, dataSize bounds), or nullopt.
// makeSurface returns nullopt for out-of-range params, so callers that take params from users check first.
std::optional<std::string> surfaceParamsError(const SurfaceParams& params);

// Catalog names in a stable order (for --list and the app's surface panel).
const std::vector<std::string>& surfaceNames();
// A built-in surface by name, or nullopt if there is none.
std::optional<Surface> makeSurface(std::string_view name, const SurfaceParams& params = {});

// A surface from a user's formula in x and y; on error, the message and 1-based column.
// The domain defaults to [-3, 3]^2 and the start to (-2, 2) unless given.
struct CustomSurfaceResult {
  std::optional<Surface> surface;
  FormulaError error;
};
// A formula that is finite nowhere on the domain (1/0, log(-1 - x^2)) is refused as well, with
// nowhereFiniteError's message at column 0.
CustomSurfaceResult makeCustomSurface(std::string_view formula, const Domain& domain = {-3, 3, -3, 3},
                                      Vec2 start = {-2.0, 2.0});

// Points per side of the grid on which nowhereFiniteError looks for a finite f (odd: the centre is on it).
inline constexpr int kFiniteCheckGrid = 33;
// Why f cannot be explored on `domain`: it is not finite at any point of a kFiniteCheckGrid^2 grid over
// it (corners and centre included). nullopt where some point is finite. For the surface panel, scenes and
// trace, wherever a user gives a formula or a domain.
std::optional<std::string> nowhereFiniteError(const Evaluator& evaluator, const Domain& domain);

}  // namespace gs
