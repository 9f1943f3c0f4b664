// Data surfaces: a loss averaged over N generated examples, so minibatch gradients carry real SGD noise
// (its spread shrinks as 1/sqrt(m)); m <= 0 or m >= N gives the exact full-batch gradient.
//   linear_regression:   L(w, b) = 1/N sum (w x_i + b - y_i)^2, data y = 1.5 x - 1 + 0.5 noise, x in [0, 3]
//   logistic_regression: L(w1, w2) = 1/N sum log(1 + exp(-t_i (w1 a_i + w2 c_i))), labels t_i = +-1,
//                        features around +-(1, 0.6) with unit noise (no bias weight)
// The data come from splitmix64 and arithmetic only (no libm), so they are identical on every machine.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/surface/catalog.hpp"

namespace gs {
namespace {

using namespace gs::ad;

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
double uniform01(std::uint64_t& state) { return static_cast<double>(splitmix64(state) >> 11) * 0x1.0p-53; }
// Irwin-Hall: the sum of 12 uniforms minus 6 has mean 0 and variance 1, close to a normal.
double roughNormal(std::uint64_t& state) {
  double sum = -6.0;
  for (int i = 0; i < 12; ++i) sum += uniform01(state);
  return sum;
}

struct Example {
  double a = 0.0, c = 0.0;  // linear: (x, y) of a data point; logistic: -t * features
};

// log(1 + exp(u)) without overflow, and its exact derivatives sigma(u) and sigma(u)(1 - sigma(u)),
// all from one exp(-|u|).
struct Softplus {
  double value;
  double sigmoid;
};
Softplus softplusAndSigmoid(double u) {
  const double t = std::exp(-std::fabs(u));
  return {std::max(u, 0.0) + std::log1p(t), u >= 0.0 ? 1.0 / (1.0 + t) : t / (1.0 + t)};
}
double softplus(double u) { return softplusAndSigmoid(u).value; }
Dual softplus(const Dual& u) {
  const Softplus s = softplusAndSigmoid(u.value);
  return chain(u, s.value, s.sigmoid);
}
Jet softplus(const Jet& u) {
  const Softplus s = softplusAndSigmoid(u.value);
  return chain(u, s.value, s.sigmoid, s.sigmoid * (1.0 - s.sigmoid));
}

struct LinearModel {
  template <class T>
  static T loss(const T& w, const T& b, const Example& e) {
    return square(w * e.a + b - e.c);
  }
};
struct LogisticModel {
  template <class T>
  static T loss(const T& w1, const T& w2, const Example& e) {
    return softplus(w1 * e.a + w2 * e.c);
  }
};

template <class Model>
class DataEvaluator final : public Evaluator {
 public:
  explicit DataEvaluator(std::vector<Example> data) : data_(std::move(data)) {}

  double value(Vec2 p) const override { return meanLoss(p.x, p.y); }
  ValueGrad valueGrad(Vec2 p) const override {
    const Dual r = meanLoss(Dual::variableX(p.x), Dual::variableY(p.y));
    return {r.value, r.gradient};
  }
  ValueGradHessian valueGradHessian(Vec2 p) const override {
    const Jet r = meanLoss(Jet::variableX(p.x), Jet::variableY(p.y));
    return {r.value, r.gradient, r.hessian};
  }
  int dataSize() const override { return static_cast<int>(data_.size()); }

