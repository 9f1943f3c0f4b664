// Optimizers panel: add and remove runs; per run enable, colour, name, every hyperparameter (field table),
// schedule, minibatch size on data surfaces, reset to defaults, fork.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "field_table.hpp"
#include "panel_common.hpp"
#include "tune_runs.hpp"

namespace gs {
namespace {

void drawAddRun(Model& model, UiState& ui) {
  const auto& names = Optimizer::names();
  if (names.empty()) return;
  ui.addOptimizerIndex = std::clamp(ui.addOptimizerIndex, 0, static_cast<int>(names.size()) - 1);
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
  if (ImGui::BeginCombo("##add", names[ui.addOptimizerIndex].c_str(), ImGuiComboFlags_HeightLarge)) {
    for (int i = 0; i < static_cast<int>(names.size()); ++i)
      if (ImGui::Selectable(names[i].c_str(), i == ui.addOptimizerIndex)) ui.addOptimizerIndex = i;
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ImGui::Button("Add run")) {
    const std::string& name = names[ui.addOptimizerIndex];
    if (auto optimizer = Optimizer::create(name))
      addRun(model, RunSpec{name, std::move(*optimizer), Schedule{}, 0, 1});
  }
}

bool drawBatchSize(const Model& model, RunSettings& settings) {
  const int dataSize = model.runner.surface().evaluator->dataSize();
  if (dataSize <= 0) return false;
  int batch = settings.batchSize;
  if (batch <= 0 || batch > dataSize) batch = dataSize;
  ImGui::SliderInt("batch size", &batch, 1, dataSize, "%d", ImGuiSliderFlags_Logarithmic);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Examples per gradient estimate; N is the exact full-batch gradient. Noise shrinks "
        "like 1/sqrt(batch size). Like any setting, a change recomputes the path from the start, or "
        "applies from the current step with Edits from here.");
  if (!ImGui::IsItemEdited()) return false;
  settings.batchSize = std::clamp(batch, 1, dataSize) == dataSize ? 0 : batch;
  return true;
}

// Tune: this run's lr searched in the background, then applied (ui/tune_runs.hpp).
void drawTune(Model& model, UiState& ui, std::size_t index) {
  const Run& run = model.runner.run(index);
  if (TuneJob* job = tuneJobFor(ui.tune, run.id())) {
    ImGui::ProgressBar(static_cast<float>(job->progress.load()), ImVec2(ImGui::GetFontSize() * 10.0f, 0.0f),
                       ("tuning " + job->axis).c_str());
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) job->cancel = true;
  } else {
    ImGui::SameLine();
    if (ImGui::Button("Tune")) {
      std::string problem = startTune(model, ui.tune, index);
      if (!problem.empty()) ui.tune.outcomes.emplace_back(run.id(), "cannot tune: " + problem);
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(
          "Search this run's learning rate (log scale) for the smallest mean f - f* after %lld steps "
          "from %d start(s), as `gradscape tune` does, and apply it.",
          static_cast<long long>(tuneSteps(model)), ui.tune.starts);
  }
  const std::string outcome = tuneOutcome(ui.tune, run.id());
  if (!outcome.empty()) hintText(outcome);
}

void drawTuneAll(Model& model, UiState& ui) {
  const bool running = !ui.tune.jobs.empty();
  if (running) {
    if (ImGui::Button("Cancel tuning"))
      for (auto& job : ui.tune.jobs) job->cancel = true;
  } else if (ImGui::Button("Tune all")) {
    for (std::size_t i = 0; i < model.runner.size(); ++i) {
      std::string problem = startTune(model, ui.tune, i);
      if (!problem.empty())
        ui.tune.outcomes.emplace_back(model.runner.run(i).id(), "cannot tune: " + problem);
    }
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "A fair race: every run's learning rate searched for the smallest mean f - f* after %lld steps "
        "(the current step) from the starts below, then all applied at once.",
        static_cast<long long>(tuneSteps(model)));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.0f);
  ImGui::SliderInt("tune starts", &ui.tune.starts, 1, 64, "%d", ImGuiSliderFlags_AlwaysClamp);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Starts each learning rate is tried from: the scene's start, then points spread over the domain.");
}

