// The generic hyperparameter editor. Every optimizer's controls come from its ParamInfo table, so one
// function draws all of them: which widget, over which range, with which tooltip is decided here, as data.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/optim/optimizer.hpp"
#include "core/runner.hpp"
#include "model.hpp"
#include "ui/lr_theory.hpp"

namespace gs {

enum class WidgetKind { LogSlider, LinearSlider, Checkbox, Combo, Integer };

struct ParamWidget {
  std::size_t index = 0;  // into Optimizer::params()
  std::string label;
  WidgetKind widget = WidgetKind::LinearSlider;
  double low = 0.0, high = 1.0;  // slider range: finite, low < high, and low > 0 on log sliders
  std::string tooltip;
  std::vector<std::string> choices;
};

// The widget for one parameter. Learning rates and epsilons get logarithmic sliders (their useful values
// span decades), with a fine mode (Shift) and a box beside the track to type any value setParam accepts;
// an unbounded range is cut to a slider range around the default.
ParamWidget fieldFor(const ParamInfo& info, std::size_t index);
std::vector<ParamWidget> fieldTable(const Optimizer& optimizer);

// A slider that can be aimed: the track carries no text (its handle covers nothing), the value is in a
// box beside it where any value can be typed (the caller checks its range), and Shift while dragging moves
// it ten times slower. On a logarithmic slider (low > 0) a drag moves the value by the same factor per
// pixel anywhere along the track. A label starting with "##" is not shown. True when the value changed.
// `marks` (a log slider only): ticks at the quadratic model's 1/L and stability limit.
bool aimedSlider(const char* label, double& value, double low, double high, bool logarithmic,
                 const char* format = "%.4g", const LrMarks* marks = nullptr);

// Draws every hyperparameter of `optimizer` with the values in `settings` and writes the user's changes
// there (only values the optimizer's setParam accepts). True if anything changed; the caller then hands
// `settings` to editRun, the one call that changes a run.
// `marks`: the quadratic model's 1/L and stability limit, drawn on the lr slider with a warning above it.
bool drawOptimizerFields(const Optimizer& optimizer, RunSettings& settings, const LrMarks* marks = nullptr);
// Schedule kind and its parameters, plus warm-up, edited in `settings.schedule`.
bool drawScheduleFields(RunSettings& settings);
// The optimizer's default hyperparameters and a constant schedule (the batch size stays).
RunSettings defaultSettings(const Run& run);

}  // namespace gs
