#include "model.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/io/trajectory.hpp"
#include "core/optim/program.hpp"
#include "palette.hpp"
#include "ui/format.hpp"

namespace gs {
namespace {

// Until the app measures its viewport, frame the domain for a typical central area.
constexpr double kDefaultViewWidth = 1000.0;
constexpr double kDefaultViewHeight = 800.0;

Surface defaultSurface() {
  // local_minimum: a saddle between a shallow and a deep minimum, where optimizers visibly disagree.
  for (const char* name : {"local_minimum", "hills", "rosenbrock"})
    if (auto surface = makeSurface(name)) return std::move(*surface);
  if (!surfaceNames().empty())
    if (auto surface = makeSurface(surfaceNames().front())) return std::move(*surface);
  return *makeCustomSurface("x^2 + y^2").surface;
}

struct DefaultRun {
  const char* optimizer;
  double learningRate;
};

// What this frame may still spend on paths behind the current step.
std::int64_t budgetLeft(const Model& model) {
  return std::max<std::int64_t>(model.pathBudget - model.pathStepsThisFrame, 0);
}

}  // namespace

Model::Model(Surface surface) : runner(surface, surface.start) {
  view2d = frameDomain(surface.domain, kDefaultViewWidth, kDefaultViewHeight);
}

View2D frameDomain(const Domain& domain, double widthPixels, double heightPixels) {
  View2D view;
  view.centerX = 0.5 * (domain.xMin + domain.xMax);
  view.centerY = 0.5 * (domain.yMin + domain.yMax);
  const double width = std::max(widthPixels, 1.0), height = std::max(heightPixels, 1.0);
  const double margin = 1.05;
  const double perPixel = std::max((domain.xMax - domain.xMin) / width, (domain.yMax - domain.yMin) / height);
  view.unitsPerPixel = (std::isfinite(perPixel) && perPixel > 0.0) ? perPixel * margin : 0.01;
  return view;
}

Model makeDefaultModel() {
  Model model(defaultSurface());
  // From local_minimum's default start (checked with the trace CLI): SGD and RMSProp settle in the near,
  // shallow basin; momentum rolls over the saddle into the deep one; Adam's large steps hop over it and
  // keep jittering around the deep minimum.
  const DefaultRun runs[] = {{"sgd", 0.01}, {"momentum", 0.01}, {"rmsprop", 0.01}, {"adam", 0.3}};
  for (const DefaultRun& run : runs) {
    auto optimizer = Optimizer::create(run.optimizer);
    if (!optimizer) continue;
    optimizer->setParam("lr", run.learningRate);
    const std::string label = runName(*optimizer);
    addRun(model, RunSpec{label, std::move(*optimizer), Schedule{}, 0, 1});
  }
  // Every run has settled by step 400. Later, Adam's (at ~460) and RMSProp's (at ~650) steps grow again as
  // their second moments decay faster than their first: a second story the first screen should not tell.
  model.playback.maxSteps = 400;
  return model;
}

std::size_t addRun(Model& model, RunSpec spec) {
  const Color color = nextRunColor(runColors(model.runner));
  const std::size_t index = model.runner.addRun(std::move(spec));
  model.runner.run(index).look().color = color;
  return index;
}

std::size_t forkRun(Model& model, std::size_t index) {
  const std::int64_t step = model.runner.currentStep();
  const Run& parent = model.runner.run(index);
  const Color color = forkColor(parent.look().color, runColors(model.runner));
  const std::string label = "fork of " + parent.label() + " at step " + std::to_string(step);
  const std::size_t copy = model.runner.forkRun(index);
  Run& fork = model.runner.run(copy);
  fork.look().color = color;
  fork.setLabel(label, true);  // "fork of ... at step k" says where it came from
  return copy;
}

std::string formatHyperparameter(double value, std::optional<double> defaultValue) {
  const auto printed = [&](int digits) { return formatValue(value, digits); };
  const auto readBack = [](const std::string& text) { return std::strtod(text.c_str(), nullptr); };
  // The shortest of 4 to 6 significant digits that gives the value back (0.00030000000000000003 is 0.0003).
  for (int digits = 4; digits <= 6; ++digits) {
    const std::string text = printed(digits);
    const double back = readBack(text);
    if (back == value || std::abs(back - value) <= 1e-9 * std::abs(value)) return text;
  }
  // A value with more digits than that: 4, or as many (up to 6) as it takes not to read as the default.
  if (defaultValue && *defaultValue != value)
    for (int digits = 4; digits <= 6; ++digits) {
      const std::string text = printed(digits);
      if (readBack(text) != *defaultValue) return text;
    }
  return printed(4);
}

namespace {

// The optimizer as it was created: a program's with its own declarations as defaults.
std::optional<Optimizer> freshOptimizer(const Optimizer& optimizer) {
  const ProgramRun* program = optimizer.programRun();
  return program ? std::optional(Optimizer::fromProgram(program->program()))
                 : Optimizer::create(optimizer.name());
}

// Hyperparameter i as a name writes it: "lr=0.01", "amsgrad=on", "line_search_fn=strong_wolfe".
std::string settingWord(const Optimizer& optimizer, std::size_t i, const std::optional<Optimizer>& fresh) {
  const ParamInfo& info = optimizer.params()[i];
  const double value = optimizer.param(i);
  if (info.type == ParamType::Bool) return info.name + "=" + (value != 0.0 ? "on" : "off");
  if (info.type == ParamType::Choice && value >= 0 && value < static_cast<double>(info.choices.size()))
    return info.name + "=" + info.choices[static_cast<std::size_t>(value)];
  return info.name + "=" + formatHyperparameter(value, fresh ? std::optional(fresh->param(i)) : std::nullopt);
}

}  // namespace

std::string runName(const Optimizer& optimizer) {
  std::string name = optimizer.name();
  const auto fresh = freshOptimizer(optimizer);
  for (std::size_t i = 0; i < optimizer.params().size(); ++i)
    if (optimizer.params()[i].name == "lr" || !fresh || fresh->param(i) != optimizer.param(i))
      name += " " + settingWord(optimizer, i, fresh);
  return name;
}

std::string withCurrentSettings(const std::string& name, const Optimizer& optimizer) {
  const auto fresh = freshOptimizer(optimizer);
  std::string out;
  std::size_t from = 0;
  while (from <= name.size()) {
    const std::size_t end = std::min(name.find(' ', from), name.size());
    std::string word = name.substr(from, end - from);
    const std::size_t equals = word.find('=');
    for (std::size_t i = 0; equals != std::string::npos && i < optimizer.params().size(); ++i) {
      if (optimizer.params()[i].name != word.substr(0, equals)) continue;
      // The value as written, up to punctuation after it ("lr=0.004,"); "lr=1/L" is not a setting.
      const std::size_t valueEnd = std::min(word.find_first_of(",;)", equals + 1), word.size());
      const std::string value = word.substr(equals + 1, valueEnd - equals - 1);
      const ParamInfo& info = optimizer.params()[i];
      double number = 0.0;
      const auto parsed = std::from_chars(value.data(), value.data() + value.size(), number);
      const bool setting =
          info.type == ParamType::Bool
              ? value == "on" || value == "off" || value == "true" || value == "false"
          : info.type == ParamType::Choice
              ? std::find(info.choices.begin(), info.choices.end(), value) != info.choices.end()
              : !value.empty() && parsed.ec == std::errc() && parsed.ptr == value.data() + value.size();
      if (setting) word = settingWord(optimizer, i, fresh) + word.substr(valueEnd);
      break;
    }
    out += word;
    if (end == name.size()) break;
    out += ' ';
    from = end + 1;
  }
  return out;
}

std::string forkLabelWithSettings(const std::string& label, const Optimizer& optimizer) {
  constexpr std::string_view kForkOf = "fork of ", kAtStep = " at step ";
  const std::size_t at = label.rfind(kAtStep);
  if (label.rfind(kForkOf, 0) != 0 || at == std::string::npos) return withCurrentSettings(label, optimizer);
  std::size_t end = at + kAtStep.size();
  while (end < label.size() && std::isdigit(static_cast<unsigned char>(label[end]))) ++end;
  const std::string origin = label.substr(0, end);  // "fork of sgd lr=0.01 at step 20", as it was
  // The fork's settings the origin does not already state, after a colon ("...: lr=0.5").
  const std::string name = runName(optimizer), words = " " + origin + " ";
  std::string own;
  for (std::size_t from = name.find(' '); from != std::string::npos && from < name.size();) {
    const std::size_t next = std::min(name.find(' ', from + 1), name.size());
    const std::string word = name.substr(from + 1, next - from - 1);
    if (!word.empty() && words.find(" " + word + " ") == std::string::npos)
      own += (own.empty() ? ": " : " ") + word;
    from = next;
  }
  return origin + own;
}

void editRun(Model& model, std::size_t index, const RunSettings& settings, EditFrom from) {
  const RunEdit edit{index, settings};
  editRuns(model, std::span<const RunEdit>(&edit, 1), from);
}

void editRuns(Model& model, std::span<const RunEdit> edits, EditFrom from) {
  const std::int64_t current = model.runner.currentStep();
  // The last edit of each run, in the order of the edits.
  std::vector<const RunEdit*> last;
  for (const RunEdit& edit : edits) {
    if (edit.index >= model.runner.size()) continue;
    std::erase_if(last, [&](const RunEdit* earlier) { return earlier->index == edit.index; });
    last.push_back(&edit);
  }
  std::vector<std::size_t> replayed;
  std::vector<std::int64_t> steps;
  std::vector<const RunSettings*> settings;
  for (const RunEdit* edit : last) {
    Run& run = model.runner.run(edit->index);
    // At the current step the settings are recorded there (seek() and reset() replay them); before it the
    // run goes back (runs are deterministic: the other runs would come back to the same points), the
    // settings are recorded there (later records of this run are dropped), and it goes forward again.
    const std::int64_t at = from == EditFrom::CurrentStep ? current : std::min(run.forkStep(), current);
    replayed.push_back(edit->index);
    steps.push_back(at);
    settings.push_back(&edit->settings);
    std::erase_if(run.editSteps(), [at](std::int64_t step) { return step >= at; });
    if (from == EditFrom::CurrentStep && current > run.forkStep()) run.editSteps().push_back(current);
  }
  model.pathStepsThisFrame += model.runner.replayRuns(
      replayed, steps, [&](Run& run, std::size_t k) { run.setSettings(*settings[k]); }, budgetLeft(model));
  for (const RunEdit* edit : last) {
    Run& run = model.runner.run(edit->index);
    if (run.namedByUser())  // a name of the user's or a scene's: the settings it states follow
      run.setLabel(forkLabelWithSettings(run.label(), run.optimizer()), true);
    else
      run.setLabel(runName(run.optimizer()), false);
  }
}

void renameRun(Model& model, std::size_t index, const std::string& name) {
  if (index >= model.runner.size()) return;
  Run& run = model.runner.run(index);
  run.setLabel(name.empty() ? runName(run.optimizer()) : name, !name.empty());
}

void moveStart(Model& model, Vec2 start) {
  if (!isFinite(start)) return;
  model.pathStepsThisFrame += model.runner.restartTo(start, model.runner.currentStep(), budgetLeft(model));
}

void catchUpPaths(Model& model) {
  model.runner.catchUp(budgetLeft(model));
  model.pathStepsThisFrame = 0;  // the next frame's budget starts whole
}

void finishPaths(Model& model) { model.runner.catchUp(Runner::kAllSteps); }

void removeRun(Model& model, std::size_t index) {
  if (index >= model.runner.size()) return;
  model.runner.removeRun(index);
  if (model.hoveredRun >= static_cast<int>(index)) model.hoveredRun = -1;
}

void setSurface(Model& model, Surface surface) {
  model.view2d = frameDomain(surface.domain, kDefaultViewWidth, kDefaultViewHeight);
  const Vec2 start = surface.start;
  const std::int64_t current = model.runner.currentStep();
  model.runner.setSurface(std::move(surface), start);
  model.pathStepsThisFrame += model.runner.restartTo(start, current, budgetLeft(model));
  model.playback.accumulator = 0.0;
  model.hoveredRun = -1;
  model.hoveredStep = -1;
  ++model.surfaceVersion;
}

std::variant<std::size_t, std::string> importPathsCsv(Model& model, const std::string& path) {
  auto parsed = importTrajectoryCsv(path);
  if (const auto* error = std::get_if<std::string>(&parsed)) return *error;
  auto& paths = std::get<std::vector<ImportedPath>>(parsed);
  if (paths.empty()) return path + ": no rows";
  const std::span<const Color> palette = runPalette();
  const std::string file = path.substr(path.find_last_of('/') + 1);
  for (ImportedPath& imported : paths) {
    ImportedOverlay overlay;
    overlay.label = imported.name + " [" + file + "]";
    const std::size_t index = model.runner.size() + model.importedPaths.size() + 3;
    overlay.color = palette.empty() ? Color{1, 1, 1} : palette[index % palette.size()];
    overlay.points = std::move(imported.points);
    overlay.steps = std::move(imported.steps);
    model.importedPaths.push_back(std::move(overlay));
  }
  return paths.size();
}

}  // namespace gs
