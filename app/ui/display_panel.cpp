// Display panel: view mode, colormap, what is drawn, the UI scale, and a legend of every glyph.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "field_table.hpp"
#include "format.hpp"
#include "gl/frame_caches.hpp"
#include "panel_common.hpp"
#include "style.hpp"
#include "view/view_actions.hpp"

namespace gs {
namespace {

void checkbox(const char* label, bool* value, const char* tooltip) {
  ImGui::Checkbox(label, value);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip);
}

void drawViewOptions(DisplayOptions& display) {
  static constexpr const char* kModes[] = {"2D heatmap", "3D surface", "2D and 3D side by side"};
  static constexpr const char* kColormaps[] = {"viridis", "magma", "diverging"};
  int mode = static_cast<int>(display.mode);
  if (ImGui::Combo("view", &mode, kModes, IM_ARRAYSIZE(kModes))) display.mode = static_cast<ViewMode>(mode);
  static constexpr const char* kThemes[] = {"dark", "light (projectors)"};
  int theme = static_cast<int>(display.theme);
  if (ImGui::Combo("theme", &theme, kThemes, IM_ARRAYSIZE(kThemes)))
    display.theme = static_cast<Theme>(theme);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Light: dark lines on a light ground, for projectors that wash dark greys out.");
  int colormap = static_cast<int>(display.colormap);
  if (ImGui::Combo("colormap", &colormap, kColormaps, IM_ARRAYSIZE(kColormaps)))
    display.colormap = static_cast<Colormap>(colormap);
  checkbox("log scale", &display.logScale, "Colour by log(f - min f): shows detail near the minimum.");
  ImGui::SameLine();
  checkbox("wireframe", &display.wireframe, "Draw the 3D mesh's edges.");
  checkbox("contours", &display.contours, "Lines of equal f.");
  if (display.contours) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1.0f);
    ImGui::SliderInt("##count", &display.contourCount, 2, 64, "%d lines");
    display.contourCount = std::clamp(display.contourCount, 2, 64);
  }
  checkbox("3D contours", &display.meshContours, "Bands on the 3D surface at the contour levels.");
  static constexpr const char* kSamples[] = {"off", "2x", "4x", "8x"};
  int samples = display.msaaSamples >= 8   ? 3
                : display.msaaSamples >= 4 ? 2
                : display.msaaSamples >= 2 ? 1
                                           : 0;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.0f);
  if (ImGui::Combo("3D anti-aliasing", &samples, kSamples, IM_ARRAYSIZE(kSamples)))
    display.msaaSamples = samples == 0 ? 0 : 1 << samples;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Multisampling of the 3D view: smooth mesh edges and glyphs. Off by default: on a software "
        "renderer (no GPU) 2x or 4x makes the 3D view three to four times as costly.");
}

void drawGlyphOptions(Model& model) {
  DisplayOptions& display = model.display;
  checkbox("fade paths", &display.fadePaths, "Older path segments fade out.");
  ImGui::SameLine();
  checkbox("minima", &display.minima, "Mark the surface's known minima.");
  checkbox("gradient", &display.gradientArrows, "Arrow of the gradient at each run's point.");
  ImGui::SameLine();
  checkbox("momentum", &display.momentumArrows, "Arrow of the first moment (momentum buffer, m).");
  ImGui::SameLine();
  checkbox("step", &display.stepArrows, "Arrow of the step the last update took.");
  checkbox("second moment", &display.secondMomentRects,
           "Rectangle whose half-sides are sqrt of each coordinate's second moment (v).");
  ImGui::SameLine();
  checkbox("look-ahead", &display.lookahead, "Nesterov-type methods: where the gradient is taken.");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.0f);
  if (ImGui::InputInt("seeds", &display.seeds, 1, 8))
    display.seeds = std::clamp(display.seeds, 1, kMaxDisplaySeeds);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Noisy runs (minibatches on a data surface): step K seeds of each and draw their mean path and "
        "loss with a band of one standard deviation (1: the run's own path only).");
  checkbox("x, y parts", &display.componentArrows,
           "Draw each arrow as its x and y components: what per-coordinate methods (AdaGrad, RMSProp, Adam) "
           "scale separately.");
  ImGui::SameLine();
  checkbox("run legend", &display.runLegend, "Each run's name, changed settings and status on the view.");
  if (aimedSlider("arrow scale", display.arrowScale, kMinArrowScale, kMaxArrowScale, true, "%.3g"))
    display.arrowScale = std::clamp(display.arrowScale, kMinArrowScale, kMaxArrowScale);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "World units drawn per unit of gradient or moment: every arrow and bar in gradient units, the "
        "explainer's too (the glyph legend states it).");
  sameLineIfFits(ImGui::CalcTextSize("fit arrows").x + 2.0f * ImGui::GetStyle().FramePadding.x);
  if (ImGui::Button("fit arrows")) fitArrowScale(model);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("A 1-2-5 arrow scale at which the largest arrow shown is a sixth of the surface wide.");
}

