// The Teach panel: the step-by-step explainer (one sub-step of the selected run's last update at a time,
// its formula with the live numbers, its glyph drawn over the 2D view) and the scenes section.
#include "ui/explainer_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/optim/explain.hpp"
#include "format.hpp"
#include "panel_common.hpp"
#include "playback.hpp"
#include "presentation.hpp"
#include "scene_panel.hpp"
#include "style.hpp"
#include "view/view2d.hpp"

namespace gs {
namespace {

constexpr ImU32 kGlyphColor = IM_COL32(255, 214, 10, 255);  // bright yellow: no colormap uses it
constexpr ImU32 kGlyphFill = IM_COL32(255, 214, 10, 60);
constexpr ImU32 kGlyphOutline = IM_COL32(0, 0, 0, 220);
constexpr ImU32 kGlyphEarlier = IM_COL32(255, 214, 10, 150);  // the sub-steps already shown

std::vector<ExplainStep> selectedSteps(const Model& model, const UiState& ui) {
  if (model.runner.size() == 0) return {};
  const std::size_t run = static_cast<std::size_t>(std::max(ui.selectedRun, 0));
  if (run >= model.runner.size()) return {};
  return explainLastStep(model.runner.run(run).optimizer());
}

// The 2D view inside the free area, in window coordinates, with the factor window -> framebuffer pixels.
std::optional<PixelRect> view2dRect(const Model& model, const Rect& views, float& pixelScale) {
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  pixelScale = scale.x > 0.0f ? scale.x : 1.0f;
  // The same rounding as the app's frame, so the glyph lands exactly where the renderers draw.
  const PixelRect plot{static_cast<int>(std::lround(views.x * pixelScale)),
                       static_cast<int>(std::lround(views.y * pixelScale)),
                       static_cast<int>(std::lround(views.width * pixelScale)),
                       static_cast<int>(std::lround(views.height * pixelScale))};
  return layoutViews(model.display.mode, plot).view2d;
}

void labelAt(ImDrawList* list, ImVec2 at, const std::string& text) {
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  const float pad = 4.0f;
  list->AddRectFilled(ImVec2(at.x - pad, at.y - pad), ImVec2(at.x + size.x + pad, at.y + size.y + pad),
                      IM_COL32(0, 0, 0, 190), 4.0f);
  list->AddText(at, kGlyphColor, text.c_str());
}

void arrow(ImDrawList* list, ImVec2 from, ImVec2 to, float thickness, ImU32 color) {
  const float dx = to.x - from.x, dy = to.y - from.y;
  const float length = std::sqrt(dx * dx + dy * dy);
  if (length < 1.0f) {
    list->AddCircleFilled(from, thickness * 2.0f, color);
    return;
  }
  const float ux = dx / length, uy = dy / length;
  const float head = std::min(6.0f * thickness, 0.5f * length + 2.0f * thickness);
  const ImVec2 base(to.x - ux * head, to.y - uy * head);
  const ImVec2 left(base.x - uy * head * 0.55f, base.y + ux * head * 0.55f);
  const ImVec2 right(base.x + uy * head * 0.55f, base.y - ux * head * 0.55f);
  list->AddLine(from, base, kGlyphOutline, thickness + 3.0f);  // a dark outline keeps it readable anywhere
  list->AddLine(from, base, color, thickness);
  list->AddTriangleFilled(to, left, right, color);
  list->AddTriangle(to, left, right, kGlyphOutline, 1.5f);
  list->AddCircleFilled(from, thickness * 1.2f, color);
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

void drawExplainerSection(Model& model, UiState& ui) {
  syncExplainer(model, ui);
  if (model.runner.size() == 0) {
    hintText("Add a run to see its updates explained.");
    return;
  }
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
  const std::vector<ExplainStep> steps = selectedSteps(model, ui);
  const int count = static_cast<int>(steps.size());
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
    ImGui::Text("Sub-step %d of %d  (step %lld)", ui.explainSubStep + 1, count,
                static_cast<long long>(model.runner.run(selected).step()));
  else
    ImGui::TextUnformatted("Not stepped yet");
  if (ImGui::Button(last ? "Next step" : "Skip to next step")) {
    stepForward(model);
    syncExplainer(model, ui);
  }
  ImGui::SameLine();
  ImGui::Checkbox("Glyph on the plot", &ui.explainGlyph);
  // Auto-advance for lectures: one sub-step every `explainPause` seconds, into the next update at the end.
  if (ImGui::Checkbox("Auto-advance", &ui.explainAuto)) ui.explainLastAdvance = ImGui::GetTime();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1.0f);
  ImGui::SliderFloat("##explainpause", &ui.explainPause, 0.5f, 10.0f, "pause %.1f s per sub-step");
  if (ui.explainAuto && ImGui::GetTime() - ui.explainLastAdvance >= ui.explainPause) {
    ui.explainLastAdvance = ImGui::GetTime();
    explainerNext(model, ui);
  }
  if (count == 0) {
    hintText("Take a step: each update is then broken into its sub-steps, one at a time.");
    return;
  }
  const ExplainStep& step = steps[static_cast<std::size_t>(std::clamp(ui.explainSubStep, 0, count - 1))];
  ImGui::Separator();
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kGlyphColor));
  ImGui::TextWrapped("%s", step.title.c_str());
  ImGui::PopStyleColor();
  if (!step.sentence.empty()) ImGui::TextWrapped("%s", step.sentence.c_str());
  ImFont* mono = monoFont();
  if (mono) ImGui::PushFont(mono);
  ImGui::TextWrapped("%s", step.formula.c_str());
  if (mono) ImGui::PopFont();
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

void drawExplainerGlyph(const Model& model, const UiState& ui, const Rect& views) {
  if (!ui.explainGlyph || !ui.panelOpen[kTeachPanel]) return;
  const std::vector<ExplainStep> steps = selectedSteps(model, ui);
  if (steps.empty()) return;
  const auto selected = static_cast<std::size_t>(ui.selectedRun);
  if (selected < model.runner.size() && !model.runner.run(selected).look().enabled) return;
  const int current = std::clamp(ui.explainSubStep, 0, static_cast<int>(steps.size()) - 1);
  const ExplainStep& step = steps[static_cast<std::size_t>(current)];
  float pixelScale = 1.0f;
  const auto view = view2dRect(model, views, pixelScale);
  if (!view || view->empty()) return;
  const auto toWindow = [&](Vec2 point) {
    const Vec2 pixel = surfaceToScreen(model.view2d, *view, point);
    return ImVec2(static_cast<float>(pixel.x / pixelScale), static_cast<float>(pixel.y / pixelScale));
  };
  ImDrawList* list = ImGui::GetForegroundDrawList();
  const ImVec2 clipMin(static_cast<float>(view->x) / pixelScale, static_cast<float>(view->y) / pixelScale);
  const ImVec2 clipMax(static_cast<float>(view->x + view->width) / pixelScale,
                       static_cast<float>(view->y + view->height) / pixelScale);
  list->PushClipRect(clipMin, clipMax, true);
  const float thickness = 3.5f * std::max(ui.uiScale, 1.0f) * (ui.presentation ? 1.5f : 1.0f);
  // Every arrow of the step (contributions in units of x) on one scale: moves of a small learning rate
  // are a pixel or two long, so all of them are lengthened by the same factor, which the label states.
  const auto screenLength = [&](const Glyph& glyph) {
    const ImVec2 a = toWindow(glyph.from), b = toWindow(glyph.to);
    return static_cast<double>(std::hypot(b.x - a.x, b.y - a.y));
  };
  const double scale = commonArrowScale(steps, screenLength, 14.0 * thickness);
  const std::string scaleNote = scale > 1.0 ? "  (arrows drawn x" + formatValue(scale, 3) + ")" : "";
  // The arrows of the sub-steps already shown stay on screen, thinner, so the sum builds up.
  for (int i = 0; i < current; ++i) {
    const Glyph& earlier = steps[static_cast<std::size_t>(i)].glyph;
    if (earlier.kind != GlyphKind::Arrow) continue;
    const Glyph drawn = scaledArrow(earlier, scale);
    arrow(list, toWindow(drawn.from), toWindow(drawn.to), 0.5f * thickness, kGlyphEarlier);
  }
  // The ghost ball: where this update lands (the move's tip, true size, not scaled).
  const Glyph& move = steps.back().glyph;
  if (move.kind == GlyphKind::Arrow) {
    const ImVec2 at = toWindow(move.to);
    list->AddCircle(at, 2.6f * thickness, kGlyphOutline, 0, 3.0f);
    list->AddCircle(at, 2.6f * thickness, kGlyphColor, 0, 1.5f);
  }
  const Glyph& glyph = step.glyph;
  std::string label = step.title;
  // Sub-steps without a glyph (the bias corrections, the Hessian) are labelled beside x_t.
  ImVec2 labelPos = toWindow(move.from);
  labelPos.x += 4.0f * thickness;
  switch (glyph.kind) {
    case GlyphKind::Arrow: {
      const Glyph drawn = scaledArrow(glyph, scale);
      const ImVec2 from = toWindow(drawn.from), to = toWindow(drawn.to);
      label += scaleNote;
      arrow(list, from, to, thickness, kGlyphColor);
      labelPos = ImVec2(to.x + 2.0f * thickness, to.y + 2.0f * thickness);
      break;
    }
    case GlyphKind::Point: {
      const ImVec2 at = toWindow(glyph.from);
      list->AddCircleFilled(at, 3.0f * thickness, kGlyphOutline);
      list->AddCircleFilled(at, 2.2f * thickness, kGlyphColor);
      labelPos = ImVec2(at.x + 4.0f * thickness, at.y + 2.0f * thickness);
      break;
    }
    case GlyphKind::Rect: {
      // A quantity in other units than x (lr times an accumulator's root): drawn at its true size.
      const Vec2 half{0.5 * glyph.to.x, 0.5 * glyph.to.y};
      const ImVec2 a = toWindow(glyph.from - half), b = toWindow(glyph.from + half);
      ImVec2 lo(std::min(a.x, b.x), std::min(a.y, b.y)), hi(std::max(a.x, b.x), std::max(a.y, b.y));
      if (hi.x - lo.x < 2.0f) lo.x -= 1.0f, hi.x += 1.0f;  // a degenerate rect still shows
      if (hi.y - lo.y < 2.0f) lo.y -= 1.0f, hi.y += 1.0f;
      list->AddRectFilled(lo, hi, kGlyphFill);
      list->AddRect(lo, hi, kGlyphOutline, 0.0f, 0, thickness + 3.0f);
      list->AddRect(lo, hi, kGlyphColor, 0.0f, 0, thickness);
      labelPos = ImVec2(hi.x + 2.0f * thickness, lo.y);
      label += "  (true size)";
      break;
    }
    case GlyphKind::None:
      break;
  }
  // Keep the label inside the view.
  const ImVec2 size = ImGui::CalcTextSize(label.c_str());
  labelPos.x =
      std::clamp(labelPos.x, clipMin.x + 6.0f, std::max(clipMax.x - size.x - 6.0f, clipMin.x + 6.0f));
  labelPos.y =
      std::clamp(labelPos.y, clipMin.y + 6.0f, std::max(clipMax.y - size.y - 6.0f, clipMin.y + 6.0f));
  labelAt(list, labelPos, label);
  list->PopClipRect();
}

}  // namespace gs
