// The optimizer editor (optimizer_editor.hpp): the Program tab of the Optimizers panel.
#include "ui/optimizer_editor.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <system_error>
#include <utility>
#include <variant>

#include "core/io/atomic_file.hpp"
#include "core/io/scene.hpp"
#include "core/optim/program_from_builtin.hpp"
#include "field_table.hpp"
#include "folder_chooser.hpp"
#include "format.hpp"
#include "panel_common.hpp"

namespace gs {

std::string programDirectory() {
  std::string directory = GRADSCAPE_ASSET_DIR;
  directory += "/optimizers";
  return directory;
}

void setRunProgram(Model& model, std::size_t index, const Program& program) {
  if (index >= model.runner.size()) return;
  const Run& run = model.runner.run(index);
  Optimizer next = Optimizer::fromProgram(program);
  // A value moved away from its declared default (a slider) stays; one still at its default follows the
  // new declaration (the text's default was what was edited). Refused where the new range does not hold it.
  if (const ProgramRun* previous = run.optimizer().programRun())
    for (const ParamInfo& declared : previous->params()) {
      const std::optional<double> value = previous->param(declared.name);
      if (value && *value != declared.defaultValue) next.setParam(declared.name, *value);
    }
  RunSpec spec{run.label(), std::move(next), run.schedule(), run.batchSize(), run.spec().seed};
  model.runner.replaceRun(index, std::move(spec));
  Run& replaced = model.runner.run(index);
  if (!replaced.namedByUser()) replaced.setLabel(runName(replaced.optimizer()), false);
}

std::size_t addProgramRun(Model& model, const Program& program) {
  Optimizer optimizer = Optimizer::fromProgram(program);
  std::string label = runName(optimizer);
  return addRun(model, RunSpec{std::move(label), std::move(optimizer), Schedule{}, 0, 1});
}

double roundGlyphScale(Vec2 value, double targetLength) {
  const double length = norm(value);
  if (!(length > 0.0) || !std::isfinite(length) || !(targetLength > 0.0) || !std::isfinite(targetLength))
    return 1.0;
  const double wanted = targetLength / length;
  const double decade = std::pow(10.0, std::floor(std::log10(wanted)));
  for (const double step : {5.0, 2.0, 1.0})
    if (step * decade <= wanted) return std::clamp(step * decade, 1.0 / kMaxGlyphScale, kMaxGlyphScale);
  return std::clamp(decade, 1.0 / kMaxGlyphScale, kMaxGlyphScale);
}

void chooseValueGlyph(Model& model, std::size_t index, const std::string& name) {
  if (index >= model.runner.size()) return;
  Run& run = model.runner.run(index);
  RunLook& look = run.look();
  if (name == look.glyphName) return;
  look.glyphName = name;
  look.glyphScale = 1.0;
  const ProgramRun* program = run.optimizer().programRun();
  const std::optional<Vec2> value = program ? program->vectorValue(name) : std::nullopt;
  if (!value) return;
  // A seventh of the domain's smaller side: visible beside the ball, inside the 2D view's arrow bound.
  const Domain& domain = model.runner.surface().domain;
  look.glyphScale =
      roundGlyphScale(*value, std::min(domain.xMax - domain.xMin, domain.yMax - domain.yMin) / 7.0);
}

namespace {

const ProgramRun* programOf(const Model& model, int index) {
  if (index < 0 || static_cast<std::size_t>(index) >= model.runner.size()) return nullptr;
  return model.runner.run(static_cast<std::size_t>(index)).optimizer().programRun();
}

void report(ProgramEditorState& state, std::string message, bool isError) {
  state.message = std::move(message);
  state.messageIsError = isError;
}

}  // namespace

bool applyEditorText(Model& model, ProgramEditorState& state) {
  if (!programOf(model, state.editedRun)) return false;
  auto compiled = compileProgram(state.text);
  if (auto* error = std::get_if<ProgramError>(&compiled)) {
    state.error = std::move(*error);
    if (state.error.message.empty()) state.error.message = "does not compile";
    return false;
  }
  state.error = ProgramError{};
  setRunProgram(model, static_cast<std::size_t>(state.editedRun), std::get<Program>(compiled));
  state.appliedText = state.text;
  return true;
}

void followRun(const Model& model, ProgramEditorState& state, int index) {
  const ProgramRun* program = programOf(model, index);
  if (!program) {
    state.editedRun = index;
    state.appliedText.clear();
    state.error = ProgramError{};
    return;
  }
  const std::string& text = program->program().text();
  if (state.editedRun == index && state.appliedText == text) return;  // up to date (or an edit in progress)
  state.editedRun = index;
  state.text = text;
  state.appliedText = text;
  state.error = ProgramError{};
}

std::string programFilePath(const std::string& folder, const std::string& name) {
  namespace fs = std::filesystem;
  if (name.empty() || fs::path(name).is_absolute()) return name;
  return (fs::path(folder.empty() ? std::string(".") : folder) / name).string();
}

std::vector<std::string> programFiles(const std::string& folder) {
  namespace fs = std::filesystem;
  std::vector<std::string> names;
  std::error_code error;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error))
    if (std::error_code ignored; it->path().extension() == ".gso" && it->is_regular_file(ignored))
      names.push_back(it->path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

void loadProgramFile(Model& model, ProgramEditorState& state) {
  std::string text;
  if (state.path.empty()) return report(state, "Type or choose the name of a .gso file first.", true);
  if (const auto error = readWholeFile(state.path, text, kMaxProgramLength))
    return report(state, *error, true);
  auto compiled = compileProgram(text);
  if (auto* error = std::get_if<ProgramError>(&compiled))
    return report(state, state.path + ": " + toString(*error) + " (nothing changed)", true);
  const Program program = std::get<Program>(compiled).withSourcePath(state.path);
  if (programOf(model, state.editedRun)) {
    setRunProgram(model, static_cast<std::size_t>(state.editedRun), program);
  } else {
    state.editedRun = static_cast<int>(addProgramRun(model, program));
  }
  state.text = state.appliedText = text;
  state.error = ProgramError{};
  report(state, "Loaded " + state.path, false);
}

void saveProgramFile(ProgramEditorState& state) {
  if (state.path.empty()) return report(state, "Type the name to save as (e.g. my_adam.gso) first.", true);
  if (const auto error = writeFileAtomically(state.path, state.text)) return report(state, *error, true);
  report(state, "Saved " + state.path, false);
}

namespace {

void scanTemplates(ProgramEditorState& state) {
  if (state.templatesScanned) return;
  state.templatesScanned = true;
  namespace fs = std::filesystem;
  std::error_code error;
  for (fs::directory_iterator it(programDirectory(), error), end; !error && it != end; it.increment(error))
    if (it->path().extension() == ".gso") state.templates.push_back(it->path().filename().string());
  std::sort(state.templates.begin(), state.templates.end());
  const auto sign = std::find(state.templates.begin(), state.templates.end(), "sign_momentum.gso");
  if (sign != state.templates.end()) state.templateIndex = static_cast<int>(sign - state.templates.begin());
}

std::string runTitle(const Model& model, std::size_t index) {
  return "#" + std::to_string(index + 1) + " " + model.runner.run(index).label();
}

// Which run the editor edits: the selected run, shared with the inspector and the explainer.
void drawRunChoice(Model& model, UiState& ui) {
  const std::size_t count = model.runner.size();
  const std::size_t selected = static_cast<std::size_t>(ui.selectedRun);
  ImGui::SetNextItemWidth(-1.0f);
  if (ImGui::BeginCombo("##editedRun", runTitle(model, selected).c_str())) {
    for (std::size_t i = 0; i < count; ++i) {
      ImGui::PushID(static_cast<int>(i));
      colorSwatch(model.runner.run(i).look().color);
      ImGui::SameLine();
      if (ImGui::Selectable(runTitle(model, i).c_str(), i == selected)) ui.selectedRun = static_cast<int>(i);
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
}

// New runs: from a bundled program, or the selected built-in run copied as a program.
void drawNewRun(Model& model, UiState& ui, ProgramEditorState& state) {
  scanTemplates(state);
  if (!state.templates.empty()) {
    state.templateIndex = std::clamp(state.templateIndex, 0, static_cast<int>(state.templates.size()) - 1);
    const float button = ImGui::CalcTextSize("New run").x + 2.0f * ImGui::GetStyle().FramePadding.x;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - button - ImGui::GetStyle().ItemSpacing.x);
    const std::string& current = state.templates[static_cast<std::size_t>(state.templateIndex)];
    if (ImGui::BeginCombo("##template", current.c_str())) {
      for (std::size_t i = 0; i < state.templates.size(); ++i)
        if (ImGui::Selectable(state.templates[i].c_str(), static_cast<int>(i) == state.templateIndex))
          state.templateIndex = static_cast<int>(i);
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button("New run")) {
      state.path = programDirectory() + "/" + current;
      state.editedRun = -1;  // load adds a run
      loadProgramFile(model, state);
      if (!state.messageIsError) {
        ui.selectedRun = state.editedRun;
        state.path.clear();  // a save must not overwrite the bundled template by accident
        report(state, "New run from " + current + ": edit it below, then save it as your own .gso.", false);
      }
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(
          "Adds a run of this program (a template from assets/optimizers/), to edit and race the others.");
  }
  const std::size_t selected = static_cast<std::size_t>(ui.selectedRun);
  if (selected >= model.runner.size()) return;
  const Optimizer& optimizer = model.runner.run(selected).optimizer();
  if (optimizer.programRun()) return;
  if (ImGui::Button("Copy this built-in as a program")) {
    auto copy = builtinAsProgram(optimizer, programDirectory());
    if (auto* error = std::get_if<std::string>(&copy)) {
      report(state, *error, true);
    } else {
      const ProgramCopy& program = std::get<ProgramCopy>(copy);
      auto compiled = compileProgram(program.text);
      if (auto* failed = std::get_if<ProgramError>(&compiled)) {
        report(state, program.file + ": " + toString(*failed), true);
      } else {
        Program copied = std::get<Program>(std::move(compiled));
        const std::size_t index = addProgramRun(model, copied);
        // Same settings, same schedule: the copy's path lies on the built-in's until you edit it.
        const Run& builtin = model.runner.run(selected);
        model.runner.replayRun(index, 0, [&](Run& run) {
          run.setSettings({run.optimizer().paramValues(), builtin.schedule(), builtin.batchSize()});
        });
        ui.selectedRun = static_cast<int>(index);
        report(state,
               "Copied " + model.runner.run(selected).label() + " as a program (from " + program.file +
                   " with its values); its path lies on the built-in's until you edit it.",
               false);
      }
    }
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Adds a run whose optimizer is this built-in written as a program, with its current settings "
        "(nesterov, amsgrad, lr, betas, ...) written in. It steps bit for bit as the built-in does.");
}

// The error's line tinted and a caret under its column, drawn over the text box (sized to hold every
// line, so a line's place in it is its number times the line height).
void markError(const ProgramEditorState& state, ImVec2 boxMin, ImVec2 boxMax) {
  if (state.error.message.empty() || state.error.line <= 0) return;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float lineHeight = ImGui::GetFontSize();
  const float top = boxMin.y + style.FramePadding.y + static_cast<float>(state.error.line - 1) * lineHeight;
  if (top + lineHeight > boxMax.y) return;
  std::size_t lineStart = 0;
  for (int line = 1; line < state.error.line; ++line) {
    const std::size_t next = state.text.find('\n', lineStart);
    if (next == std::string::npos) return;
    lineStart = next + 1;
  }
  const std::size_t lineEnd = std::min(state.text.find('\n', lineStart), state.text.size());
  const std::size_t column =
      std::min(lineStart + static_cast<std::size_t>(std::max(state.error.column - 1, 0)), lineEnd);
  const char* text = state.text.c_str();
  const float caretX =
      boxMin.x + style.FramePadding.x + ImGui::CalcTextSize(text + lineStart, text + column).x;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(ImVec2(boxMin.x + 1.0f, top), ImVec2(boxMax.x - 1.0f, top + lineHeight),
                      IM_COL32(230, 60, 50, 60));
  draw->AddRectFilled(ImVec2(boxMin.x + 1.0f, top), ImVec2(boxMin.x + 4.0f, top + lineHeight),
                      IM_COL32(230, 60, 50, 255));  // the marker in the margin
  const float size = lineHeight * 0.3f;
  const float base = top + lineHeight;
  draw->AddTriangleFilled(ImVec2(caretX, base - size), ImVec2(caretX - size, base + size * 0.6f),
                          ImVec2(caretX + size, base + size * 0.6f), IM_COL32(255, 90, 80, 255));
}

void drawTextBox(Model& model, ProgramEditorState& state) {
  const float lineHeight = ImGui::GetFontSize();
  const int lines = static_cast<int>(std::count(state.text.begin(), state.text.end(), '\n')) + 2;
  const float height =
      static_cast<float>(std::max(lines, 8)) * lineHeight + 2.0f * ImGui::GetStyle().FramePadding.y;
  if (ImGui::InputTextMultiline("##program", &state.text, ImVec2(-1.0f, height),
                                ImGuiInputTextFlags_AllowTabInput))
    applyEditorText(model, state);
  markError(state, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  if (!state.error.message.empty())
    errorText(toString(state.error) + ". The run keeps its last version that compiled.");
}

// The folder (the folder chooser), the file's name (typed, or one of the folder's .gso files), Load, Save.
void drawFiles(Model& model, ProgramEditorState& state) {
  if (state.folder.empty()) {
    std::error_code error;
    state.folder = std::filesystem::current_path(error).string();
  }
  ImGui::TextUnformatted("Folder:");
  ImGui::SameLine();
  if (ImGui::SmallButton("Choose...##gsoFolder")) {
    state.browseDirectory = state.folder;
    ImGui::OpenPopup("Folder of .gso files");
  }
  sameLineIfFits(ImGui::CalcTextSize(state.folder.c_str()).x);  // a long path gets its own (wrapped) line
  hintText(state.folder);
  if (const auto chosen = drawFolderChooser("Folder of .gso files", state.browseDirectory, state.browseError))
    state.folder = *chosen;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float buttons = ImGui::CalcTextSize("LoadSave").x + 4.0f * style.FramePadding.x +
                        2.0f * style.ItemSpacing.x + ImGui::GetFrameHeight();
  ImGui::SetNextItemWidth(std::max(ImGui::GetContentRegionAvail().x - buttons, ImGui::GetFontSize() * 6.0f));
  ImGui::InputTextWithHint("##gsoName", "my_optimizer.gso", &state.fileName);
  ImGui::SameLine(0.0f, 0.0f);
  if (ImGui::BeginCombo("##gsoFiles", nullptr, ImGuiComboFlags_NoPreview | ImGuiComboFlags_PopupAlignLeft)) {
    const std::vector<std::string> files = programFiles(state.folder);
    if (files.empty()) ImGui::TextDisabled("no .gso files here");
    for (const std::string& file : files)
      if (ImGui::Selectable(file.c_str(), file == state.fileName)) state.fileName = file;
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The .gso files in the folder");
  ImGui::SameLine();
  if (ImGui::Button("Load")) {
    state.path = programFilePath(state.folder, state.fileName);
    loadProgramFile(model, state);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Read the .gso file into this run (or a new run).");
  ImGui::SameLine();
  if (ImGui::Button("Save")) {
    state.path = programFilePath(state.folder, state.fileName);
    saveProgramFile(state);
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Write the text above to the .gso file in the folder (replacing it whole).");
}

// Which of the program's vectors is drawn at the ball, at what scale, and its value now (above the text
// box, so that it is in view without scrolling).
void drawValueGlyphChoice(Model& model, std::size_t index, const ProgramRun& program) {
  ImGui::TextUnformatted("Drawn at the ball");
  ImGui::SameLine();
  helpMarker(
      "One of the program's vectors (its state or a named intermediate) drawn as a ticked arrow with an "
      "open head in the run's colour, from the ball to ball + scale * value, in both views and in "
      "exports. The scale is its own (the legend and the arrow's label state it); reverse it to draw "
      "-value, the way a step pushes x. Each line's value is also drawn while the explainer walks the "
      "program.");
  RunLook& look = model.runner.run(index).look();
  const std::vector<std::string> names = program.program().vectorNames();
  const bool known = std::find(names.begin(), names.end(), look.glyphName) != names.end();
  const std::string current = look.glyphName.empty() ? std::string("nothing")
                              : known                ? look.glyphName
                                                     : look.glyphName + " (not in this version)";
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1.0f);
  if (ImGui::BeginCombo("##valueGlyph", current.c_str())) {
    if (ImGui::Selectable("nothing", look.glyphName.empty())) chooseValueGlyph(model, index, "");
    for (const std::string& name : names)
      if (ImGui::Selectable(name.c_str(), name == look.glyphName)) chooseValueGlyph(model, index, name);
    ImGui::EndCombo();
  }
  if (look.glyphName.empty()) {
    ImGui::Separator();
    return;
  }
  double magnitude = std::abs(look.glyphScale);
  bool reversed = look.glyphScale < 0.0;
  constexpr double kLeast = 1e-4, kMost = 1e4;  // the slider's range; scenes may hold more
  const ImGuiStyle& style = ImGui::GetStyle();
  const float checkbox = ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + style.ItemSpacing.x +
                         ImGui::CalcTextSize("reversed").x;
  ImGui::SetNextItemWidth(std::max(ImGui::GetContentRegionAvail().x - checkbox, ImGui::GetFontSize() * 6.0f));
  bool changed = ImGui::SliderScalar("##valueGlyphScale", ImGuiDataType_Double, &magnitude, &kLeast, &kMost,
                                     "x %.3g", ImGuiSliderFlags_Logarithmic);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Drawn this many times as long as the value (surface units).");
  ImGui::SameLine();
  changed |= ImGui::Checkbox("reversed", &reversed);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Draw -value: the way the step pushes x for m or mhat.");
  if (changed && std::isfinite(magnitude) && magnitude > 0.0)
    look.glyphScale = std::min(magnitude, kMaxGlyphScale) * (reversed ? -1.0 : 1.0);
  if (const std::optional<Vec2> value = program.vectorValue(look.glyphName))
    hintText(look.glyphName + " = " + formatVec(*value) + " after step " +
             std::to_string(program.stepCount()));
  ImGui::Separator();
}

void drawHyperparameters(Model& model, const UiState& ui, std::size_t index) {
  const Run& run = model.runner.run(index);
  if (run.optimizer().params().empty()) return;
  ImGui::Separator();
  ImGui::TextUnformatted("Hyperparameters");
  RunSettings settings = run.settings();
  if (drawOptimizerFields(run.optimizer(), settings))
    editRun(model, index, settings, ui.editFromHere ? EditFrom::CurrentStep : EditFrom::Start);
}

}  // namespace

void drawOptimizerEditor(Model& model, UiState& ui) {
  ProgramEditorState& state = ui.programEditor;
  if (model.runner.size() == 0) {
    hintText("No runs. Add one from a template:");
    scanTemplates(state);
    drawNewRun(model, ui, state);
    return;
  }
  ui.selectedRun = std::clamp(ui.selectedRun, 0, static_cast<int>(model.runner.size()) - 1);
  drawRunChoice(model, ui);
  followRun(model, state, ui.selectedRun);
  const std::size_t index = static_cast<std::size_t>(ui.selectedRun);
  const ProgramRun* program = programOf(model, ui.selectedRun);
  if (!program) {
    hintText("This run is the built-in " + model.runner.run(index).optimizer().title() +
             ". Copy it as a program to edit its rule, or start a new run from a template.");
  } else {
    // The error takes the heading's place (one line, so the text box never moves while typing); the
    // whole message is under the box too.
    drawValueGlyphChoice(model, index, *program);
    if (state.error.message.empty()) {
      ImGui::TextUnformatted("Its update rule");
    } else {
      ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1.0f));
      ImGui::TextUnformatted(toString(state.error).c_str());
      ImGui::PopStyleColor();
    }
    helpMarker(
        "One statement a line, run for x and y alike. hyper NAME = VALUE [LO, HI(, log)] gets a slider; "
        "state NAME = VALUE is kept between steps; x = ... is the next point. Built-ins: x, g (the "
        "gradient), t (the step, from 1), f; functions sqrt exp log abs sign min max clip pow, "
        "if(a < b, then, else), grad(p), f(p), norm(v), dot(a, b). Every edit that compiles re-plots "
        "the path from the start.");
    drawTextBox(model, state);
    drawFiles(model, state);
  }
  drawNewRun(model, ui, state);
  if (!state.message.empty()) {
    if (state.messageIsError)
      errorText(state.message);
    else
      hintText(state.message);
  }
  if (program) drawHyperparameters(model, ui, index);
}

}  // namespace gs
