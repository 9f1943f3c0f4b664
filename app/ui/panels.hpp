// The ImGui side of the app: every panel, the shortcuts, and playback on a fixed time step.
// app.cpp calls these once a frame; they edit the Model, the renderers read it.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "model.hpp"

namespace gs {

struct Rect {
  float x = 0, y = 0, width = 0, height = 0;  // window pixels, origin top-left
};

struct UiState {
  bool panelsVisible = true;    // H hides every panel
  bool presentation = false;    // presentation mode (issue 4)
  float uiScale = 1.0f;         // font and widget scale, for projectors
  bool fontsDirty = true;       // app.cpp rebuilds the font atlas when set (see ui/style.hpp)
  float pendingUiScale = 1.0f;  // the UI scale slider's value while it is dragged
  std::string formulaText;      // the custom-formula box
  std::string formulaError;     // shown inline under it; the current surface stays
  int selectedRun = 0;          // state inspector / explainer
  bool quitRequested = false;

  // Panel-private state, kept here so that panels stay free functions with no globals.
  int formulaErrorColumn = 0;  // 1-based column of formulaError, 0 if none
  struct SurfaceEntry {
    std::string name, title, lesson;
  };
  std::vector<SurfaceEntry> surfaceCatalog;      // filled on first use (building surfaces is not free)
  Domain domainEdit;                             // the domain fields, applied with a button
  std::uint64_t domainEditVersion = UINT64_MAX;  // surfaceVersion domainEdit was copied from
  std::string surfaceError;
  int addOptimizerIndex = 0;
  PlotAxis plotAxis = PlotAxis::Steps;
  std::array<bool, 6> panelOpen{true, true, true, true, true, true};  // indexed like the panel list
};

// Builds all panels for this frame and returns the free area the surface views are drawn in.
Rect drawUi(Model& model, UiState& ui, float windowWidth, float windowHeight);
// Keyboard shortcuts (space, arrows, R, H, 1-9), only when ImGui does not want the keyboard.
void handleShortcuts(Model& model, UiState& ui);
// Advances the runs by the steps owed for dtSeconds of wall time at model.playback.stepsPerSecond.
void advancePlayback(Model& model, double dtSeconds);
// Restarts every run from `start` (a click on the surface, or the start marker dragged there).
void restartAt(Model& model, Vec2 start);

}  // namespace gs