void drawUiScale(UiState& ui) {
  float scale = ui.uiScale;
  ImGui::SliderFloat("UI scale", &scale, 0.75f, 3.0f, "%.2f");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Text and widget size, for projectors and high-DPI screens.");
  // The font atlas is rebuilt once the slider is released, not on every frame of a drag.
  if (ImGui::IsItemActive()) ui.pendingUiScale = scale;
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    ui.uiScale = std::clamp(ui.pendingUiScale, 0.75f, 3.0f);
    ui.fontsDirty = true;
  }
}

// One legend line: a small drawing of the glyph, then what it is and what its size means.
void legendLine(void (*glyph)(ImDrawList*, ImVec2, float), const char* text) {
  const float size = ImGui::GetTextLineHeight();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  // The glyphs are drawn as on the views (white marks, dark outlines): on the light theme's panels they get
  // a dark tile of their own, or the white ones would vanish.
  if (lightTheme())
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x - size * 0.15f, at.y - size * 0.05f),
                                              ImVec2(at.x + size * 1.25f, at.y + size * 1.05f),
                                              IM_COL32(45, 50, 62, 255), size * 0.15f);
  glyph(ImGui::GetWindowDrawList(), ImVec2(at.x + size * 0.5f, at.y + size * 0.5f), size);
  ImGui::Dummy(ImVec2(size * 1.4f, size));
  ImGui::SameLine();
  ImGui::TextWrapped("%s", text);
}

// The same glyphs, colours and outlines as the scene renderer draws (render/scene_glyphs.cpp).
constexpr ImU32 kSample = IM_COL32(242, 158, 0, 255);  // a run colour
constexpr ImU32 kWhite = IM_COL32(247, 247, 247, 255);
constexpr ImU32 kInk = IM_COL32(15, 15, 20, 255);

void arrowGlyph(ImDrawList* list, ImVec2 c, float s, ImU32 fill, ImU32 edge) {
  const ImVec2 from(c.x - s * 0.5f, c.y), to(c.x + s * 0.5f, c.y);
  const auto head = [&](float grow, ImU32 color) {
    list->AddTriangleFilled(ImVec2(to.x + grow, to.y),
                            ImVec2(to.x - s * 0.35f - grow, to.y - s * 0.25f - grow),
                            ImVec2(to.x - s * 0.35f - grow, to.y + s * 0.25f + grow), color);
  };
  list->AddLine(from, ImVec2(to.x - s * 0.3f, to.y), edge, 5.0f);
  head(1.5f, edge);
  list->AddLine(from, ImVec2(to.x - s * 0.3f, to.y), fill, 2.5f);
  head(0.0f, fill);
}

