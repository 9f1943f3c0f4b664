// Axis ticks: "nice" values (1, 2 or 5 times a power of ten) and their labels.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/math/vec2.hpp"
#include "view/view2d.hpp"

namespace gs {

struct Ticks {
  double step = 0.0;
  std::vector<double> values;  // ascending, all within [low, high]
};

// About `targetCount` ticks over [low, high] (targetCount >= 2). Empty when the range is not finite
// or not positive.
Ticks chooseTicks(double low, double high, int targetCount);

// The largest of 1, 2 or 5 times a power of ten that is at most `value` (0.37 -> 0.2, 60 -> 50), so a
// scale stated on the view reads at a glance; 0 for a value that is not finite and positive.
double niceAtMost(double value);

// The 2D view's axes are ticked about once per 70 pixels, or per 3.5 heights of their labels' text where
// that is more (presentation mode on a large window, a UI scale above 1): larger text spreads its ticks out
// as much.
int axisTickCount(int pixels, double textPixels);
// The 2D view's y axis: its ticks over what `view` shows in `viewport` with labels `textPixels` high, and the
// width of the band on the view's left edge that holds their labels (the widest label and 10 pixels).
// Notes on the view's left edge (the run legend) are laid out right of the band, so no label is hidden.
Ticks yAxisTicks(const View2D& view, const PixelRect& viewport, double textPixels);
double yAxisBandWidth(const Ticks& yTicks, const std::function<double(std::string_view)>& textWidth);

// A label for `value` with just enough decimals to tell ticks `step` apart ("0.5", "-2", "1e-06").
std::string formatTick(double value, double step);

// The 3D view's f axis: its tick values over [min, max] and their labels. On a log-scaled height
// (t = log((f - min + floor) / floor), see ValueNormalizer) linear ticks crowd at the top, so there
// the ticks are min and min + each power of ten above `floor`, evenly spaced up the axis; on a linear
// height, nice ticks, as many as `screenLength` pixels hold at `labelSpacing` pixels apart.
struct AxisTicks {
  std::vector<double> values;  // ascending
  std::vector<std::string> labels;
};
AxisTicks fAxisTicks(double min, double max, bool logScale, double floor, double screenLength,
                     double labelSpacing);

// A tick label's box on screen (its text is drawn centred on `center`).
struct LabelBox {
  Vec2 center;
  double halfWidth = 0.0, halfHeight = 0.0;
};
bool boxesMeet(const LabelBox& a, const LabelBox& b, double gap);

// An axis's tick labels placed beside their ticks: `pixelOf(value)` is a tick's pixel (nullopt: behind
// the camera), labels go `away` from the point `away` (outward from the surface), at `textPixels` high.
// A label whose box would meet (within 3 pixels) one placed before it, or one of `taken` (the labels of
// the axes placed before this one), is left out, so labels on a foreshortened or log-scaled axis, or
// where two axes' ends meet on the screen, never overlap: the first tick, then each later one in turn.
struct PlacedTick {
  double value = 0.0;
  std::string label;
  Vec2 tick;      // the tick's pixel on the axis
  Vec2 outward;   // unit vector from the axis toward the label
  LabelBox box;   // where the label goes
  Vec2 baseline;  // where its text is drawn (centre-aligned)
};
std::vector<PlacedTick> placeTickLabels(const std::vector<double>& values,
                                        const std::vector<std::string>& labels,
                                        const std::function<std::optional<Vec2>(double)>& pixelOf, Vec2 away,
                                        double textPixels,
                                        const std::function<double(std::string_view)>& textWidth,
                                        const std::vector<LabelBox>& taken = {});

}  // namespace gs
