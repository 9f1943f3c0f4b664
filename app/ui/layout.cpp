#include "layout.hpp"

#include <algorithm>
#include <initializer_list>

namespace gs {
namespace {

// One panel of a sidebar: its place in the layout, whether it is open, and the height it wants (0: it
// takes what the others leave, as the growing run list and inspector do).
struct Slot {
  Rect UiLayout::*place;
  bool open;
  float wanted;
};

// Stacks the open slots of a column from the top. Fixed panels get the height they want (never more than
// the column); the growing panel, or the last open one when the growing one is closed, takes the rest.
void stackColumn(UiLayout& layout, float x, float width, float height, std::initializer_list<Slot> slots,
                 float top = 0.0f) {
  float fixed = 0.0f;
  const Slot* grower = nullptr;
  const Slot* last = nullptr;
  for (const Slot& slot : slots) {
    if (!slot.open) continue;
    last = &slot;
    if (slot.wanted > 0.0f)
      fixed += slot.wanted;
    else if (!grower)
      grower = &slot;
  }
  if (!grower) grower = last;
  float y = 0.0f;
  height = std::max(height - top, 0.0f);
  for (const Slot& slot : slots) {
    if (!slot.open) continue;
    float h = &slot == grower ? std::max(height - fixed + (slot.wanted > 0.0f ? slot.wanted : 0.0f), 0.0f)
                              : slot.wanted;
    h = std::min(h, std::max(height - y, 0.0f));
    layout.*slot.place = {x, top + y, width, h};
    y += h;
  }
}

// One side column on the left with a tab strip on top; only the chosen tab's panels get room, each at
// the column's full width, which is what the panels were designed for.
UiLayout compactLayout(float width, float height, float scale, const PanelFlags& open, int sideTab) {
  UiLayout layout;
  layout.compact = true;
  const bool sideOpen = open[kSurfacePanel] || open[kOptimizersPanel] || open[kDisplayPanel] ||
                        open[kInspectorPanel] || open[kTeachPanel] || open[kExportPanel] ||
                        open[kPlotsPanel] || open[kMapsPanel];
  const float column = sideOpen ? std::min(360.0f * scale, 0.4f * width) : 0.0f;
  const float tabs = sideOpen ? std::min(34.0f * scale, 0.1f * height) : 0.0f;
  layout.tabs = {0, 0, column, tabs};
  const float centre = std::max(width - column, 0.0f);
  const float playback = open[kPlaybackPanel] ? std::min(134.0f * scale, 0.25f * height) : 0.0f;
  if (sideTab == kSetupTab)
    stackColumn(layout, 0.0f, column, height,
                {{&UiLayout::surface, open[kSurfacePanel], std::min(265.0f * scale, 0.32f * height)},
                 {&UiLayout::optimizers, open[kOptimizersPanel], 0.0f},
                 {&UiLayout::display, open[kDisplayPanel], std::min(300.0f * scale, 0.3f * height)}},
                tabs);
  else if (sideTab == kRunsTab)
    stackColumn(layout, 0.0f, column, height,
                {{&UiLayout::inspector, open[kInspectorPanel], 0.0f},
                 {&UiLayout::teach, open[kTeachPanel], std::min(420.0f * scale, 0.42f * height)},
                 {&UiLayout::exporter, open[kExportPanel], std::min(250.0f * scale, 0.26f * height)}},
                tabs);
  else if (sideTab == kPlotsTab && open[kPlotsPanel])
    layout.plots = {0, tabs, column, std::max(height - tabs, 0.0f)};
  else if (sideTab == kMapsTab && open[kMapsPanel])
    layout.maps = {0, tabs, column, std::max(height - tabs, 0.0f)};
  layout.playback = {column, height - playback, centre, playback};
  layout.views = {column, 0, centre, std::max(height - playback, 0.0f)};
  return layout;
}

}  // namespace

UiLayout computeLayout(float windowWidth, float windowHeight, float uiScale, bool panelsVisible,
                       const PanelFlags& open, int sideTab) {
  const float width = std::max(windowWidth, 0.0f), height = std::max(windowHeight, 0.0f);
  UiLayout layout;
  if (!panelsVisible) {
    layout.views = {0, 0, width, height};
    return layout;
  }
  const float scale = std::clamp(uiScale, 0.5f, 4.0f);
  if (width < kCompactWidth * scale) return compactLayout(width, height, scale, open, sideTab);
  const bool leftOpen = open[kSurfacePanel] || open[kOptimizersPanel] || open[kDisplayPanel];
  const bool rightOpen = open[kInspectorPanel] || open[kTeachPanel] || open[kExportPanel];
  // Sidebars never take more than a quarter of the width each, so the views keep at least half of it
  // (unless the Maps panel is opened: its column comes out of the views).
  const float left = leftOpen ? std::min(340.0f * scale, 0.25f * width) : 0.0f;
  const float right = rightOpen ? std::min(380.0f * scale, 0.25f * width) : 0.0f;
  const float centre = std::max(width - left - right, 0.0f);
  const float playback = open[kPlaybackPanel] ? std::min(134.0f * scale, 0.25f * height) : 0.0f;
  const float plots = open[kPlotsPanel] ? std::min(230.0f * scale, 0.3f * height) : 0.0f;

  // The surface and display panels hold a fixed amount; the run list, which grows, takes the rest.
  stackColumn(layout, 0.0f, left, height,
              {{&UiLayout::surface, open[kSurfacePanel], std::min(265.0f * scale, 0.32f * height)},
               {&UiLayout::optimizers, open[kOptimizersPanel], 0.0f},
               {&UiLayout::display, open[kDisplayPanel], std::min(300.0f * scale, 0.3f * height)}});
  // Right column: the inspector (which grows), the teach panel (explainer and scenes), the export panel.
  stackColumn(layout, width - right, right, height,
              {{&UiLayout::inspector, open[kInspectorPanel], 0.0f},
               {&UiLayout::teach, open[kTeachPanel], std::min(420.0f * scale, 0.42f * height)},
               {&UiLayout::exporter, open[kExportPanel], std::min(250.0f * scale, 0.26f * height)}});
  layout.playback = {left, height - playback, centre, playback};
  layout.plots = {left, height - playback - plots, centre, plots};
  // The Maps panel, when open, takes a column at the right of the views (it holds a square map).
  const float maps = open[kMapsPanel] ? std::min(340.0f * scale, 0.35f * centre) : 0.0f;
  const float viewsHeight = std::max(height - playback - plots, 0.0f);
  layout.maps = {left + centre - maps, 0, maps, viewsHeight};
  layout.views = {left, 0, centre - maps, viewsHeight};
  return layout;
}

}  // namespace gs
