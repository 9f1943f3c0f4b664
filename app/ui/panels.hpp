// The ImGui side of the app: every panel, the shortcuts, and playback on a fixed time step.
// app.cpp calls these once a frame; they edit the Model, the renderers read it.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model.hpp"
#include "ui/export_state.hpp"

namespace gs {

struct Rect {
  float x = 0, y = 0, width = 0, height = 0;  // window pixels, origin top-left
};

// Every panel, in the order of UiState::panelOpen.
enum PanelId : std::size_t {
  kSurfacePanel,
  kOptimizersPanel,
  kDisplayPanel,
  kInspectorPanel,
  kPlotsPanel,
  kPlaybackPanel,
  kTeachPanel,
  kExportPanel,
  kPanelCount
};
// Lower-case names, as the Display panel's toggles and the settings file spell them.
extern const std::array<const char*, kPanelCount> kPanelNames;
using PanelFlags = std::array<bool, kPanelCount>;
constexpr PanelFlags kAllPanelsOpen{true, true, true, true, true, true, true, true};

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
  PanelFlags panelOpen = kAllPanelsOpen;  // closed panels leave their room to the views
  ExportState exportState;

  // Scenes (issue 4): what is open, the path box, recent files and the bundled lecture presets.
  std::string sceneTitle, sceneExplanation;  // shown in presentation mode
  std::string scenePath;                     // the file the open scene came from or was saved to
  std::string scenePathEdit;                 // the path box
  std::string sceneError;                    // last load/save error, shown in red under the box
  std::string sceneMessage;                  // last success
  std::vector<std::string> recentScenes;     // most recent first
  struct PresetEntry {
    std::string path, title;
  };
  std::vector<PresetEntry> presets;  // filled on first use
  bool presetsScanned = false;
  int presetIndex = -1;
  std::optional<View2D> pendingView2d;  // a loaded scene's own 2D view, applied after the app reframes

  // Step-by-step explainer: sub-step `explainSubStep` of the selected run's last update.
  int explainSubStep = 0;
  std::int64_t explainForStep = -1;  // the run step the sub-step index belongs to
  bool explainGlyph = true;          // draw the sub-step's arrow/point/rect on the 2D view
};

// Builds all panels for this frame and returns the free area the surface views are drawn in.
Rect drawUi(Model& model, UiState& ui, float windowWidth, float windowHeight);
// Keyboard shortcuts (space, arrows, R, H, P, 1-9), only when ImGui does not want the keyboard.
void handleShortcuts(Model& model, UiState& ui);
// Advances the runs by the steps owed for dtSeconds of wall time at model.playback.stepsPerSecond.
void advancePlayback(Model& model, double dtSeconds);
// Restarts every run from `start` (a click on the surface, or the start marker dragged there).
void restartAt(Model& model, Vec2 start);

// Teaching (issue 4): the Teach panel (explainer + scenes) and presentation mode.
void drawTeachPanel(Model& model, UiState& ui, bool* open);
void drawSceneSection(Model& model, UiState& ui);      // scene_panel.cpp
void drawExplainerSection(Model& model, UiState& ui);  // explainer_panel.cpp
// Loads a scene file into `model` (replacing it) and remembers it as recent; on error returns the message
// (it starts with the path) and leaves model and ui's scene fields as they were.
std::optional<std::string> loadSceneInto(Model& model, UiState& ui, const std::string& path);
// Saves what is open (with ui's title and explanation) atomically; error message or nullopt.
std::optional<std::string> saveSceneFrom(const Model& model, UiState& ui, const std::string& path);
// Puts `path` first in the recent list (no duplicates, at most kMaxRecentScenes).
inline constexpr std::size_t kMaxRecentScenes = 8;
void rememberRecentScene(UiState& ui, const std::string& path);
// Explainer navigation over the selected run's sub-steps. Next past the last sub-step steps the runner
// (pausing playback) and starts again at sub-step 0; Previous stops at 0.
int explainerSubStepCount(const Model& model, const UiState& ui);
void explainerPrevious(Model& model, UiState& ui);
void explainerNext(Model& model, UiState& ui);
// Keeps selectedRun and explainSubStep in range (and resets the sub-step when the run has stepped).
void syncExplainer(const Model& model, UiState& ui);
// Foreground overlays over the free area `views` (window coordinates): the explainer's glyph on the 2D
// view, and in presentation mode the scene's title and explanation.
void drawExplainerGlyph(const Model& model, const UiState& ui, const Rect& views);
void drawPresentationOverlay(const UiState& ui, const Rect& views);
// Toggles presentation mode (fonts are rebuilt before the next frame).
void togglePresentation(UiState& ui);

}  // namespace gs