enum class RunCommand { None, Fork, Remove };

RunCommand drawRun(Model& model, UiState& ui, std::size_t index) {
  Run& run = model.runner.run(index);
  RunLook& look = run.look();
  ImGui::PushID(static_cast<int>(index));
  ImGui::Checkbox("##enabled", &look.enabled);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show this run (key %zu)", index + 1);
  ImGui::SameLine();
  ImGui::ColorEdit3("##color", look.color.data(), ImGuiColorEditFlags_NoInputs);
  ImGui::SameLine();
  const std::string header = run.label() + "###run";
  const bool expanded = ImGui::TreeNodeEx(header.c_str(), index == 0 ? ImGuiTreeNodeFlags_DefaultOpen : 0);
  RunCommand command = RunCommand::None;
  if (expanded) {
    std::string label = run.namedByUser() ? run.label() : std::string();
    if (ImGui::InputTextWithHint("name", run.label().c_str(), &label)) renameRun(model, index, label);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Type a name; empty, the name follows the hyperparameters.");
    hintText(run.optimizer().title() + " - " + run.optimizer().convention());
    RunSettings settings = run.settings();
    const auto marks = lrMarks(model, index);
    bool changed = drawOptimizerFields(run.optimizer(), settings, marks ? &*marks : nullptr);
    changed |= drawScheduleFields(settings);
    changed |= drawBatchSize(model, settings);
    if (ImGui::Button("Reset")) {
      settings = defaultSettings(run);
      changed = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Restore the default hyperparameters.");
    if (changed) editRun(model, index, settings, ui.editFromHere ? EditFrom::CurrentStep : EditFrom::Start);
    ImGui::SameLine();
    if (ImGui::Button("Fork")) command = RunCommand::Fork;
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Copy this run at the current step; change the copy's settings to see what if.");
    ImGui::SameLine();
    if (ImGui::Button("Remove")) command = RunCommand::Remove;
    drawTune(model, ui, index);
    ImGui::TreePop();
  }
  ImGui::PopID();
  return command;
}

void drawRunsTab(Model& model, UiState& ui) {
  drawAddRun(model, ui);
  drawTuneAll(model, ui);
  ImGui::Checkbox("Edits from here", &ui.editFromHere);
  helpMarker(
      "Off (what-if): a changed setting recomputes the run's whole path from its start, as if it had "
      "always had it. On: the change applies from the current step, the path so far stays, and the "
      "timeline marks the step. Restart clears such changes; Fork keeps them.");
  ImGui::Separator();
  // Forks and removals change the run list, so they wait until the loop is done.
  std::optional<std::size_t> fork, remove;
  for (std::size_t i = 0; i < model.runner.size(); ++i) {
    const RunCommand command = drawRun(model, ui, i);
    if (command == RunCommand::Fork) fork = i;
    if (command == RunCommand::Remove) remove = i;
  }
  if (fork) ui.selectedRun = static_cast<int>(forkRun(model, *fork));
  if (remove) removeRun(model, *remove);
  if (model.runner.size() == 0) hintText("No runs. Pick an optimizer above and press Add run.");
}

}  // namespace

void drawOptimizersPanel(Model& model, UiState& ui, bool* open) {
  if (ImGui::Begin("Optimizers", open, kPanelFlags)) {
    // Leave room for the longest parameter names ("weight_decay", "warm-up steps") beside the widgets.
    ImGui::PushItemWidth(-ImGui::GetFontSize() * 7.5f);
    if (ImGui::BeginTabBar("##optimizerTabs")) {
      if (ImGui::BeginTabItem("Runs")) {
        drawRunsTab(model, ui);
        ImGui::EndTabItem();
      }
      const bool select = std::exchange(ui.programEditor.selectTab, false);
      if (ImGui::BeginTabItem("Program", nullptr, select ? ImGuiTabItemFlags_SetSelected : 0)) {
        drawOptimizerEditor(model, ui);
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
    ImGui::PopItemWidth();
  }
  ImGui::End();
}

}  // namespace gs
