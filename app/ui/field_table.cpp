#include "field_table.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include "core/optim/program.hpp"

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

// How much slower an aimed slider moves with Shift held (its fine mode).
constexpr double kFineFactor = 0.1;

// The slider track's (invisible) format and the smallest value ImGui's log slider then tells apart from 0.
constexpr const char* kTrackFormat = "%.10f";
constexpr double kImGuiLogFloor = 1e-10;

// Ticks on the log slider just drawn at 1/L (grey) and at the stability limit (red).
void drawLrMarks(double low, double high, const LrMarks& marks) {
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  // Where ImGui's slider puts the grab's centre: 2 pixels in from the frame, half a grab from each end.
  constexpr float kGrabPadding = 2.0f;
  const float grab = ImGui::GetStyle().GrabMinSize;
  const float left = min.x + kGrabPadding + grab * 0.5f, width = max.x - min.x - 2.0f * kGrabPadding - grab;
  for (const auto& [value, colour] : {std::pair{marks.noOvershoot, IM_COL32(220, 220, 220, 230)},
                                      std::pair{marks.limit, IM_COL32(255, 90, 80, 255)}}) {
    if (!(value > low && value < high)) continue;
    // ImGui's log slider maps from max(low, 10^-precision) (see kTrackFormat), not low.
    const double floor = std::max(low, kImGuiLogFloor);
    const double t = std::clamp(std::log(value / floor) / std::log(high / floor), 0.0, 1.0);
    const float x = left + width * static_cast<float>(t);
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x - 1.0f, min.y), ImVec2(x + 1.0f, max.y), colour);
  }
}

}  // namespace

bool aimedSlider(const char* label, double& value, double low, double high, bool logarithmic,
                 const char* format, const LrMarks* marks) {
  const float full = ImGui::CalcItemWidth();
  const float spacing = ImGui::GetStyle().ItemInnerSpacing.x;
  const float box = std::min(ImGui::GetFontSize() * 4.5f, full * 0.45f);
  ImGui::PushID(label);
  const double before = value;
  ImGui::SetNextItemWidth(std::max(full - box - spacing, 1.0f));
  // The track shows no text, but its format must still carry ten decimals: ImGui's log slider treats
  // everything below 10^-decimals as its left end (with no format, 1e-3: every lr under 0.001 at the left).
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(0, 0, 0, 0));
  bool changed = ImGui::SliderScalar("##slider", ImGuiDataType_Double, &value, &low, &high, kTrackFormat,
                                     logarithmic ? ImGuiSliderFlags_Logarithmic : 0);
  ImGui::PopStyleColor();
  if (marks && logarithmic) drawLrMarks(low, high, *marks);
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsItemActive() && io.KeyShift) {
    // Fine mode: from the mouse's own movement, not its position on the track.
    const double fraction = static_cast<double>(io.MouseDelta.x) /
                            std::max(static_cast<double>(ImGui::GetItemRectSize().x), 1.0) * kFineFactor;
    value = logarithmic ? before * std::pow(high / low, fraction) : before + fraction * (high - low);
    value = std::clamp(value, low, high);
    changed = value != before;
  }
  if (ImGui::IsItemHovered() && !ImGui::IsItemActive()) {
    if (marks && logarithmic)
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
  if (ImGui::InputDouble("##value", &typed, 0.0, 0.0, format, ImGuiInputTextFlags_EnterReturnsTrue) &&
      std::isfinite(typed)) {
    value = typed;  // the caller decides whether it is in range; a slider's range is only its track
    changed = true;
  }
  // "##name" hides the label (drawn above the widget when it would not fit beside it).
  const char* shown = ImGui::FindRenderedTextEnd(label);
  if (shown != label) {
    ImGui::SameLine(0.0f, spacing);
    ImGui::TextUnformatted(label, shown);
  }
  ImGui::PopID();
  return changed;
}

namespace {

// Draws one widget for `value`; true when the user changed it. A name too long to fit beside its widget
// (Adagrad's "initial_accumulator_value" in a narrow column) goes on its own line above it, whole.
bool drawField(const ParamWidget& shownField, double& value, const LrMarks* marks) {
  ParamWidget field = shownField;
  const float beside = ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(field.label.c_str()).x;
  if (field.widget != WidgetKind::Checkbox &&
      ImGui::CalcItemWidth() + beside > ImGui::GetContentRegionAvail().x + 0.5f) {
    ImGui::TextUnformatted(field.label.c_str());
    field.label = "##" + field.label;
    ImGui::SetNextItemWidth(-FLT_MIN);  // the whole line: the name is above
  }
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
      return aimedSlider(field.label.c_str(), value, field.low, field.high,
                         field.widget == WidgetKind::LogSlider, "%.4g", marks);
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
  RunSettings settings = run.settings();
  if (auto fresh = Optimizer::create(run.optimizer().name())) settings.params = fresh->paramValues();
  if (const ProgramRun* program = run.optimizer().programRun())  // a program's defaults are its declarations
    settings.params = Optimizer::fromProgram(program->program()).paramValues();
  settings.schedule = Schedule{};
  return settings;
}

}  // namespace gs
