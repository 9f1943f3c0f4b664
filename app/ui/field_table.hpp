// The generic hyperparameter editor. Every optimizer's controls come from its ParamInfo table, so one
// function draws all of them: which widget, over which range, with which tooltip is decided here, as data.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/optim/optimizer.hpp"
#include "core/runner.hpp"

namespace gs {

enum class WidgetKind { LogSlider, LinearSlider, Checkbox, Combo, Integer };

struct Field {
  std::size_t index = 0;  // into Optimizer::params()
  std::string label;
  WidgetKind widget = WidgetKind::LinearSlider;
  double low = 0.0, high = 1.0;  // slider range: finite, low < high, and low > 0 on log sliders
  std::string tooltip;
  std::vector<std::string> choices;
};

// The widget for one parameter. Learning rates and epsilons get logarithmic sliders (their useful values
// span decades); an unbounded range is cut to a slider range around the default (Ctrl+click types any
// value setParam accepts).
Field fieldFor(const ParamInfo& info, std::size_t index);
std::vector<Field> fieldTable(const Optimizer& optimizer);

// Draws every hyperparameter of `run`; a change goes through setParam, then run.commitParams().
// Returns true if anything changed.
bool drawOptimizerFields(Run& run);
// Schedule kind and its parameters, plus warm-up; commits like drawOptimizerFields.
bool drawScheduleFields(Run& run);
// Restores the optimizer's default hyperparameters and a constant schedule, from the next step on.
void restoreDefaults(Run& run);

}  // namespace gs
