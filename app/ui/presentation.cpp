// Presentation mode: panels hidden, fonts enlarged (applyStyle scales them), and the scene's title and
// explanation in a caption window the lecturer can fold and move.
#include "ui/presentation.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstdint>
#include <string>

#include "panel_common.hpp"
#include "ui/explainer_panel.hpp"
#include "view/view2d.hpp"

namespace gs {

void togglePresentation(UiState& ui) {
  ui.presentation = !ui.presentation;
  ui.fontsDirty = true;  // applyStyle rebuilds the atlas at the presentation size before the next frame
}

ImVec2 emptiestCorner(const std::vector<ImVec2>& corners, float width, float height,
                      const std::vector<ImVec2>& points) {
  ImVec2 best = corners.empty() ? ImVec2(0, 0) : corners.front();
  std::size_t fewest = SIZE_MAX;
  for (const ImVec2& corner : corners) {
    const auto inside = static_cast<std::size_t>(std::count_if(points.begin(), points.end(), [&](ImVec2 p) {
      return p.x >= corner.x && p.x <= corner.x + width && p.y >= corner.y && p.y <= corner.y + height;
    }));
    if (inside < fewest) {
      fewest = inside;
      best = corner;
    }
  }
  return best;
}

namespace {

// Where the 2D view shows the runs' paths and the start, in window coordinates (the start counted many
// times: the caption must never hide it).
std::vector<ImVec2> pathPoints(const Model& model, const Rect& views) {
  std::vector<ImVec2> points;
  const PixelRect area{static_cast<int>(views.x), static_cast<int>(views.y), static_cast<int>(views.width),
                       static_cast<int>(views.height)};
  const ViewLayout layout = layoutViews(model.display.mode, area);
  if (!layout.view2d) return points;
  auto add = [&](Vec2 point) {
    const Vec2 at = surfaceToScreen(model.view2d, *layout.view2d, point);
    if (isFinite(at)) points.emplace_back(static_cast<float>(at.x), static_cast<float>(at.y));
  };
  for (int i = 0; i < 50; ++i) add(model.runner.start());
  for (std::size_t r = 0; r < model.runner.size(); ++r)
    for (const Vec2& point : model.runner.run(r).path()) add(point);
  return points;
}

}  // namespace

void drawPresentationOverlay(Model& model, UiState& ui, const Rect& views) {
  if (views.width < 50.0f || views.height < 50.0f) return;
  const float fontSize = ImGui::GetFontSize();
  const float pad = fontSize * 0.8f;
  // At most a third of the width: the scene keeps the rest.
  const float boxWidth = std::min(std::max(views.width / 3.0f, fontSize * 16.0f), views.width - 2.0f * pad);
  const std::string title = ui.sceneTitle.empty() ? std::string("gradscape") : ui.sceneTitle;
  const float maxHeight = views.height * 0.45f;
  ImVec2 explainerAt(0.0f, 0.0f);
  bool explainerAtBottom = false;
  {
    // Placed where it hides the least each time it appears (Appearing: a move by the user stays). The
    // bottom corners are anchored by the window's bottom edge, so it grows upwards and is never cut.
    const float top = views.y + pad, bottom = views.y + views.height - pad;
    const float left = views.x + pad, right = views.x + views.width - boxWidth - pad;
    const std::vector<ImVec2> corners = {
        {left, bottom - maxHeight}, {left, top}, {right, bottom - maxHeight}, {right, top}};
    const std::vector<ImVec2> points = pathPoints(model, views);
    const ImVec2 at = emptiestCorner(corners, boxWidth, maxHeight, points);
    const bool atBottom = at.y > top;
    ImGui::SetNextWindowPos(ImVec2(at.x, atBottom ? bottom : top), ImGuiCond_Appearing,
                            ImVec2(0.0f, atBottom ? 1.0f : 0.0f));
    // The explainer takes the emptiest of the other corners, but not the bottom right, where the step
    // counter and the hint are.
    std::vector<ImVec2> others;
    constexpr std::size_t kBottomRight = 2;
    for (std::size_t i = 0; i < corners.size(); ++i)
      if (i != kBottomRight && (corners[i].x != at.x || corners[i].y != at.y)) others.push_back(corners[i]);
    const ImVec2 second = emptiestCorner(others, boxWidth, maxHeight, points);
    explainerAtBottom = second.y > top;
    explainerAt = ImVec2(second.x, explainerAtBottom ? bottom : top);
  }
  ImGui::SetNextWindowSizeConstraints(ImVec2(boxWidth, 0.0f), ImVec2(boxWidth, maxHeight));
  ImGui::SetNextWindowBgAlpha(0.8f);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoResize |
                                 ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing;
  if (ImGui::Begin("About this scene###caption", nullptr, flags)) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::SetWindowFontScale(1.25f);
    ImGui::TextUnformatted(title.c_str());
    ImGui::SetWindowFontScale(1.0f);
    if (!ui.sceneExplanation.empty()) ImGui::TextUnformatted(ui.sceneExplanation.c_str());
    ImGui::PopTextWrapPos();
    ImGui::TextDisabled("Drag the title bar to move; its arrow folds this.");
  }
  ImGui::End();
  // The explainer, as the Teach panel shows it (its own drawing, so the two never disagree), larger.
  ImGui::SetNextWindowPos(explainerAt, ImGuiCond_Appearing, ImVec2(0.0f, explainerAtBottom ? 1.0f : 0.0f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(boxWidth, 0.0f), ImVec2(boxWidth, maxHeight));
  ImGui::SetNextWindowBgAlpha(0.85f);
  if (ImGui::Begin("Explainer###present-explainer", nullptr, flags)) {
    ImGui::PushTextWrapPos(0.0f);  // the presentation fonts are already half as large again
    drawExplainerSection(model, ui);
    ImGui::PopTextWrapPos();
  }
  ImGui::End();
  ImDrawList* list = ImGui::GetForegroundDrawList();
  const char* hint = "P: leave presentation";
  const ImVec2 hintSize = ImGui::CalcTextSize(hint);
  const float hintTop = views.y + views.height - hintSize.y - pad;
  list->AddText(ImVec2(views.x + views.width - hintSize.x - pad, hintTop), IM_COL32(255, 255, 255, 110),
                hint);
  // The step counter, large enough for the back row, above the hint.
  const std::string step = "step " + std::to_string(model.runner.currentStep());
  const float stepSize = fontSize * 2.0f;
  const ImVec2 stepExtent = ImGui::GetFont()->CalcTextSizeA(stepSize, FLT_MAX, 0.0f, step.c_str());
  const ImVec2 stepAt(views.x + views.width - stepExtent.x - pad, hintTop - stepExtent.y - pad * 0.25f);
  list->AddRectFilled(ImVec2(stepAt.x - pad * 0.4f, stepAt.y),
                      ImVec2(stepAt.x + stepExtent.x + pad * 0.4f, stepAt.y + stepExtent.y),
                      IM_COL32(10, 12, 16, 170), fontSize * 0.3f);
  list->AddText(ImGui::GetFont(), stepSize, stepAt, IM_COL32(255, 255, 255, 235), step.c_str());
}

}  // namespace gs
