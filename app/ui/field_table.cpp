#include "field_table.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

namespace gs {
namespace {

// Beyond this an upper bound is "unbounded" for a slider's purposes.
constexpr double kLargestSliderBound = 1e6;

bool wantsLogScale(const ParamInfo& info) { return info.logScale || info.name == "lr" || info.name == "eps"; }

double sliderHigh(const ParamInfo& info) {
  if (std::isfinite(info.max) && info.max <= kLargestSliderBound) return info.max;
  return std::max(std::fabs(info.defaultValue) * 100.0, 1.0);
}

double sliderLow(const ParamInfo& info, double high, bool log) {
  if (log) {
    if (info.min > 0.0) return info.min;
    const double belowDefault = info.defaultValue > 0.0 ? info.defaultValue / 1000.0 : high;
    return std::min(belowDefault, high * 1e-6);
  }
  return std::isfinite(info.min) && info.min >= -kLargestSliderBound ? info.min : -high;
}

void tooltipFor(const std::string& text) {
  if (!text.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
}

// A slider that can be aimed: the track carries no text (its handle can cover nothing), the value is in a
// box beside it where it can be typed, and Shift while dragging moves it kFineFactor times slower. On a
// log slider a drag moves the value by the same factor per pixel anywhere along the track.
constexpr double kFineFactor = 0.1;

constexpr double kImGuiLogFloor = 1e-3;

// Ticks on the log slider just drawn at 1/L (grey) and at the stability limit (red).
void drawLrMarks(const ParamWidget& field, const LrMarks& marks) {
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  // Where ImGui's slider puts the grab's centre: 2 pixels in from the frame, half a grab from each end.
  constexpr float kGrabPadding = 2.0f;
  const float grab = ImGui::GetStyle().GrabMinSize;
  const float left = min.x + kGrabPadding + grab * 0.5f, width = max.x - min.x - 2.0f * kGrabPadding - grab;
  for (const auto& [value, colour] : {std::pair{marks.noOvershoot, IM_COL32(220, 220, 220, 230)},
                                      std::pair{marks.limit, IM_COL32(255, 90, 80, 255)}}) {
    if (!(value > field.low && value < field.high)) continue;
    // ImGui's log slider maps from max(low, 10^-precision) (1e-3 for this format-less slider), not low.
    const double low = std::max(field.low, kImGuiLogFloor);
    const double t = std::clamp(std::log(value / low) / std::log(field.high / low), 0.0, 1.0);
    const float x = left + width * static_cast<float>(t);
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x - 1.0f, min.y), ImVec2(x + 1.0f, max.y), colour);
  }
}

bool drawSlider(const ParamWidget& field, double& value, const LrMarks* marks) {
  const bool log = field.widget == WidgetKind::LogSlider;
  const float full = ImGui::CalcItemWidth();
  const float spacing = ImGui::GetStyle().ItemInnerSpacing.x;
  const float box = std::min(ImGui::GetFontSize() * 4.5f, full * 0.45f);
  ImGui::PushID(field.label.c_str());
  const double before = value;
  ImGui::SetNextItemWidth(std::max(full - box - spacing, 1.0f));
  bool changed = ImGui::SliderScalar("##slider", ImGuiDataType_Double, &value, &field.low, &field.high, "",
                                     log ? ImGuiSliderFlags_Logarithmic : 0);
  if (marks && log) drawLrMarks(field, *marks);
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsItemActive() && io.KeyShift) {
    // Fine mode: from the mouse's own movement, not its position on the track.
    const double fraction = static_cast<double>(io.MouseDelta.x) /
                            std::max(static_cast<double>(ImGui::GetItemRectSize().x), 1.0) * kFineFactor;
    value = log ? before * std::pow(field.high / field.low, fraction)
                : before + fraction * (field.high - field.low);
    value = std::clamp(value, field.low, field.high);
    changed = value != before;
  }
  if (ImGui::IsItemHovered() && !ImGui::IsItemActive()) {
    if (marks && log)
      ImGui::SetTooltip(
          "Drag; hold Shift to aim (10x finer). Type any value in the box beside it.\n"
          "Marks from the local quadratic model at the run's point (L = %.3g): grey 1/L = %.3g "
          "(no overshoot below), red %.3g (stable below).",
          marks->largest, marks->noOvershoot, marks->limit);
    else
      ImGui::SetTooltip("Drag; hold Shift to aim (10x finer). Type any value in the box beside it.");
  }
  ImGui::SameLine(0.0f, spacing);
  ImGui::SetNextItemWidth(box);
  double typed = value;
  if (ImGui::InputDouble("##value", &typed, 0.0, 0.0, "%.4g", ImGuiInputTextFlags_EnterReturnsTrue) &&
      std::isfinite(typed)) {
    value = typed;  // setParam decides whether it is in range; a slider's range is only its track
    changed = true;
  }
  ImGui::SameLine(0.0f, spacing);
  ImGui::TextUnformatted(field.label.c_str());
  ImGui::PopID();
  return changed;
}

