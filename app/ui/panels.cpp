// The flat list of panels and the frame's UI entry point.
#include "panels.hpp"

#include <algorithm>
#include <span>
#include <string_view>

#include "layout.hpp"
#include "panel_common.hpp"
#include "ui/explainer_panel.hpp"
#include "ui/format.hpp"
#include "ui/maps_panel.hpp"
#include "ui/presentation.hpp"
#include "ui/style.hpp"

namespace gs {
namespace {

struct PanelEntry {
  void (*draw)(Model&, UiState&, bool*);
  Rect UiLayout::*place;
};

// In PanelId order.
constexpr PanelEntry kPanels[] = {
    {drawSurfacePanel, &UiLayout::surface}, {drawOptimizersPanel, &UiLayout::optimizers},
    {drawDisplayPanel, &UiLayout::display}, {drawInspectorPanel, &UiLayout::inspector},
    {drawPlotsPanel, &UiLayout::plots},     {drawPlaybackPanel, &UiLayout::playback},
    {drawTeachPanel, &UiLayout::teach},     {drawExportPanel, &UiLayout::exporter},
    {drawMapsPanel, &UiLayout::maps},
};
static_assert(std::size(kPanels) == kPanelCount);
// The order panels are laid out in: Plots right after the panels whose edits change what it plots (the
// surface, the optimizers' settings), so that its changed curves are stroked on other threads (see
// plots_panel.cpp) while the later panels are laid out. Panels are tiled, so the order shows nowhere.
constexpr PanelId kLayoutOrder[] = {kSurfacePanel, kOptimizersPanel, kPlotsPanel,
                                    kDisplayPanel, kInspectorPanel,  kPlaybackPanel,
                                    kTeachPanel,   kExportPanel,     kMapsPanel};
static_assert(std::size(kLayoutOrder) == kPanelCount);

void drawHiddenHint() {
  const char* hint = "H: show panels";
  ImDrawList* list = ImGui::GetForegroundDrawList();
  const ImVec2 pad = ImGui::GetStyle().WindowPadding;
  list->AddText(ImVec2(pad.x, pad.y), IM_COL32(255, 255, 255, 150), hint);
}

// The compact layout's tab strip: one button per group of panels, the shown one highlighted. Buttons
// rather than an ImGui tab bar, so that UiState::sideTab stays the one source of truth.
// The panels each side tab shows (ui/layout.cpp's compact layout).
constexpr PanelId kSetupPanels[] = {kSurfacePanel, kOptimizersPanel, kDisplayPanel};
constexpr PanelId kRunsPanels[] = {kInspectorPanel, kTeachPanel, kExportPanel};
constexpr PanelId kPlotsPanels[] = {kPlotsPanel};
constexpr PanelId kMapsPanels[] = {kMapsPanel};
constexpr std::array<std::span<const PanelId>, kSideTabCount> kSideTabPanels = {kSetupPanels, kRunsPanels,
                                                                                kPlotsPanels, kMapsPanels};

void drawSideTabs(UiState& ui, const Rect& place) {
  ImGui::SetNextWindowPos(ImVec2(place.x, place.y));
  ImGui::SetNextWindowSize(ImVec2(place.width, place.height));
  const ImGuiWindowFlags flags = kPanelFlags | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar |
                                 ImGuiWindowFlags_NoScrollWithMouse;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4.0f, 4.0f));
  if (ImGui::Begin("##side tabs", nullptr, flags)) {
    static constexpr const char* kLabels[kSideTabCount] = {"Setup", "Runs", "Plots", "Maps"};
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float width = (ImGui::GetContentRegionAvail().x - spacing * (kSideTabCount - 1)) / kSideTabCount;
    for (int i = 0; i < kSideTabCount; ++i) {
      if (i > 0) ImGui::SameLine();
      const bool shown = ui.sideTab == i;
      if (shown) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
      if (ImGui::Button(kLabels[i], ImVec2(width, 0.0f))) {
        ui.sideTab = i;
        // A tab whose panels are all closed would show an empty column: choosing it opens them.
        const std::span<const PanelId> panels = kSideTabPanels[static_cast<std::size_t>(i)];
        if (std::none_of(panels.begin(), panels.end(), [&](PanelId id) { return ui.panelOpen[id]; }))
          for (const PanelId id : panels) ui.panelOpen[id] = true;
      }
      if (shown) ImGui::PopStyleColor();
    }
  }
  ImGui::End();
  ImGui::PopStyleVar();
}

}  // namespace

