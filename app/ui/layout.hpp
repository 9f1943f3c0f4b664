// Where the fixed panels go: a left sidebar (surface, optimizers, display), a right column (state
// inspector, teach, export) and, between them at the bottom, the plots above the playback bar. What is left
// is the free area the surface views fill. A closed panel gives its room to the others in its column, and
// a column or row with every panel closed gives its room to the views. Below kCompactWidth (times the UI
// scale) two columns and the plots leave the views too little (at 1280x720 about a quarter of the window,
// with labels cut at 1024x768), so the layout turns compact: one side column of full-width panels under a
// strip of tabs (setup: surface, optimizers, display; runs: inspector, teach, export; plots; maps), and the
// playback bar alone under the views. Pure arithmetic, so it is tested without a window.
#pragma once
#include "panels.hpp"

namespace gs {

struct UiLayout {
  Rect surface, optimizers, display;  // left sidebar, top to bottom
  Rect inspector, teach, exporter;    // right column, top to bottom
  Rect plots, playback;               // bottom of the centre
  Rect maps;                          // a column at the right of the views (compact: its own tab)
  Rect views;                         // free for the surface views
  bool compact = false;               // one tabbed side column (see above)
  Rect tabs;                          // the compact column's tab strip; empty when not compact
};

// The side column's tabs in the compact layout.
inline constexpr int kSetupTab = 0, kRunsTab = 1, kPlotsTab = 2, kMapsTab = 3, kSideTabCount = 4;
inline constexpr float kCompactWidth = 1400.0f;  // window width, in pixels at UI scale 1

UiLayout computeLayout(float windowWidth, float windowHeight, float uiScale, bool panelsVisible,
                       const PanelFlags& open = kDefaultPanelsOpen, int sideTab = kSetupTab);

}  // namespace gs
