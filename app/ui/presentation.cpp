// Presentation mode: panels hidden, fonts enlarged (applyStyle scales them), and the scene's title and
// explanation in a caption window the lecturer can fold and move.
#include "ui/presentation.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "panel_common.hpp"
#include "ui/explainer_panel.hpp"
#include "ui/style.hpp"
#include "view/run_legend.hpp"
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
  auto add = [&](Vec2 point) {
    const Vec2 at = surfaceToScreen(model.view2d, *layout.view2d, point);
    if (isFinite(at)) points.emplace_back(static_cast<float>(at.x), static_cast<float>(at.y));
  };
  if (layout.view2d) {
    for (int i = 0; i < 50; ++i) add(model.runner.start());
    for (std::size_t r = 0; r < model.runner.size(); ++r)
      for (const Vec2& point : model.runner.run(r).path()) add(point);
  }
  // The 3D view's surface, its paths and their balls, sit in its middle (the camera frames the domain):
  // a grid of points there, each counted six times, keeps the windows in its emptier corners.
  std::vector<ImVec2> mesh;
  if (layout.view3d) {
    const PixelRect& v = *layout.view3d;
    for (int i = 0; i < 5; ++i)
      for (int j = 0; j < 5; ++j)
        for (int weight = 0; weight < 6; ++weight)
          mesh.emplace_back(static_cast<float>(v.x + v.width * (0.25 + 0.125 * i)),
                            static_cast<float>(v.y + v.height * (0.3 + 0.1125 * j)));
  }
  // One point per occupied 12-pixel cell: what counts is how much of the paths a window would hide, not
  // how many steps a stalled run piled up in one place (the weighted points above are kept as they are).
  std::vector<ImVec2> cells;
  std::set<std::pair<int, int>> seen;
  const std::size_t weighted = layout.view2d ? 50 : 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const ImVec2 p = points[i];
    const bool isStart = i < weighted;
    if (isStart || seen.insert({static_cast<int>(p.x / 12.0f), static_cast<int>(p.y / 12.0f)}).second)
      cells.push_back(p);
  }
  cells.insert(cells.end(), mesh.begin(), mesh.end());
  return cells;
}

struct Box {
  float left, top, right, bottom;
};

// The run legend's box as the scene renderer lays it out (bottom-left of the view that carries the notes;
// see SceneRenderer::draw), measured with the UI's font at the scene's text size, a little generously.
std::optional<Box> runLegendBox(const Model& model, const ViewLayout& layout, float textPixels) {
  if (!model.display.runLegend || model.runner.size() == 0 || (!layout.view2d && !layout.view3d))
    return std::nullopt;
  const bool on2D = layout.view2d && !(layout.view3d && layout.view2d->width < layout.view2d->height);
  const PixelRect& viewport = on2D ? *layout.view2d : *layout.view3d;
  const double bottomMargin = on2D ? textPixels + 10.0 : std::round(textPixels * 1.7) + 8.0;
  ImFont* font = ImGui::GetFont();
  const RunLegendLayout legend =
      layoutRunLegend(runLegendRows(model), viewport, bottomMargin, textPixels, [&](std::string_view text) {
        return 1.1 *
               static_cast<double>(
                   font->CalcTextSizeA(textPixels, FLT_MAX, 0.0f, text.data(), text.data() + text.size()).x);
      });
  const PixelRect& b = legend.box;
  return Box{static_cast<float>(b.x), static_cast<float>(b.y), static_cast<float>(b.x + b.width),
             static_cast<float>(b.y + b.height)};
}

ImU32 plateColor() { return lightTheme() ? IM_COL32(248, 248, 246, 215) : IM_COL32(10, 12, 16, 180); }
ImU32 plateInk(int alpha) {
  return lightTheme() ? IM_COL32(15, 15, 20, alpha) : IM_COL32(255, 255, 255, alpha);
}

}  // namespace

float presentationTextPixels(float uiScale) { return 14.0f * std::max(uiScale, 0.5f) * 1.4f; }

