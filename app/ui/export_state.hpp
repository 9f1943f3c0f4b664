// State of the export panel (PNG, GIF recording, CSV/JSON, CSV import), kept in UiState. The panel sets
// requests; AppFrame, which owns the scene renderer and the back buffer, carries them out each frame.
#pragma once
#include <string>
#include <utility>

namespace gs {

struct ExportState {
  std::string message;  // last result or error, shown in the panel
  bool messageIsError = false;

  std::string plotPngPath = "gradscape-plot.png";
  std::string windowPngPath = "gradscape-window.png";
  std::string csvPath = "gradscape-paths.csv";
  std::string jsonPath = "gradscape-paths.json";
  std::string gifPath = "gradscape.gif";
  std::string importPath;
  bool legend = true;       // run names and hyperparameters burnt into exported images
  bool stepCounter = true;  // "step N" burnt into exported images

  // Requests, carried out by AppFrame after the scene (plot PNG) or ImGui (window PNG) is drawn.
  bool plotPngRequested = false;
  bool windowPngRequested = false;

  // GIF recording.
  bool recordSteps = true;  // record the next gifSteps steps; else until stopped
  int gifSteps = 100;
  bool customSize = false;  // else the plot area's size
  int gifWidth = 800, gifHeight = 600;
  float gifFps = 20.0f;
  bool startRequested = false, stopRequested = false;
  bool recording = false;   // set by AppFrame
  float progress = 0.0f;    // recording (0..1 for N steps) or encoding
  int framesRecorded = 0;

  void report(std::string text, bool error) {
    message = std::move(text);
    messageIsError = error;
  }
};

}  // namespace gs
