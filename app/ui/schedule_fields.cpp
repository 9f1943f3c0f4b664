// The schedule editor, as a field table over Schedule's members: {kind, label, pointer, range, tooltip}.
#include <imgui.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <variant>

#include "field_table.hpp"

namespace gs {
namespace {

struct ScheduleField {
  std::optional<Schedule::Kind> kind;  // shown only for this kind; nullopt: for every kind
  const char* label;
  std::variant<double*, std::int64_t*> target;
  double low, high;
  const char* tooltip;
};

std::vector<ScheduleField> scheduleFields(Schedule& s) {
  using K = Schedule::Kind;
  return {
      {K::Step, "step size", &s.stepSize, 1, 10000, "lr is multiplied by gamma every this many steps."},
      {K::Step, "gamma", &s.gamma, 0.01, 1, "Factor applied to lr at each step boundary."},
      {K::Linear, "tau", &s.tau, 1, 100000, "Steps over which lr decays linearly to its final fraction."},
      {K::Linear, "final fraction", &s.finalFraction, 0, 1,
       "lr after tau steps, as a fraction of the initial lr."},
      {K::InverseTime, "decay", &s.decay, 0, 1, "lr_t = lr / (1 + decay * t)."},
      {K::Cosine, "total steps", &s.totalSteps, 1, 100000,
       "Length of the half cosine from lr to its minimum."},
      {K::Cosine, "min fraction", &s.minFraction, 0, 1, "Smallest lr, as a fraction of the initial lr."},
      {std::nullopt, "warm-up steps", &s.warmupSteps, 0, 10000,
       "lr ramps up linearly over these first steps, then the schedule starts."},
  };
}

bool drawScheduleField(const ScheduleField& field) {
  bool changed = false;
  if (auto* real = std::get_if<double*>(&field.target)) {
    // As the hyperparameters' sliders: Shift aims 10x finer, the box beside it takes a typed value.
    double value = **real;
    changed = aimedSlider(field.label, value, field.low, field.high, false, "%.4g");
    **real = std::clamp(value, field.low, field.high);
  } else {
    std::int64_t* integer = std::get<std::int64_t*>(field.target);
    const auto low = static_cast<std::int64_t>(field.low), high = static_cast<std::int64_t>(field.high);
    changed = ImGui::SliderScalar(field.label, ImGuiDataType_S64, integer, &low, &high, "%lld",
                                  ImGuiSliderFlags_Logarithmic);
    *integer = std::clamp(*integer, low, high);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", field.tooltip);
  return changed;
}

}  // namespace

bool drawScheduleFields(RunSettings& settings) {
  static constexpr const char* kKindNames[] = {"constant", "step decay", "linear decay", "1/t", "cosine"};
  Schedule& schedule = settings.schedule;
  int kind = static_cast<int>(schedule.kind);
  bool changed = ImGui::Combo("schedule", &kind, kKindNames, IM_ARRAYSIZE(kKindNames));
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("How lr changes with the step (multiplies the optimizer's lr).");
  if (changed) schedule.kind = static_cast<Schedule::Kind>(kind);
  for (const ScheduleField& field : scheduleFields(schedule))
    if (!field.kind || *field.kind == schedule.kind) changed |= drawScheduleField(field);
  return changed;
}

}  // namespace gs
