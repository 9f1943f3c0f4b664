// Internal to core: how the built-in surfaces are assembled. Each surface's f is one generic callable
// `[]<class T>(const T& x, const T& y) -> T`, instantiated with double, Dual and Jet by
// FunctionEvaluator; its `formula` is the same f in the expression language.
#pragma once
#include <span>
#include <utility>
#include <vector>

#include "core/math/dual.hpp"
#include "core/surface/surface.hpp"

namespace gs {

template <class F>
class FunctionEvaluator final : public Evaluator {
 public:
  explicit FunctionEvaluator(F f) : f_(std::move(f)) {}

  double value(Vec2 p) const override { return f_(p.x, p.y); }
  ValueGrad valueGrad(Vec2 p) const override {
    const Dual r = f_(Dual::variableX(p.x), Dual::variableY(p.y));
    return {r.value, r.gradient};
  }
  ValueGradHessian valueGradHessian(Vec2 p) const override {
    const Jet r = f_(Jet::variableX(p.x), Jet::variableY(p.y));
    return {r.value, r.gradient, r.hessian};
  }
  // Tight loops without virtual dispatch per point.
  void valueBatch(std::span<const Vec2> points, std::span<double> values) const override {
    for (std::size_t i = 0; i < points.size() && i < values.size(); ++i)
      values[i] = f_(points[i].x, points[i].y);
  }
  void valueGradBatch(std::span<const Vec2> points, std::span<ValueGrad> out) const override {
    for (std::size_t i = 0; i < points.size() && i < out.size(); ++i) {
      const Dual r = f_(Dual::variableX(points[i].x), Dual::variableY(points[i].y));
      out[i] = {r.value, r.gradient};
    }
  }

 private:
  F f_;
};

template <class F>
std::shared_ptr<const Evaluator> makeFunctionEvaluator(F f) {
  return std::make_shared<const FunctionEvaluator<F>>(std::move(f));
}

// One catalog entry: its name and how to build it.
struct CatalogEntry {
  const char* name;
  std::optional<Surface> (*make)(const SurfaceParams& params);
};

// The catalog in surfaceNames() order, by source file.
std::span<const CatalogEntry> predecessorSurfaces();  // surfaces_predecessor.cpp
std::span<const CatalogEntry> classicSurfaces();      // surfaces_classic.cpp
std::span<const CatalogEntry> lectureSurfaces();      // surfaces_lecture.cpp
std::span<const CatalogEntry> dataSurfaces();         // data_surfaces.cpp

// Formats a number for a generated formula so that parsing it gives back exactly the same double.
std::string formulaNumber(double value);

}  // namespace gs
