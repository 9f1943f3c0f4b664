// Playback: play/pause, step, step back, restart, a timeline to scrub (runs are deterministic, so any
// step is recomputed by Runner::seek), speed on a log scale and the maximum step.
#include <imgui.h>

#include <algorithm>
#include <cstdint>

#include "field_table.hpp"
#include "panel_common.hpp"
#include "playback.hpp"

namespace gs {
namespace {

void tooltip(const char* text) {
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
}

void drawButtons(Model& model) {
  Playback& playback = model.playback;
  if (ImGui::Button("Restart")) restart(model);
  tooltip("Every run back to step 0 at the start point, with the settings its panel shows (R)");
  ImGui::SameLine();
  if (ImGui::Button("< Back")) stepBack(model);
  tooltip("One step back (Left arrow)");
  ImGui::SameLine();
  if (ImGui::Button(playback.playing ? "Pause" : "Play", ImVec2(ImGui::GetFontSize() * 4.0f, 0.0f)))
    playback.playing = !playback.playing;
  tooltip("Play or pause (Space)");
  ImGui::SameLine();
  if (ImGui::Button("Step >")) stepForward(model);
  tooltip("One step forward (Right arrow)");
  ImGui::SameLine();
  ImGui::Text("step %lld / %lld", static_cast<long long>(model.runner.currentStep()),
              static_cast<long long>(playback.maxSteps));
  // Play does nothing at the limit; say why rather than leave the button looking broken.
  if (model.runner.currentStep() >= playback.maxSteps) {
    ImGui::SameLine();
    ImGui::TextDisabled("(max reached: raise max steps)");
  }
}

// Where runs split (forks, a diamond) and where edits were applied from a step (a tick), in the run's
// colour, over the timeline slider just drawn.
void drawTimelineMarks(const Model& model, std::int64_t high) {
  if (high <= 0) return;
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  const float grab = ImGui::GetStyle().GrabMinSize, pad = ImGui::GetStyle().FramePadding.x;
  const float left = min.x + pad + grab * 0.5f, width = max.x - min.x - 2.0f * pad - grab;
  ImDrawList* list = ImGui::GetWindowDrawList();
  auto xOf = [&](std::int64_t step) {
    return left + width * static_cast<float>(static_cast<double>(step) / static_cast<double>(high));
  };
  for (const Run& run : model.runner.runs()) {
    const ImU32 color = toImColor(run.look().color);
    for (std::int64_t step : run.editSteps()) {
      const float x = xOf(step);
      list->AddRectFilled(ImVec2(x - 1.5f, min.y), ImVec2(x + 1.5f, min.y + (max.y - min.y) * 0.35f), color);
    }
    if (run.forkStep() > 0) {
      const float x = xOf(run.forkStep()), y = max.y - 4.0f, r = 4.0f;
      list->AddQuadFilled(ImVec2(x, y - r), ImVec2(x + r, y), ImVec2(x, y + r), ImVec2(x - r, y), color);
    }
  }
}

void drawTimeline(Model& model) {
  std::int64_t step = model.runner.currentStep();
  const std::int64_t low = 0, high = std::max(model.playback.maxSteps, step);
  ImGui::SetNextItemWidth(-1.0f);
  if (ImGui::SliderScalar("##timeline", ImGuiDataType_S64, &step, &low, &high, "step %lld")) {
    model.playback.playing = false;
    seekTo(model, std::clamp(step, low, high));
  }
  tooltip(
      "Drag to scrub: earlier steps are recomputed exactly. Ticks: edits made from a step; "
      "diamonds: forks.");
  drawTimelineMarks(model, high);
}

void drawSpeed(Model& model) {
  Playback& playback = model.playback;
  static constexpr double kSpeedRange[2] = {1.0, 5000.0};
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.45f);
  aimedSlider("steps/s", playback.stepsPerSecond, kSpeedRange[0], kSpeedRange[1], true, "%.0f");
  playback.stepsPerSecond = std::clamp(playback.stepsPerSecond, kSpeedRange[0], kSpeedRange[1]);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
  std::int64_t maxSteps = playback.maxSteps;
  const std::int64_t stepBy = 100;
  if (ImGui::InputScalar("max steps", ImGuiDataType_S64, &maxSteps, &stepBy, &stepBy, "%lld"))
    playback.maxSteps = std::clamp<std::int64_t>(maxSteps, 1, 10'000'000);
  tooltip("Playback stops at this step");
}

}  // namespace

void drawPlaybackPanel(Model& model, UiState& ui, bool* open) {
  (void)ui;
  if (ImGui::Begin("Playback", open, kPanelFlags)) {
    drawButtons(model);
    drawTimeline(model);
    drawSpeed(model);
  }
  ImGui::End();
}

}  // namespace gs
