// Every panel's draw function, in the order of PanelId: drawUi dispatches them from one flat list. Each
// draws its window at the place drawUi set, edits the Model and UiState, and clears *open when closed.
#pragma once
#include "model.hpp"
#include "ui/panels.hpp"

namespace gs {

void drawSurfacePanel(Model& model, UiState& ui, bool* open);     // surface_panel.cpp
void drawOptimizersPanel(Model& model, UiState& ui, bool* open);  // optimizers_panel.cpp
void drawDisplayPanel(Model& model, UiState& ui, bool* open);     // display_panel.cpp
void drawInspectorPanel(Model& model, UiState& ui, bool* open);   // inspector_panel.cpp
void drawPlotsPanel(Model& model, UiState& ui, bool* open);       // plots_panel.cpp
void drawPlaybackPanel(Model& model, UiState& ui, bool* open);    // playback_panel.cpp
// The Teach panel: the step-by-step explainer (explainer_panel.cpp) and scenes (scene_panel.cpp).
void drawTeachPanel(Model& model, UiState& ui, bool* open);   // explainer_panel.cpp
void drawExportPanel(Model& model, UiState& ui, bool* open);  // export_panel.cpp
void drawMapsPanel(Model& model, UiState& ui, bool* open);    // maps_panel.cpp

}  // namespace gs
