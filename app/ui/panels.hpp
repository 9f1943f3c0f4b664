// The ImGui side of the app: the panels' shared state (UiState), their ids, and drawUi, which the controller
// calls once a frame. The panels edit the Model; the renderers read it. Each panel's function is in the
// flat list of ui/panel_list.hpp; what a panel file offers the rest of the app is in its own header.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model.hpp"
#include "ui/export_state.hpp"
#include "ui/optimizer_editor.hpp"
#include "ui/tune_runs.hpp"
#include "view/run_legend.hpp"

namespace gs {

struct MapsPanelState;     // ui/maps_panel.cpp: the map being computed, its texture, the hovered path
struct PresentationState;  // ui/presentation.cpp: where the caption and the explainer were placed
struct PlotsPanelState;    // ui/plots_panel.cpp: the plots' curves as images

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
  kMapsPanel,
  kPanelCount
};
// Lower-case names, as the Display panel's toggles and the settings file spell them.
extern const std::array<const char*, kPanelCount> kPanelNames;
using PanelFlags = std::array<bool, kPanelCount>;
constexpr PanelFlags kAllPanelsOpen{true, true, true, true, true, true, true, true, true};
// What a fresh settings file opens: every panel but Maps, whose column comes out of the views.
constexpr PanelFlags kDefaultPanelsOpen{true, true, true, true, true, true, true, true, false};

struct UiState {
  bool panelsVisible = true;  // H hides every panel
  bool presentation = false;  // presentation mode: panels hidden, larger fonts, the scene's caption
  float uiScale = 1.0f;       // font and widget scale, for projectors (the user's setting)
  float drawnScale = 0.0f;    // the scale this frame is drawn at (drawScale); 0 before the first frame
  bool fontsDirty = true;     // app.cpp rebuilds the font atlas when set (see ui/style.hpp)
  // The scale fonts, widgets and the scene's marks are drawn at: drawnScale once a frame has set it.
  float scale() const { return drawnScale > 0.0f ? drawnScale : uiScale; }
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
  bool editFromHere = false;  // hyperparameter edits apply from the current step (else: what-if, whole path)
  PlotAxis plotAxis = PlotAxis::Steps;
  PanelFlags panelOpen = kDefaultPanelsOpen;  // closed panels leave their room to the views
  int sideTab = 0;                            // the compact layout's side column tab (ui/layout.hpp SideTab)
  ExportState exportState;
  ProgramEditorState programEditor;  // the Optimizers panel's Program tab
  TuneState tune;                    // the Optimizers panel's Tune and Tune all searches

  // Scenes: what is open, the path box, recent files and the bundled lecture presets.
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
  bool explainGlyph = true;          // draw the sub-step's glyphs on the 2D and 3D views
  bool explainAuto = false;          // advance one sub-step every explainPause seconds (lectures)
  float explainPause = 3.0f;
  double explainLastAdvance = 0.0;  // ImGui time of the last automatic advance

  // Maps panel (ui/maps_panel.hpp): made on first use; shared so UiState stays copyable.
  std::shared_ptr<MapsPanelState> maps;
  // Presentation mode's window placement (ui/presentation.hpp): made on first use, shared for the same
  // reason.
  std::shared_ptr<PresentationState> presentationState;
  std::shared_ptr<PlotsPanelState> plots;  // the same
  bool ignorePointer = false;  // screenshots: no hover or click, wherever the pointer is over the window
  // What the UI drew over the views this frame (presentation's caption, step counter and hint), in window
  // coordinates: the scene keeps its labels (the explainer's plate) out of it.
  std::vector<Rect> overViews;
  // Where presentation mode's step counter left the run legend its room: the scene draws it there.
  LegendCorner runLegendCorner = LegendCorner::Choose;
  bool mapsWait = false;  // screenshots: a map is computed to the end in the frame it starts
};

// Builds all panels for this frame and returns the free area the surface views are drawn in.
Rect drawUi(Model& model, UiState& ui, float windowWidth, float windowHeight);
// After ImGui::Render and before the panels are drawn: the plots' new pictures, stroked on other threads
// since drawUi laid them out, uploaded into the textures their images already name.
void finishPlotsPanel(UiState& ui);
}  // namespace gs