  // m examples without replacement: the first m steps of a Fisher-Yates shuffle driven by rng.
  ValueGrad minibatchValueGrad(Vec2 p, int batchSize, std::uint64_t& rng) const override {
    const std::size_t n = data_.size();
    if (batchSize <= 0 || static_cast<std::size_t>(batchSize) >= n) return valueGrad(p);
    const auto m = static_cast<std::size_t>(batchSize);
    thread_local std::vector<std::size_t> order;
    order.resize(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    const Dual w = Dual::variableX(p.x), b = Dual::variableY(p.y);
    Dual sum;
    for (std::size_t i = 0; i < m; ++i) {
      std::swap(order[i], order[i + splitmix64(rng) % (n - i)]);
      sum = sum + Model::loss(w, b, data_[order[i]]);
    }
    const Dual mean = sum / static_cast<double>(m);
    return {mean.value, mean.gradient};
  }

 private:
  template <class T>
  T meanLoss(const T& w, const T& b) const {
    T sum{};
    for (const Example& e : data_) sum = sum + Model::loss(w, b, e);
    return sum / static_cast<double>(data_.size());
  }

  std::vector<Example> data_;
};

std::vector<Example> lineData(const SurfaceParams& params) {
  std::uint64_t state = params.dataSeed;
  std::vector<Example> data(static_cast<std::size_t>(params.dataSize));
  for (Example& e : data) {
    e.a = 3.0 * uniform01(state);
    e.c = 1.5 * e.a - 1.0 + 0.5 * roughNormal(state);
  }
  return data;
}

std::vector<Example> classifierData(const SurfaceParams& params) {
  std::uint64_t state = params.dataSeed ^ 0x5eed'c1a5'51f1'e500ULL;  // not the line's data stream
  std::vector<Example> data(static_cast<std::size_t>(params.dataSize));
  for (std::size_t i = 0; i < data.size(); ++i) {
    const double label = i % 2 == 0 ? 1.0 : -1.0;  // balanced classes
    const double f1 = label * 1.0 + roughNormal(state);
    const double f2 = label * 0.6 + roughNormal(state);
    data[i] = {-label * f1, -label * f2};
  }
  return data;
}

// The least-squares line from the normal equations; its loss is the global minimum.
std::vector<CriticalPoint> lineMinimum(const std::vector<Example>& data, const Evaluator& evaluator) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const Example& e : data) sx += e.a, sy += e.c, sxx += e.a * e.a, sxy += e.a * e.c;
  const double n = static_cast<double>(data.size());
  const double det = n * sxx - sx * sx;
  if (det <= 0.0) return {};  // all x equal: a line of minima, none to mark
  const Vec2 best{(n * sxy - sx * sy) / det, (sxx * sy - sx * sxy) / det};
  return {{best, evaluator.value(best), true}};
}

// Newton's method (the logistic loss is convex); separable data have no finite minimum.
std::vector<CriticalPoint> convexMinimum(const Evaluator& evaluator) {
  Vec2 p{0.0, 0.0};
  for (int i = 0; i < 100; ++i) {
    const ValueGradHessian f = evaluator.valueGradHessian(p);
    const Sym2& h = f.hessian;
    const double det = h.xx * h.yy - h.xy * h.xy;
    if (!(det > 0.0) || norm(p) > 1e3) return {};
    p -= Vec2{(h.yy * f.gradient.x - h.xy * f.gradient.y) / det,
              (h.xx * f.gradient.y - h.xy * f.gradient.x) / det};
    if (norm(evaluator.valueGrad(p).gradient) < 1e-13) return {{p, evaluator.value(p), true}};
  }
  return {};
}

std::optional<Surface> linearRegression(const SurfaceParams& params) {
  std::vector<Example> data = lineData(params);
  double meanX = 0, meanY = 0, meanXX = 0, meanXY = 0, meanYY = 0;
  for (const Example& e : data)
    meanX += e.a, meanY += e.c, meanXX += e.a * e.a, meanXY += e.a * e.c, meanYY += e.c * e.c;
  const double n = static_cast<double>(data.size());
  meanX /= n, meanY /= n, meanXX /= n, meanXY /= n, meanYY /= n;
  auto evaluator = std::make_shared<const DataEvaluator<LinearModel>>(data);
  return Surface{
      .name = "linear_regression",
      .title = "Linear regression (MSE)",
      // The mean of (w x + b - y)^2 expanded in w (x) and b (y): the same quadratic, in closed form.
      .formula = formulaNumber(meanXX) + "*x^2 + 2*" + formulaNumber(meanX) + "*x*y + y^2 - 2*" +
                 formulaNumber(meanXY) + "*x - 2*" + formulaNumber(meanY) + "*y + " + formulaNumber(meanYY),
      .lesson =
          "Fitting a line w x + b by mean squared error: a convex ravine; minibatch SGD jitters, less as "
          "the batch grows (noise ~ 1/sqrt(m)).",
      .domain = {-1.0, 4.0, -4.0, 2.0},
      .start = {-0.5, 1.5},
      .minima = lineMinimum(data, *evaluator),
      .saddles = {},
      .evaluator = evaluator,
  };
}

std::string logisticFormula(const std::vector<Example>& data) {
  std::string sum;
  for (const Example& e : data) {
    const std::string u = formulaNumber(e.a) + "*x + " + formulaNumber(e.c) + "*y";
    // log(1 + exp(u)) = max(u, 0) + log(1 + exp(-|u|)): no overflow anywhere on the plane.
    sum += (sum.empty() ? "" : " + ") + ("max(" + u + ", 0) + log(1 + exp(-abs(" + u + ")))");
  }
  return "(" + sum + ")/" + std::to_string(data.size());
}

std::optional<Surface> logisticRegression(const SurfaceParams& params) {
  std::vector<Example> data = classifierData(params);
  std::string formula = logisticFormula(data);
  auto evaluator = std::make_shared<const DataEvaluator<LogisticModel>>(std::move(data));
  return Surface{
      .name = "logistic_regression",
      .title = "Logistic regression",
      .formula = std::move(formula),
      .lesson =
          "The logistic loss of a two-weight classifier: convex but not quadratic; minibatch gradients "
          "make SGD wander around the optimum.",
      .domain = {-4.0, 4.0, -4.0, 4.0},
      .start = {-3.0, 3.0},
      .minima = convexMinimum(*evaluator),
      .saddles = {},
      .evaluator = evaluator,
  };
}

constexpr CatalogEntry kEntries[] = {
    {"linear_regression", linearRegression},
    {"logistic_regression", logisticRegression},
};

}  // namespace

std::span<const CatalogEntry> dataSurfaces() { return kEntries; }

}  // namespace gs
