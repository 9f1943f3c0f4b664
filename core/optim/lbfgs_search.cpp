// torch.optim.lbfgs._strong_wolfe and _cubic_interpolate, line for line (ported by PyTorch from
// torch/optim's lswolfe.lua and polyinterp.lua), specialised to 2D parameters. The bracket keeps each
// end's gradient, as torch's bracket_g does: the search returns the gradient at the accepted point, which
// the next inner iteration of the step starts from.
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "core/optim/lbfgs.hpp"

namespace gs::optim {

double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lower,
                        double upper) {
  const double d1 = g1 + g2 - 3.0 * (f1 - f2) / (x1 - x2);
  const double d2Square = d1 * d1 - g1 * g2;
  if (d2Square >= 0.0) {
    const double d2 = std::sqrt(d2Square);
    double minPos;
    if (x1 <= x2) {
      minPos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2.0 * d2));
    } else {
      minPos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2.0 * d2));
    }
    return std::min(std::max(minPos, lower), upper);
  }
  return (lower + upper) / 2.0;
}

namespace {

struct Probe {
  double value;
  Vec2 gradient;
  double slope;  // g(x + t d) . d
};

Probe probe(Oracle& oracle, Vec2 x, double t, Vec2 d, std::vector<Vec2>* trialPoints) {
  const Vec2 at = x + t * d;  // torch: p.add_(d, alpha=t), closure()
  if (trialPoints && trialPoints->size() < Lbfgs::kMaxInnerPoints) trialPoints->push_back(at);
  const ValueGrad valueGrad = oracle.gradient(at);
  return {valueGrad.value, valueGrad.gradient, dot(valueGrad.gradient, d)};
}

double cubicBetween(double x1, double f1, double g1, double x2, double f2, double g2) {
  return cubicInterpolate(x1, f1, g1, x2, f2, g2, std::min(x1, x2), std::max(x1, x2));
}

}  // namespace

WolfeResult strongWolfe(Oracle& oracle, Vec2 x, double t, Vec2 d, double f, Vec2 g, double gtd,
                        double toleranceChange, double c1, double c2, int maxLs,
                        std::vector<Vec2>* trialPoints) {
  const double dNorm = std::max(std::fabs(d.x), std::fabs(d.y));
  Probe next = probe(oracle, x, t, d, trialPoints);
  int evaluations = 1;
  double tPrev = 0.0, fPrev = f, gtdPrev = gtd;
  Vec2 gPrev = g;
  bool done = false;
  int lsIter = 0;
  double bracket[2] = {0.0, 0.0}, bracketF[2] = {0.0, 0.0}, bracketGtd[2] = {0.0, 0.0};
  Vec2 bracketG[2];
  int bracketSize = 0;
  const auto bracketPrevAndNext = [&] {
    bracket[0] = tPrev, bracket[1] = t, bracketF[0] = fPrev, bracketF[1] = next.value;
    bracketG[0] = gPrev, bracketG[1] = next.gradient;
    bracketGtd[0] = gtdPrev, bracketGtd[1] = next.slope, bracketSize = 2;
  };
  while (lsIter < maxLs) {
    if (next.value > f + c1 * t * gtd || (lsIter > 1 && next.value >= fPrev)) {
      bracketPrevAndNext();
      break;
    }
    if (std::fabs(next.slope) <= -c2 * gtd) {
      bracket[0] = t, bracketF[0] = next.value, bracketG[0] = next.gradient, bracketSize = 1;
      done = true;
      break;
    }
    if (next.slope >= 0.0) {
      bracketPrevAndNext();
      break;
    }
    const double minStep = t + 0.01 * (t - tPrev);
    const double maxStep = t * 10.0;
    const double previous = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, next.value, next.slope, minStep, maxStep);
    tPrev = previous, fPrev = next.value, gPrev = next.gradient, gtdPrev = next.slope;
    next = probe(oracle, x, t, d, trialPoints);
    ++evaluations;
    ++lsIter;
  }
  if (lsIter == maxLs) {
    // torch keeps bracket_gtd from before here; the zoom below does not run, so it is never read.
    bracket[0] = 0.0, bracket[1] = t, bracketF[0] = f, bracketF[1] = next.value;
    bracketG[0] = g, bracketG[1] = next.gradient, bracketSize = 2;
  }
  // torch's bracket_f[-1]: the last element, which is element 0 when the bracket holds one point.
  int lowPos = bracketF[0] <= bracketF[bracketSize - 1] ? 0 : 1;
  int highPos = 1 - lowPos;
  bool insufficientProgress = false;
  while (!done && lsIter < maxLs) {
    if (std::fabs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break;
    t = cubicBetween(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
    const double bracketMax = std::max(bracket[0], bracket[1]);
    const double bracketMin = std::min(bracket[0], bracket[1]);
    const double eps = 0.1 * (bracketMax - bracketMin);
    if (std::min(bracketMax - t, t - bracketMin) < eps) {
      if (insufficientProgress || t >= bracketMax || t <= bracketMin) {
        t = std::fabs(t - bracketMax) < std::fabs(t - bracketMin) ? bracketMax - eps : bracketMin + eps;
        insufficientProgress = false;
      } else {
        insufficientProgress = true;
      }
    } else {
      insufficientProgress = false;
    }
    next = probe(oracle, x, t, d, trialPoints);
    ++evaluations;
    ++lsIter;
    if (next.value > f + c1 * t * gtd || next.value >= bracketF[lowPos]) {
      bracket[highPos] = t, bracketF[highPos] = next.value, bracketG[highPos] = next.gradient;
      bracketGtd[highPos] = next.slope;
      lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
      highPos = 1 - lowPos;
    } else {
      if (std::fabs(next.slope) <= -c2 * gtd) {
        done = true;
      } else if (next.slope * (bracket[highPos] - bracket[lowPos]) >= 0.0) {
        bracket[highPos] = bracket[lowPos], bracketF[highPos] = bracketF[lowPos];
        bracketG[highPos] = bracketG[lowPos], bracketGtd[highPos] = bracketGtd[lowPos];
      }
      bracket[lowPos] = t, bracketF[lowPos] = next.value, bracketG[lowPos] = next.gradient;
      bracketGtd[lowPos] = next.slope;
    }
  }
  return {bracket[lowPos], bracketF[lowPos], bracketG[lowPos], evaluations};
}

}  // namespace gs::optim
