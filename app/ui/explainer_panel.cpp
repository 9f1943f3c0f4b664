// The Teach panel: the step-by-step explainer (one sub-step of the selected run's last update at a time,
// its formula with the live numbers; its glyph is drawn in both views by render/explainer_glyphs) and the
// scenes section.
#include "ui/explainer_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/optim/explain.hpp"
#include "core/optim/program.hpp"
#include "format.hpp"
#include "optimizer_editor.hpp"
#include "panel_common.hpp"
#include "playback.hpp"
#include "presentation.hpp"
#include "scene_panel.hpp"
#include "style.hpp"
#include "view/view2d.hpp"
#include "view/view_actions.hpp"

namespace gs {
namespace {

constexpr ImU32 kGlyphColor = IM_COL32(255, 214, 10, 255);  // bright yellow: no colormap uses it
std::vector<ExplainStep> selectedSteps(const Model& model, const UiState& ui) {
  if (model.runner.size() == 0) return {};
  const std::size_t run = static_cast<std::size_t>(std::max(ui.selectedRun, 0));
  if (run >= model.runner.size()) return {};
  return explainLastStep(model.runner.run(run).optimizer());
}

// A program's sub-steps are its statements, after the gradient (ProgramRun::explain): the vector a line
// computes can be kept on the views, drawn at the ball, from here (the Program tab sets its scale).
void drawValueGlyphButton(Model& model, std::size_t run, int subStep) {
  const ProgramRun* program = model.runner.run(run).optimizer().programRun();
  if (!program || subStep < 1) return;
  const std::vector<Program::Statement>& statements = program->program().statements();
  if (static_cast<std::size_t>(subStep) > statements.size()) return;
  const std::string& target = statements[static_cast<std::size_t>(subStep - 1)].target;
  const std::vector<std::string> names = program->program().vectorNames();
  if (std::find(names.begin(), names.end(), target) == names.end()) return;
  if (model.runner.run(run).look().glyphName == target) {
    hintText(target + " is drawn at the ball (its scale: Optimizers, Program tab).");
    return;
  }
  if (ImGui::Button(("Keep " + target + " drawn at the ball").c_str())) chooseValueGlyph(model, run, target);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Draws %s as a ticked arrow at the run's ball at every step, in both views and in "
        "exports (the Program tab of the Optimizers panel sets its scale or removes it).",
        target.c_str());
}

}  // namespace

int explainerSubStepCount(const Model& model, const UiState& ui) {
  return static_cast<int>(selectedSteps(model, ui).size());
}

void syncExplainer(const Model& model, UiState& ui) {
  const int runs = static_cast<int>(model.runner.size());
  ui.selectedRun = runs == 0 ? 0 : std::clamp(ui.selectedRun, 0, runs - 1);
  if (runs == 0) {
    ui.explainSubStep = 0;
    return;
  }
  const std::int64_t step = model.runner.run(static_cast<std::size_t>(ui.selectedRun)).step();
  if (step != ui.explainForStep) {
    ui.explainForStep = step;
    ui.explainSubStep = 0;
  }
  const int count = explainerSubStepCount(model, ui);
  ui.explainSubStep = std::clamp(ui.explainSubStep, 0, std::max(count - 1, 0));
}

void explainerPrevious(Model& model, UiState& ui) {
  syncExplainer(model, ui);
  ui.explainSubStep = std::max(ui.explainSubStep - 1, 0);
}

void explainerNext(Model& model, UiState& ui) {
  syncExplainer(model, ui);
  if (ui.explainSubStep + 1 < explainerSubStepCount(model, ui)) {
    ++ui.explainSubStep;
    return;
  }
  if (model.runner.size() == 0) return;
  stepForward(model);  // past the last sub-step: the next update, from its first sub-step
  syncExplainer(model, ui);
  ui.explainSubStep = 0;
}

namespace {

void drawRunChooser(Model& model, UiState& ui) {
  const std::size_t selected = static_cast<std::size_t>(ui.selectedRun);
  if (selected < model.runner.size()) colorSwatch(model.runner.run(selected).look().color);
  ImGui::SetNextItemWidth(-1.0f);
  if (ImGui::BeginCombo("##explainrun", model.runner.run(selected).label().c_str())) {
    for (std::size_t i = 0; i < model.runner.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::Selectable(model.runner.run(i).label().c_str(), i == selected)) {
        ui.selectedRun = static_cast<int>(i);
        ui.explainForStep = -1;
      }
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  syncExplainer(model, ui);
}

void drawNavigation(Model& model, UiState& ui, int count) {
  ImGui::BeginDisabled(count == 0 || ui.explainSubStep == 0);
  if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) explainerPrevious(model, ui);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Previous sub-step");
  ImGui::SameLine();
  const bool last = count == 0 || ui.explainSubStep + 1 >= count;
  if (ImGui::ArrowButton("##next", ImGuiDir_Right)) explainerNext(model, ui);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(last ? "Take the next step (its first sub-step)" : "Next sub-step");
  ImGui::SameLine();
  if (count > 0)
    // A no-break space (U+00A0) keeps "(step 12)" whole where the narrow presentation column wraps the line.
    ImGui::Text("Sub-step %d of %d  (step\xc2\xa0%lld)", ui.explainSubStep + 1, count,
                static_cast<long long>(model.runner.run(static_cast<std::size_t>(ui.selectedRun)).step()));
  else
    ImGui::TextUnformatted("Not stepped yet");
}

void drawStepControls(Model& model, UiState& ui, int count) {
  const bool last = count == 0 || ui.explainSubStep + 1 >= count;
  if (ImGui::Button(last ? "Next step" : "Skip to next step")) {
    stepForward(model);
    syncExplainer(model, ui);
  }
  // On the same line only where it fits whole (the presentation window is narrow, its type large).
  sameLineIfFits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                 ImGui::CalcTextSize("Glyph on the views").x);
  ImGui::Checkbox("Glyph on the views", &ui.explainGlyph);
  // Auto-advance for lectures: one sub-step every `explainPause` seconds, into the next update at the end.
  if (ImGui::Checkbox("Auto-advance", &ui.explainAuto)) ui.explainLastAdvance = ImGui::GetTime();
  // The slider's text says what it is, so it needs its width: beside the box only where that fits.
  const char* pauseFormat = "pause %.1f s per sub-step";
  sameLineIfFits(ImGui::CalcTextSize("pause 10.0 s per sub-step").x +
                 2.0f * ImGui::GetStyle().FramePadding.x);
  ImGui::SetNextItemWidth(-1.0f);
  ImGui::SliderFloat("##explainpause", &ui.explainPause, 0.5f, 10.0f, pauseFormat);
}

