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

  // Requests (the buttons set them), carried out by AppFrame after the scene (plot PNG) or ImGui
  // (window PNG) is drawn.
  bool plotPngRequested = false;
  bool windowPngRequested = false;

  // GIF recording.
  bool recordSteps = true;  // record the next gifSteps steps; else until stopped
  int gifSteps = 100;
  bool customSize = false;  // else the plot area's size
  int gifWidth = 800, gifHeight = 600;
  float gifFps = 20.0f;
  bool startRequested = false, stopRequested = false;
  // A stopped recording is saved on a worker thread; the window keeps drawing meanwhile. A save that
  // fails or is cancelled keeps the frames, to be saved again (to the path in the box) or discarded.
  bool cancelSaveRequested = false, saveAgainRequested = false, discardRequested = false;
  // Set by AppFrame each frame.
  bool recording = false;
  bool saving = false;            // a recording is being encoded and written
  bool unsavedRecording = false;  // the last save failed or was cancelled; its frames are kept
  float progress = 0.0f;          // recording (0..1 for N steps) or saving (frames encoded / frames)
  int framesRecorded = 0;         // while recording; the frames of the save or of the unsaved recording
  int framesEncoded = 0;          // while saving
  std::string savingPath;         // while saving

  // CSV and JSON of every run, written by the panel when it is drawn (they need no GL).
  bool csvRequested = false, jsonRequested = false;

  void report(std::string text, bool error) {
    message = std::move(text);
    messageIsError = error;
  }
};

}  // namespace gs