void drawPresentationOverlay(Model& model, UiState& ui, const Rect& views) {
  if (views.width < 50.0f || views.height < 50.0f) return;
  const float fontSize = ImGui::GetFontSize();
  const float pad = fontSize * 0.6f;
  const PixelRect area{static_cast<int>(views.x), static_cast<int>(views.y), static_cast<int>(views.width),
                       static_cast<int>(views.height)};
  const ViewLayout layout = layoutViews(model.display.mode, area);
  const float textPixels = presentationTextPixels(ui.uiScale);

  // The step counter and the hint, bottom right, above the 3D view's buttons or the 2D view's x axis.
  const bool buttonsBelow = layout.view3d && layout.view3d->x + layout.view3d->width >= area.x + area.width &&
                            layout.view3d->y + layout.view3d->height >= area.y + area.height;
  const float below = buttonsBelow ? std::round(textPixels * 1.7f) + 8.0f : textPixels + 10.0f;
  const char* hint = "P: leave presentation";
  const ImVec2 hintSize = ImGui::CalcTextSize(hint);
  const std::string step = "step " + std::to_string(model.runner.currentStep());
  const float stepSize = fontSize * 2.0f;
  ImFont* font = ImGui::GetFont();
  // As wide as the largest step the run can reach, so the plate does not jitter as digits are added.
  const ImVec2 stepExtent = font->CalcTextSizeA(stepSize, FLT_MAX, 0.0f, "step 0000000");
  const float right = views.x + views.width - pad;
  const float hintTop = views.y + views.height - below - hintSize.y - pad * 0.5f;
  const float stepTop = hintTop - stepExtent.y - pad * 0.25f;
  const Box status{right - std::max(stepExtent.x, hintSize.x) - pad, stepTop - pad * 0.5f, right + pad,
                   views.y + views.height};
  std::vector<Box> obstacles = {status};
  if (const auto legend = runLegendBox(model, layout, textPixels)) obstacles.push_back(*legend);

  // The caption and the explainer at most a third of the width each: the scene keeps the rest.
  const float boxWidth = std::min(std::max(views.width / 3.0f, fontSize * 16.0f), views.width - 2.0f * pad);
  const float maxHeight = views.height * 0.45f;
  // No scene loaded (the default runs, or the user's own): the surface's title and its lesson.
  const Surface& surface = model.runner.surface();
  const bool fromScene = !ui.sceneTitle.empty();
  const std::string title = fromScene        ? ui.sceneTitle
                            : surface.custom ? std::string("gradscape")
                                             : surface.title;
  const std::string& explanation = fromScene ? ui.sceneExplanation : surface.lesson;
  struct Corner {
    ImVec2 at;    // the window's anchor: its top-left, or (bottom corners) its bottom-left
    bool bottom;  // anchored by its bottom edge: it grows upwards, so it is never cut
  };
  // Four corners; a bottom corner sits above whatever obstacle (legend, step counter) lies under it.
  std::vector<Corner> corners;
  for (const bool atRight : {false, true})
    for (const bool atBottom : {true, false}) {
      const float left = atRight ? views.x + views.width - boxWidth - pad : views.x + pad;
      float anchor = atBottom ? views.y + views.height - pad : views.y + pad;
      if (atBottom)
        for (const Box& o : obstacles)
          if (o.left < left + boxWidth && left < o.right && o.bottom > anchor - maxHeight)
            anchor = std::min(anchor, o.top - pad * 0.5f);
      corners.push_back({ImVec2(left, anchor), atBottom});
    }
  const std::vector<ImVec2> points = pathPoints(model, views);
  const auto boxOf = [&](const Corner& c) {
    const float top = c.bottom ? c.at.y - maxHeight : c.at.y;
    return Box{c.at.x, top, c.at.x + boxWidth, top + maxHeight};
  };
  // The corner whose box holds the fewest path points (the start counts many times), after those whose
  // box would have to shrink below a third of its height to clear the obstacles.
  const auto emptiest = [&](const std::vector<std::size_t>& candidates) {
    std::vector<ImVec2> tops;
    for (const std::size_t c : candidates)
      tops.push_back(ImVec2(boxOf(corners[c]).left, boxOf(corners[c]).top));
    const ImVec2 best = emptiestCorner(tops, boxWidth, maxHeight, points);
    for (const std::size_t c : candidates)
      if (boxOf(corners[c]).left == best.x && boxOf(corners[c]).top == best.y) return c;
    return candidates.front();
  };
  std::vector<std::size_t> usable;
  for (std::size_t c = 0; c < corners.size(); ++c)
    if (!corners[c].bottom || corners[c].at.y - views.y > maxHeight * 0.75f) usable.push_back(c);
  if (usable.size() < 2) usable = {1, 3};  // the top corners are always free of obstacles
  const std::size_t captionCorner = emptiest(usable);
  // The explainer takes the emptiest corner on the other side (corners 0, 1 are left, 2, 3 right), so the
  // two windows cannot meet.
  std::vector<std::size_t> others;
  for (const std::size_t c : usable)
    if (c / 2 != captionCorner / 2) others.push_back(c);
  if (others.empty()) others = {captionCorner < 2 ? std::size_t{3} : std::size_t{1}};
  const std::size_t explainerCorner = emptiest(others);

  // Placed where it hides the least each time it appears (Appearing: a move by the user stays), and its
  // height capped so that it ends above the obstacles.
  const auto place = [&](const Corner& c) {
    ImGui::SetNextWindowPos(c.at, ImGuiCond_Appearing, ImVec2(0.0f, c.bottom ? 1.0f : 0.0f));
    const float room = c.bottom ? c.at.y - views.y - pad : views.y + views.height - c.at.y - pad;
    ImGui::SetNextWindowSizeConstraints(ImVec2(boxWidth, 0.0f), ImVec2(boxWidth, std::min(maxHeight, room)));
  };
  place(corners[captionCorner]);
  ImGui::SetNextWindowBgAlpha(0.85f);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoResize |
                                 ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing;
  if (ImGui::Begin("About this scene###caption", nullptr, flags)) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::SetWindowFontScale(1.25f);
    ImGui::TextUnformatted(title.c_str());
    ImGui::SetWindowFontScale(1.0f);
    if (!explanation.empty()) ImGui::TextUnformatted(explanation.c_str());
    ImGui::TextDisabled("Drag the title bar to move; its arrow folds this.");
    ImGui::PopTextWrapPos();
  }
  ImGui::End();
  // The explainer, as the Teach panel shows it (its own drawing, so the two never disagree), larger.
  place(corners[explainerCorner]);
  ImGui::SetNextWindowBgAlpha(0.88f);
  if (ImGui::Begin("Explainer###present-explainer", nullptr, flags)) {
    ImGui::PushTextWrapPos(0.0f);  // the presentation fonts are already half as large again
    drawExplainerSection(model, ui);
    ImGui::PopTextWrapPos();
  }
  ImGui::End();

  // On a plate each, so they read on any view and in either theme.
  ImDrawList* list = ImGui::GetForegroundDrawList();
  const ImVec2 hintAt(right - hintSize.x, hintTop);
  list->AddRectFilled(ImVec2(hintAt.x - pad * 0.3f, hintAt.y),
                      ImVec2(right + pad * 0.3f, hintAt.y + hintSize.y), plateColor(), fontSize * 0.2f);
  list->AddText(hintAt, plateInk(190), hint);
  const ImVec2 stepText = font->CalcTextSizeA(stepSize, FLT_MAX, 0.0f, step.c_str());
  const ImVec2 stepAt(right - stepText.x, stepTop);
  list->AddRectFilled(ImVec2(stepAt.x - pad * 0.4f, stepAt.y),
                      ImVec2(right + pad * 0.4f, stepAt.y + stepText.y), plateColor(), fontSize * 0.3f);
  list->AddText(font, stepSize, stepAt, plateInk(240), step.c_str());
}

}  // namespace gs