void drawLegend(double arrowScale) {
  const std::string times = " x " + formatValue(arrowScale, 3) + " (arrow scale)";
  legendLine(
      [](ImDrawList* l, ImVec2 c, float s) {
        l->AddLine(ImVec2(c.x - s * 0.6f, c.y), c, kSample, 3.0f);
        l->AddCircleFilled(c, s * 0.3f, kSample);
      },
      "ball and path: a run's current point and the points it visited, in its colour");
  // Arrows are in their run's colour and told apart by shape: solid, dashed, hollow.
  legendLine([](ImDrawList* l, ImVec2 c, float s) { arrowGlyph(l, c, s, kSample, kInk); },
             ("gradient arrow (solid): -gradient" + times).c_str());
  legendLine(
      [](ImDrawList* l, ImVec2 c, float s) {
        constexpr ImU32 kDark = IM_COL32(133, 87, 0, 255);  // the run colour x 0.55
        for (float x = -0.5f; x < 0.15f; x += 0.3f)
          l->AddLine(ImVec2(c.x + s * x, c.y), ImVec2(c.x + s * (x + 0.18f), c.y), kDark, 2.5f);
        l->AddTriangleFilled(ImVec2(c.x + s * 0.5f, c.y), ImVec2(c.x + s * 0.15f, c.y - s * 0.25f),
                             ImVec2(c.x + s * 0.15f, c.y + s * 0.25f), kDark);
      },
      ("momentum arrow (dashed, darker): -first moment" + times).c_str());
  legendLine(
      [](ImDrawList* l, ImVec2 c, float s) { arrowGlyph(l, c, s, IM_COL32(251, 217, 153, 255), kInk); },
      ("step arrow (hollow, lighter): last step / lr" + times).c_str());
  legendLine(
      [](ImDrawList* l, ImVec2 c, float s) {
        l->AddLine(ImVec2(c.x - s * 0.5f, c.y), ImVec2(c.x + s * 0.5f, c.y), kSample, 2.0f);
        l->AddLine(ImVec2(c.x, c.y - s * 0.3f), ImVec2(c.x, c.y + s * 0.3f), kSample, 2.0f);
      },
      ("second-moment bars: sqrt(v) along each axis, capped" + times).c_str());
  legendLine([](ImDrawList* l, ImVec2 c,
                float s) { l->AddCircle(c, s * 0.28f, IM_COL32(251, 217, 153, 255), 0, 2.0f); },
             "look-ahead point (light ring, dotted line): where Nesterov-type methods take the gradient");
  legendLine(
      [](ImDrawList* l, ImVec2 c, float s) {
        const float r = s * 0.45f;
        for (int i = 0; i < 5; ++i) {
          const float a = -1.5707963f + 1.2566371f * static_cast<float>(i), b = 0.6283185f;
          const ImVec2 tip(c.x + r * std::cos(a), c.y + r * std::sin(a));
          const ImVec2 left(c.x + 0.38f * r * std::cos(a - b), c.y + 0.38f * r * std::sin(a - b));
          const ImVec2 right(c.x + 0.38f * r * std::cos(a + b), c.y + 0.38f * r * std::sin(a + b));
          l->AddTriangleFilled(tip, left, right, kWhite);
          l->AddTriangleFilled(c, left, right, kWhite);
        }
      },
      "known minimum");
  legendLine(
      [](ImDrawList* l, ImVec2 c, float s) {
        const float r = s * 0.28f;
        l->AddCircle(c, r, kWhite, 0, 2.0f);
        l->AddLine(ImVec2(c.x - r - 3, c.y), ImVec2(c.x + r + 3, c.y), kWhite, 2.0f);
        l->AddLine(ImVec2(c.x, c.y - r - 3), ImVec2(c.x, c.y + r + 3), kWhite, 2.0f);
      },
      "start: drag it, or click the surface, to restart every run there");
  legendLine(
      [](ImDrawList* l, ImVec2 c, float s) {
        const float r = s * 0.3f;
        l->AddQuadFilled(ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y), ImVec2(c.x, c.y + r),
                         ImVec2(c.x - r, c.y), kSample);
      },
      "fork marker: where a forked run split from its parent");
}

void drawPanelToggles(UiState& ui) {
  // The Display panel holds these toggles, so it cannot close itself; every other panel can.
  int shown = 0;
  for (std::size_t i = 0; i < kPanelCount; ++i) {
    if (i == kDisplayPanel) continue;
    if (shown++ % 3 != 0) ImGui::SameLine();
    ImGui::Checkbox(kPanelNames[i], &ui.panelOpen[i]);
  }
}

}  // namespace

void drawDisplayPanel(Model& model, UiState& ui, bool* /*open: it holds the panel toggles, so it stays*/) {
  if (ImGui::Begin("Display", nullptr, kPanelFlags)) {
    drawViewOptions(model.display);
    drawGlyphOptions(model);
    drawUiScale(ui);
    if (ImGui::CollapsingHeader("Legend", ImGuiTreeNodeFlags_DefaultOpen))
      drawLegend(model.display.arrowScale);
    if (ImGui::CollapsingHeader("Panels")) {
      drawPanelToggles(ui);
      hintText("H hides every panel; Space plays, arrows step, R restarts, 1-9 toggle runs.");
      bool caches = frameCachesEnabled();
      if (ImGui::Checkbox("Frame caches", &caches)) setFrameCachesEnabled(caches);
      helpMarker(
          "Keep still panels and the heatmap in offscreen copies instead of drawing them every frame. "
          "Only software rendering (no GPU) gains from it; the picture is the same. Also "
          "GRADSCAPE_FRAME_CACHES=0 in the environment.");
    }
  }
  ImGui::End();
}

}  // namespace gs
