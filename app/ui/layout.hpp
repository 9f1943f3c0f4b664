// Where the fixed panels go: a left sidebar (surface, optimizers, display), a right column (state
// inspector, teach, export) and, between them at the bottom, the plots above the playback bar. What is left
// is the free area the surface views fill. A closed panel gives its room to the others in its column, and
// a column or row with every panel closed gives its room to the views. Pure arithmetic, so it is tested
// without a window.
#pragma once
#include "panels.hpp"

namespace gs {

struct UiLayout {
  Rect surface, optimizers, display;  // left sidebar, top to bottom
  Rect inspector, teach, exporter;    // right column, top to bottom
  Rect plots, playback;               // bottom of the centre
  Rect views;                         // free for the surface views
};

UiLayout computeLayout(float windowWidth, float windowHeight, float uiScale, bool panelsVisible,
                       const PanelFlags& open = kAllPanelsOpen);

}  // namespace gs
