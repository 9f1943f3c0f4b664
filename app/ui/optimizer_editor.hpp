// The optimizer editor, the Program tab of the Optimizers panel: a run's update rule as a program
// (core/optim/program.hpp), compiled on every edit. A version that compiles replaces the run's optimizer
// at once and its whole path is recomputed from its start (the what-if rule); one that does not shows its
// error with line and column, marked in the text, while the run keeps its last working version. New runs
// start from a template (assets/optimizers/*.gso) or from a built-in run copied as a program with its
// current settings written in; programs load from and save to .gso files.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/optim/program.hpp"
#include "model.hpp"

namespace gs {

struct UiState;  // ui/panels.hpp

struct ProgramEditorState {
  std::string text;         // what the editor shows (it may not compile)
  std::string appliedText;  // the text of the version the run runs; the editor reloads when the run's differs
  int editedRun = -1;       // the run `text` belongs to
  ProgramError error;       // why `text` does not compile (message empty when it does)
  std::string path;         // the .gso file Load and Save read and write (set from folder and fileName)
  std::string folder;       // the folder of .gso files (the folder chooser's); empty: the working folder
  std::string fileName;     // the file name box ("my_adam.gso")
  std::string browseDirectory, browseError;  // the folder chooser while it is open
  std::string message;                       // the last load, save or copy
  bool messageIsError = false;
  int templateIndex = 0;
  std::vector<std::string> templates;  // file names in programDirectory(), scanned on first use
  bool templatesScanned = false;
  bool selectTab = false;  // bring the Program tab to the front on the next frame
};

// Where the bundled programs are (assets/optimizers).
std::string programDirectory();

// Run `index` runs `program` from now on, as if it always had: its whole path is recomputed from its
// start. Hyperparameters set away from their declared defaults (with their sliders) keep their values
// where the new version declares them and its range holds them; the others take the new version's
// defaults. The schedule, batch size and seed stay. A fork's path no longer comes from its parent,
// so it stops being a fork.
void setRunProgram(Model& model, std::size_t index, const Program& program);
// A new run of `program` (next colour), stepped to the current step; returns its index.
std::size_t addProgramRun(Model& model, const Program& program);
// After an edit of state.text: compiles it for run state.editedRun. Compiled, the run gets it (true);
// else state.error says why and the run keeps the version it has (false).
bool applyEditorText(Model& model, ProgramEditorState& state);
// The editor follows run `index`: its program's text, unless the editor holds an edit of that same run
// that does not compile yet (the error stays until it is fixed or the run's program changes elsewhere).
void followRun(const Model& model, ProgramEditorState& state, int index);
// Reads state.path into the editor and applies it (an unreadable file or a compile error is reported in
// state and changes nothing); writes the editor's text to state.path atomically.
void loadProgramFile(Model& model, ProgramEditorState& state);
void saveProgramFile(ProgramEditorState& state);

// The scale a named vector is first drawn at when chosen (RunLook::glyphScale): a round number (1, 2 or
// 5 times a power of ten) that makes `value` about `targetLength` long (surface units), never longer;
// 1 for a zero or non-finite value.
double roundGlyphScale(Vec2 value, double targetLength);
// Run `index` draws its program's vector `name` at its ball ("" for none), first at roundGlyphScale
// of its current value against the surface's domain; a name it had before keeps its scale.
void chooseValueGlyph(Model& model, std::size_t index, const std::string& name);

// Where Load and Save go: `name` in `folder`, or `name` itself when it is an absolute path; empty without
// a name.
std::string programFilePath(const std::string& folder, const std::string& name);
// The .gso files in `folder`, by name (none where it cannot be read).
std::vector<std::string> programFiles(const std::string& folder);

// The tab's contents (optimizers_panel.cpp draws it inside its tab bar).
void drawOptimizerEditor(Model& model, UiState& ui);

}  // namespace gs