void drawSubStepText(const ExplainStep& step) {
  // The glyph's yellow, as a dark amber on the light theme's panels (where yellow would not read).
  ImGui::PushStyleColor(ImGuiCol_Text, themeColors().accent);
  textWrappedAtSpaces(step.title);
  ImGui::PopStyleColor();
  if (!step.sentence.empty()) textWrappedAtSpaces(step.sentence);
  ImFont* mono = monoFont();
  if (mono) ImGui::PushFont(mono);
  textWrappedAtSpaces(step.formula);
  if (mono) ImGui::PopFont();
}

// The scale g, m and v are drawn at on the views: Display's arrow scale, the glyph legend's; "Fit arrows"
// sets it so this update's largest is a sixth of the surface (the runs' own arrows follow).
void drawArrowScale(Model& model, const std::vector<ExplainStep>& steps) {
  const double largest = largestInGradientUnits(steps);
  if (!(largest > 0.0)) return;
  ImGui::AlignTextToFramePadding();
  ImGui::Text("g, m, v drawn x %s", formatValue(model.display.arrowScale, 3).c_str());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Quantities in gradient units are drawn at Display's arrow scale, the one the glyph legend states "
        "and the runs' own arrows use.");
  sameLineIfFits(ImGui::CalcTextSize("Fit arrows").x + 2.0f * ImGui::GetStyle().FramePadding.x);
  if (ImGui::Button("Fit arrows"))
    model.display.arrowScale =
        niceArrowScale(largest, model.runner.surface().domain, model.display.arrowScale);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Sets the arrow scale so this update's largest g, m or v is a sixth of the surface wide.");
}

}  // namespace

void drawExplainerSection(Model& model, UiState& ui, ExplainerLayout layout) {
  syncExplainer(model, ui);
  if (model.runner.size() == 0) {
    hintText("Add a run to see its updates explained.");
    return;
  }
  const bool presentation = layout == ExplainerLayout::Presentation;
  if (!presentation) drawRunChooser(model, ui);
  const std::vector<ExplainStep> steps = selectedSteps(model, ui);
  const int count = static_cast<int>(steps.size());
  drawNavigation(model, ui, count);
  if (presentation) {  // the run by its colour and name; choosing another is among the folded controls
    const Run& run = model.runner.run(static_cast<std::size_t>(ui.selectedRun));
    colorSwatch(run.look().color);
    ImGui::TextUnformatted(run.label().c_str());
  } else {
    drawStepControls(model, ui, count);
  }
  if (ui.explainAuto && ImGui::GetTime() - ui.explainLastAdvance >= ui.explainPause) {
    ui.explainLastAdvance = ImGui::GetTime();
    explainerNext(model, ui);
  }
  if (count == 0) {
    hintText("Take a step: each update is then broken into its sub-steps, one at a time.");
  } else {
    ImGui::Separator();
    const int subStep = std::clamp(ui.explainSubStep, 0, count - 1);
    drawSubStepText(steps[static_cast<std::size_t>(subStep)]);
    if (!presentation) {
      drawValueGlyphButton(model, static_cast<std::size_t>(ui.selectedRun), subStep);
      drawArrowScale(model, steps);
    }
  }
  if (!presentation) return;
  // In the presentation column at 1024x768 the whole label does not fit: the short one keeps the same node.
  const char* controls = "Run, next step, auto-advance###controls";
  if (ImGui::GetTreeNodeToLabelSpacing() + ImGui::CalcTextSize(controls, nullptr, true).x >
      ImGui::GetContentRegionAvail().x)
    controls = "Controls###controls";
  if (ImGui::TreeNode(controls)) {
    drawRunChooser(model, ui);
    drawStepControls(model, ui, count);
    drawArrowScale(model, steps);
    ImGui::TreePop();
  }
}

void drawTeachPanel(Model& model, UiState& ui, bool* open) {
  if (ImGui::Begin("Teach", open, kPanelFlags)) {
    if (ImGui::Button(ui.presentation ? "Leave presentation (P)" : "Presentation mode (P)"))
      togglePresentation(ui);
    if (ImGui::CollapsingHeader("Step-by-step explainer", ImGuiTreeNodeFlags_DefaultOpen))
      drawExplainerSection(model, ui);
    if (ImGui::CollapsingHeader("Scene", ImGuiTreeNodeFlags_DefaultOpen)) drawSceneSection(model, ui);
  }
  ImGui::End();
}

}  // namespace gs
