// What the Export panel shows and asks for, kept in UiState. The panel issues commands (export this
// PNG, start or stop a GIF, ...); the Exporter (export/exporter.hpp), which the controller owns beside
// the scene renderer and the back buffer, carries them out in the same frame and writes back the status.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/maps/map.hpp"

namespace gs {

enum class ExportCommand {
  PlotPng,        // the plot area's scene, rendered offscreen at its size
  WindowPng,      // the whole window, read from the back buffer once ImGui has drawn
  Csv,            // every run's path and losses (no GL)
  Json,           // the same as JSON
  StartGif,       // start recording the plot area (gif options below)
  StopGif,        // stop recording and save it on a worker thread
  CancelGifSave,  // cancel that save (the frames are kept)
  SaveGifAgain,   // save a kept recording again, to gifPath
  DiscardGif,     // drop a kept recording
  MapPng,         // the Maps panel's map (ExportState::map) with axes, colour key and caption
  MapCsv,         // the same map, one row per pixel, as `gradscape map --csv` writes it
};

// The map a MapPng / MapCsv command writes: a copy the Maps panel takes when it issues the command.
struct MapExport {
  MapRequest request;
  MapResult result;
};

// What the exporter reports back each frame.
struct ExportStatus {
  bool recording = false;
  bool saving = false;            // a recording is being encoded and written
  bool unsavedRecording = false;  // the last save failed or was cancelled; its frames are kept
  float progress = 0.0f;          // recording (0..1 for N steps) or saving (frames encoded / frames)
  int framesRecorded = 0;         // while recording; the frames of the save or of the unsaved recording
  int framesEncoded = 0;          // while saving
  std::string savingPath;         // while saving
  bool busy() const { return recording || saving || unsavedRecording; }
};

struct ExportState {
  std::string message;  // last result or error, shown in the panel
  bool messageIsError = false;

  // Where exports go: the file names below are relative to it (an absolute name is used as it is). Empty:
  // the working directory. Chosen in the panel's folder browser and remembered in the settings.
  std::string folder;
  // The path a file name resolves to, absolute (what the status line shows).
  std::string resolve(const std::string& name) const;

  // The folder browser's state while it is open.
  bool browsing = false;
  std::string browseDirectory;
  std::string browseError;

  std::string plotPngPath = "gradscape-plot.png";
  std::string windowPngPath = "gradscape-window.png";
  std::string csvPath = "gradscape-paths.csv";
  std::string jsonPath = "gradscape-paths.json";
  std::string gifPath = "gradscape.gif";
  std::string mapPngPath = "gradscape-map.png";
  std::string mapCsvPath = "gradscape-map.csv";
  std::shared_ptr<const MapExport> map;  // what MapPng / MapCsv write
  std::string importPath;
  bool legend = true;       // run names and hyperparameters burnt into exported images
  bool stepCounter = true;  // "step N" burnt into exported images

  // GIF recording options.
  bool recordSteps = true;  // record the next gifSteps steps; else until stopped
  int gifSteps = 100;
  bool customSize = false;  // else the plot area's size
  int gifWidth = 800, gifHeight = 600;
  float gifFps = 20.0f;

  // Issued by the panel (or the window closing), carried out in order by the exporter this frame.
  std::vector<ExportCommand> commands;
  void issue(ExportCommand command) { commands.push_back(command); }

  ExportStatus status;  // written by the exporter

  void report(std::string text, bool error) {
    message = std::move(text);
    messageIsError = error;
  }
};

}  // namespace gs
