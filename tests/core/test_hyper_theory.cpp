// The theory drawn on hyperparameter maps (core/maps/theory.hpp hyperMapTheory): the edge it draws lies
// on the heavy-ball bound lr (L + wd) = 2 + 2 momentum, the runs just inside it converge and just outside
// do not (the classical criterion), Polyak's optimum is where the formula puts it, and the theory is
// withheld where it does not hold.
#include <gtest/gtest.h>

#include <cmath>
#include <string_view>
#include <variant>

#include "core/io/spec.hpp"
#include "core/maps/map.hpp"
#include "core/maps/theory.hpp"

namespace gs {
namespace {

MapRequest hyperRequest(std::string_view surface, std::string_view optimizer, HyperAxis x, HyperAxis y) {
  auto built = makeSurface(surface);
  EXPECT_TRUE(built.has_value()) << surface;
  PixelSettings settings;
  auto parsed = parseOptimizerSpec(optimizer);
  EXPECT_TRUE(std::holds_alternative<Optimizer>(parsed)) << optimizer;
  settings.optimizer = std::get<Optimizer>(std::move(parsed));
  settings.steps = 100;
  MapRequest request = basinRequest(std::move(*built), std::move(settings), 120, 100);
  request.kind = MapKind::Hyper;
  request.x = std::move(x);
  request.y = std::move(y);
  EXPECT_FALSE(checkMapRequest(request).has_value());
  return request;
}

// Every edge point (lr, momentum) is on the bound, and stepping 1e-6 of lr inwards / outwards crosses it.
void expectEdgeOnBound(const HyperMapTheory& theory, bool lrOnX, double weightDecay = 0.0,
                       bool momentumAxis = true, double fixedMomentum = 0.0) {
  ASSERT_FALSE(theory.boundary.empty());
  int points = 0;
  for (const auto& piece : theory.boundary)
    for (const Vec2 p : piece) {
      const double lr = lrOnX ? p.x : p.y, other = lrOnX ? p.y : p.x;
      const double beta = momentumAxis ? other : fixedMomentum;
      const double decay = momentumAxis ? weightDecay : other;
      const double largest = theory.largest + decay, smallest = theory.smallest + decay;
      EXPECT_NEAR(lr * largest, 2.0 + 2.0 * beta, 1e-12 * (2.0 + 2.0 * beta)) << lr << ", " << other;
      EXPECT_TRUE(heavyBallConverges(lr * (1.0 - 1e-6), beta, largest, smallest)) << lr << ", " << other;
      EXPECT_FALSE(heavyBallConverges(lr * (1.0 + 1e-6), beta, largest, smallest)) << lr << ", " << other;
      ++points;
    }
  EXPECT_GT(points, 100);
}

TEST(HyperTheory, HeavyBallEdgeAndPolyakOptimumOnTheQuadratic) {
  const MapRequest request =
      hyperRequest("quadratic", "momentum", {"lr", 0.05, 6.0, false}, {"momentum", 0.0, 0.99, false});
  const auto theory = hyperMapTheory(request);
  ASSERT_TRUE(theory);
  EXPECT_TRUE(theory->constantHessian);
  EXPECT_NEAR(theory->largest, 1.0, 1e-12);
  EXPECT_NEAR(theory->smallest, 0.1, 1e-12);
  expectEdgeOnBound(*theory, true);
  // lr from 2 (momentum 0) to 3.98 (momentum 0.99): the whole edge lies on this map, in one piece.
  ASSERT_EQ(theory->boundary.size(), 1u);
  EXPECT_NEAR(theory->boundary[0].front().x, 2.0, 1e-12);
  EXPECT_NEAR(theory->boundary[0].back().x, 3.98, 1e-12);
  ASSERT_TRUE(theory->optimum);
  const double rootL = 1.0, rootMu = std::sqrt(0.1);
  EXPECT_NEAR(theory->optimum->x, 4.0 / ((rootL + rootMu) * (rootL + rootMu)), 1e-12);
  EXPECT_NEAR(theory->optimum->y, std::pow((rootL - rootMu) / (rootL + rootMu), 2), 1e-12);
  EXPECT_NEAR(theory->optimalSettings.rate, (rootL - rootMu) / (rootL + rootMu), 1e-12);
}

TEST(HyperTheory, AxesSwappedAndLogScaledKeepTheEdgeOnTheBound) {
  const MapRequest request =
      hyperRequest("quadratic", "sgd", {"momentum", 0.0, 0.9, false}, {"lr", 0.1, 10.0, true});
  const auto theory = hyperMapTheory(request);
  ASSERT_TRUE(theory);
  expectEdgeOnBound(*theory, false);
  ASSERT_TRUE(theory->optimum);  // (momentum, lr) order
  EXPECT_NEAR(theory->optimum->y, theory->optimalSettings.lr, 0.0);
}

TEST(HyperTheory, GradientDescentAgainstWeightDecayFoldsItIntoTheCurvature) {
  const MapRequest request =
      hyperRequest("quadratic", "sgd", {"lr", 0.1, 10.0, true}, {"weight_decay", 0.0, 1.0, false});
  const auto theory = hyperMapTheory(request);
  ASSERT_TRUE(theory);
  expectEdgeOnBound(*theory, true, 0.0, false, 0.0);
  EXPECT_FALSE(theory->optimum);  // Polyak's point is about momentum
  // Plain gradient descent: lr = 2 / (L + wd), from 2 at wd = 0 to 1 at wd = 1.
  EXPECT_NEAR(theory->boundary.front().front().x, 2.0, 1e-12);
  EXPECT_NEAR(theory->boundary.back().back().x, 1.0, 1e-12);
}

TEST(HyperTheory, EdgeLeavingTheRangeIsCutThere) {
  // lr up to 3: the edge (lr 2 to 3.98) leaves the map at momentum 0.5.
  const MapRequest request =
      hyperRequest("quadratic", "momentum", {"lr", 0.05, 3.0, false}, {"momentum", 0.0, 0.99, false});
  const auto theory = hyperMapTheory(request);
  ASSERT_TRUE(theory);
  ASSERT_EQ(theory->boundary.size(), 1u);
  for (const Vec2 p : theory->boundary[0]) {
    EXPECT_LE(p.x, 3.0);
    EXPECT_LE(p.y, 0.5 + 1e-12);
  }
  EXPECT_GT(theory->boundary[0].back().y, 0.49);
}

TEST(HyperTheory, ElsewhereTheHessianAtTheStartIsUsedAndSaidSo) {
  const MapRequest request =
      hyperRequest("rosenbrock", "momentum", {"lr", 1e-5, 1e-2, true}, {"momentum", 0.0, 0.99, false});
  const auto theory = hyperMapTheory(request);
  ASSERT_TRUE(theory);
  EXPECT_FALSE(theory->constantHessian);
  const auto model = localQuadratic(request.surface, request.start);
  ASSERT_TRUE(model);
  EXPECT_EQ(theory->largest, model->largest);
}

TEST(HyperTheory, WithheldWhereItDoesNotHold) {
  const HyperAxis lr{"lr", 0.05, 6.0, false}, momentum{"momentum", 0.0, 0.99, false};
  EXPECT_FALSE(hyperMapTheory(hyperRequest("quadratic", "adam", lr, {"beta1", 0.0, 0.99, false})));
  EXPECT_FALSE(hyperMapTheory(hyperRequest("quadratic", "nesterov", lr, momentum)));
  EXPECT_FALSE(hyperMapTheory(hyperRequest("quadratic", "momentum:dampening=0.5", lr, momentum)));
  EXPECT_FALSE(
      hyperMapTheory(hyperRequest("quadratic", "momentum", momentum, {"dampening", 0.0, 0.9, false})));
  MapRequest scheduled = hyperRequest("quadratic", "momentum", lr, momentum);
  scheduled.settings.schedule = std::get<Schedule>(Schedule::parse("cosine:total=100"));
  EXPECT_FALSE(hyperMapTheory(scheduled));
  MapRequest basin = hyperRequest("quadratic", "momentum", lr, momentum);
  basin.kind = MapKind::Basin;
  EXPECT_FALSE(hyperMapTheory(basin));
}

}  // namespace
}  // namespace gs