const std::array<const char*, kPanelCount> kPanelNames = {
    "surface", "optimizers", "display", "inspector", "plots", "playback", "teach", "export", "maps"};

void colorSwatch(const Color& color) {
  const float size = ImGui::GetTextLineHeight();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + size, at.y + size), toImColor(color),
                                            size * 0.2f);
  ImGui::Dummy(ImVec2(size, size));
  ImGui::SameLine();
}

void sameLineIfFits(float width) {
  const float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width;
  if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

void helpMarker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

std::string wrappedAtSpaces(const std::string& text, float width) {
  std::string wrapped;
  for (const std::string& line :
       wrapAtSpaces(text, std::max(width, ImGui::GetFontSize()), [](std::string_view piece) {
         return ImGui::CalcTextSize(piece.data(), piece.data() + piece.size()).x;
       }))
    wrapped += (wrapped.empty() ? "" : "\n") + line;
  return wrapped;
}

void textWrappedAtSpaces(const std::string& text) {
  const std::string wrapped = wrappedAtSpaces(text, ImGui::GetContentRegionAvail().x);
  ImGui::PushTextWrapPos(-1.0f);  // one item, its lines at the font's line spacing; ImGui wraps no further
  ImGui::TextUnformatted(wrapped.c_str());
  ImGui::PopTextWrapPos();
}

void hintText(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  textWrappedAtSpaces(text);
  ImGui::PopStyleColor();
}

void errorText(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, themeColors().error);
  textWrappedAtSpaces(text);
  ImGui::PopStyleColor();
}

Rect drawUi(Model& model, UiState& ui, float windowWidth, float windowHeight) {
  model.hoveredRun = -1;  // the plots set it again while the mouse is over one
  model.hoveredStep = -1;
  if (ui.pendingView2d) {  // a loaded scene's own view, after the app has framed the new surface
    model.view2d = *ui.pendingView2d;
    ui.pendingView2d.reset();
  }
  syncExplainer(model, ui);
  collectTunes(model, ui.tune);  // searches that finished are applied even with the panel closed
  useTheme(model.display.theme == Theme::Light);
  // Presentation mode hides the panels as H does, and shows the scene's title and explanation instead.
  const bool panels = ui.panelsVisible && !ui.presentation;
  const UiLayout layout =
      computeLayout(windowWidth, windowHeight, ui.scale(), panels, ui.panelOpen, ui.sideTab);
  ui.overViews.clear();
  ui.runLegendCorner = LegendCorner::Choose;
  if (ui.presentation) {  // the views make room for the explainer's column
    drawMapOverlay(model, ui, presentationViews(ui, layout.views));
    drawPresentationOverlay(model, ui, layout.views);
    return presentationViews(ui, layout.views);  // as the explainer is now (its arrow may have folded it)
  }
  drawMapOverlay(model, ui, layout.views);
  if (!panels) {
    drawHiddenHint();
    return layout.views;
  }
  if (layout.compact && layout.tabs.width >= 1.0f && layout.tabs.height >= 1.0f)
    drawSideTabs(ui, layout.tabs);
  for (const PanelId i : kLayoutOrder) {
    bool* open = &ui.panelOpen[i];
    if (!*open) continue;
    const Rect& place = layout.*kPanels[i].place;
    if (place.width < 1.0f || place.height < 1.0f) continue;
    ImGui::SetNextWindowPos(ImVec2(place.x, place.y));
    ImGui::SetNextWindowSize(ImVec2(place.width, place.height));
    kPanels[i].draw(model, ui, open);
  }
  return layout.views;
}

}  // namespace gs