// Draws one widget for `value`; true when the user changed it.
bool drawField(const ParamWidget& field, double& value, const LrMarks* marks) {
  switch (field.widget) {
    case WidgetKind::Checkbox: {
      bool on = value != 0.0;
      if (!ImGui::Checkbox(field.label.c_str(), &on)) return false;
      value = on ? 1.0 : 0.0;
      return true;
    }
    case WidgetKind::Combo: {
      int selected = static_cast<int>(value);
      const char* preview = selected >= 0 && selected < static_cast<int>(field.choices.size())
                                ? field.choices[selected].c_str()
                                : "?";
      bool changed = false;
      if (ImGui::BeginCombo(field.label.c_str(), preview)) {
        for (int i = 0; i < static_cast<int>(field.choices.size()); ++i)
          if (ImGui::Selectable(field.choices[i].c_str(), i == selected)) selected = i, changed = true;
        ImGui::EndCombo();
      }
      if (changed) value = selected;
      return changed;
    }
    case WidgetKind::Integer: {
      int integer = static_cast<int>(value);
      if (!ImGui::InputInt(field.label.c_str(), &integer)) return false;
      value = std::clamp(static_cast<double>(integer), field.low, field.high);
      return true;
    }
    case WidgetKind::LogSlider:
    case WidgetKind::LinearSlider:
      return drawSlider(field, value, marks);
  }
  return false;
}

}  // namespace

ParamWidget fieldFor(const ParamInfo& info, std::size_t index) {
  ParamWidget field;
  field.index = index;
  field.label = info.name;
  field.tooltip = info.tooltip;
  field.choices = info.choices;
  switch (info.type) {
    case ParamType::Bool:
      field.widget = WidgetKind::Checkbox;
      field.low = 0.0, field.high = 1.0;
      return field;
    case ParamType::Choice:
      field.widget = WidgetKind::Combo;
      field.low = 0.0, field.high = std::max<double>(static_cast<double>(info.choices.size()) - 1.0, 0.0);
      return field;
    case ParamType::Integer:
      field.widget = WidgetKind::Integer;
      field.high = sliderHigh(info);
      field.low = sliderLow(info, field.high, false);
      return field;
    case ParamType::Real:
      break;
  }
  const double high = sliderHigh(info);
  const bool log = wantsLogScale(info) && high > 0.0;
  field.widget = log ? WidgetKind::LogSlider : WidgetKind::LinearSlider;
  field.high = high;
  field.low = sliderLow(info, high, log);
  if (!(field.low < field.high)) field.low = log ? field.high * 1e-6 : field.high - 1.0;
  return field;
}

std::vector<ParamWidget> fieldTable(const Optimizer& optimizer) {
  std::vector<ParamWidget> fields;
  const auto& params = optimizer.params();
  fields.reserve(params.size());
  for (std::size_t i = 0; i < params.size(); ++i) fields.push_back(fieldFor(params[i], i));
  return fields;
}

bool drawOptimizerFields(const Optimizer& optimizer, RunSettings& settings, const LrMarks* marks) {
  Optimizer edited = optimizer;
  edited.setParamValues(settings.params);
  bool changed = false;
  for (const ParamWidget& field : fieldTable(edited)) {
    double value = edited.param(field.index);
    // A setting the optimizer would refuse with the others as they are (torch.optim.SGD: Nesterov momentum
    // requires a momentum and zero dampening) is not offered: a box that is off stays disabled, and its
    // tooltip says why.
    std::optional<std::string> refusal;
    if (field.widget == WidgetKind::Checkbox && value == 0.0) {
      Optimizer tried = edited;
      if (tried.setParam(field.index, 1.0)) refusal = tried.settingsError();
    }
    if (refusal) ImGui::BeginDisabled();
    const LrMarks* lrMarks = field.label == "lr" ? marks : nullptr;
    if (lrMarks)
      if (const std::string warning = overshootWarning(*lrMarks, value); !warning.empty())
        ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", warning.c_str());
    const bool changedHere = drawField(field, value, lrMarks);
    if (refusal) {
      ImGui::EndDisabled();
      if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", refusal->c_str());
      continue;
    }
    tooltipFor(field.tooltip);
    // setParam refuses out-of-range values (typed with Ctrl+click), and a change the optimizer would
    // refuse with the others (momentum to 0 while Nesterov is on) is not applied: the old value stays.
    if (!changedHere || !std::isfinite(value)) continue;
    Optimizer tried = edited;
    if (tried.setParam(field.index, value) && !tried.settingsError()) {
      edited = std::move(tried);
      changed = true;
    }
  }
  if (changed) settings.params = edited.paramValues();
  return changed;
}

RunSettings defaultSettings(const Run& run) {
  RunSettings settings = settingsOf(run);
  if (auto fresh = Optimizer::create(run.optimizer().name())) settings.params = fresh->paramValues();
  settings.schedule = Schedule{};
  return settings;
}

}  // namespace gs
