// "Copy a built-in as a program" (program_from_builtin.hpp).
#include "core/optim/program_from_builtin.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "core/math/text.hpp"
#include "core/optim/program_impl.hpp"

namespace gs {

// core/CMakeLists.txt generates them from assets/optimizers (bundled_programs.cpp.in).
extern const std::pair<std::string_view, std::string_view> kBundledPrograms[];
extern const int kBundledProgramCount;

namespace {

// Byte offset of (line, column), both 1-based, in `text`.
std::size_t offsetOf(std::string_view text, int line, int column) {
  std::size_t pos = 0;
  for (int l = 1; l < line; ++l) {
    const std::size_t next = text.find('\n', pos);
    if (next == std::string_view::npos) return text.size();
    pos = next + 1;
  }
  return std::min(text.size(), pos + static_cast<std::size_t>(std::max(column - 1, 0)));
}

double paramOr(const Optimizer& optimizer, std::string_view name, double fallback) {
  return optimizer.param(name).value_or(fallback);
}

// The template for a built-in as it is set now (`name`), or why it has none (`refusal`).
struct TemplateChoice {
  std::string name, refusal;
};

std::string programList() {
  std::string list;
  for (const std::string& each : builtinsWithPrograms()) list += (list.empty() ? "" : ", ") + each;
  return list;
}

TemplateChoice templateFor(const Optimizer& builtin) {
  const std::string& name = builtin.name();
  const auto refuse = [&](std::string_view setting) {
    return TemplateChoice{
        "", concat(name, " with ", setting, " has no program form yet; set it off (or 0) first")};
  };
  const auto use = [](std::string file) { return TemplateChoice{std::move(file), ""}; };
  if (paramOr(builtin, "weight_decay", 0.0) != 0.0 && name != "adamw" && name != "lion")
    return refuse("weight_decay");
  if (paramOr(builtin, "maximize", 0.0) != 0.0) return refuse("maximize");
  if (name == "sgd" || name == "momentum" || name == "nesterov") {
    if (paramOr(builtin, "nesterov", 0.0) != 0.0) return use("nesterov");
    return use(paramOr(builtin, "momentum", 0.0) != 0.0 ? "momentum" : "sgd");
  }
  if (name == "adagrad") return use("adagrad");
  if (name == "rmsprop") {
    if (paramOr(builtin, "momentum", 0.0) != 0.0) return refuse("momentum");
    if (paramOr(builtin, "centered", 0.0) != 0.0) return refuse("centered=true");
    return use("rmsprop");
  }
  if (name == "adam" || name == "amsgrad") {
    if (paramOr(builtin, "bias_correction", 1.0) == 0.0) return refuse("bias_correction=false");
    return use(paramOr(builtin, "amsgrad", 0.0) != 0.0 ? "amsgrad" : "adam");
  }
  if (name == "adamw") {
    if (paramOr(builtin, "amsgrad", 0.0) != 0.0) return refuse("amsgrad=true");
    return use("adamw");
  }
  if (name == "lion") return use("lion");
  return TemplateChoice{"", concat("no program form of ", name, " yet (", programList(), " have one)")};
}

}  // namespace

const std::vector<std::string>& builtinsWithPrograms() {
  static const std::vector<std::string> names = {"sgd",  "momentum", "nesterov", "adagrad", "rmsprop",
                                                 "adam", "amsgrad",  "adamw",    "lion"};
  return names;
}

const Program* builtinProgram(const Optimizer& builtin) {
  // Compiled once, on first use; a template that fails to compile has no entry (its built-in then runs
  // as itself).
  static const std::map<std::string, Program, std::less<>> compiled = [] {
    std::map<std::string, Program, std::less<>> programs;
    for (int i = 0; i < kBundledProgramCount; ++i) {
      auto program = compileProgram(kBundledPrograms[i].second);
      if (auto* ok = std::get_if<Program>(&program))
        programs.emplace(std::string(kBundledPrograms[i].first), std::move(*ok));
    }
    return programs;
  }();
  if (builtin.programRun()) return nullptr;
  const TemplateChoice chosen = templateFor(builtin);
  if (!chosen.refusal.empty()) return nullptr;
  const auto found = compiled.find(chosen.name);
  return found == compiled.end() ? nullptr : &found->second;
}

std::variant<std::string, ProgramError> withHyperDefaults(
    std::string_view text, const std::vector<std::pair<std::string, double>>& values) {
  program::Parsed parsed;
  ProgramError error;
  if (!program::parse(text, parsed, error)) return error;
  // From the last declaration to the first, so earlier offsets stay valid.
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::vector<std::string> replacements;
  for (const program::HyperDecl& decl : parsed.hypers) {
    const auto value =
        std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.first == decl.name; });
    if (value == values.end()) continue;
    const std::size_t begin = offsetOf(text, decl.valueLine, decl.valueColumn);
    std::size_t end = text.find('[', begin);
    if (end == std::string_view::npos) continue;
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
    spans.emplace_back(begin, end);
    replacements.push_back(formatNumber(value->second));
  }
  std::string out(text);
  for (std::size_t i = spans.size(); i-- > 0;)
    out.replace(spans[i].first, spans[i].second - spans[i].first, replacements[i]);
  auto compiled = compileProgram(out);
  if (const auto* failed = std::get_if<ProgramError>(&compiled)) return *failed;
  return out;
}

std::variant<ProgramCopy, std::string> builtinAsProgram(const Optimizer& builtin,
                                                        std::string_view programDirectory) {
  if (builtin.programRun()) return std::string("this run is already a program");
  const TemplateChoice chosen = templateFor(builtin);
  if (!chosen.refusal.empty()) return chosen.refusal;
  ProgramCopy copy;
  copy.file = chosen.name + ".gso";
  const std::string path = concat(programDirectory, "/", copy.file);
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in || in.bad()) return concat(path, ": cannot read the program");
  std::vector<std::pair<std::string, double>> values;
  for (std::size_t i = 0; i < builtin.params().size(); ++i)
    values.emplace_back(builtin.params()[i].name, builtin.param(i));
  auto substituted = withHyperDefaults(text.str(), values);
  if (const auto* error = std::get_if<ProgramError>(&substituted))
    return concat(path, " with ", builtin.name(), "'s values: ", toString(*error));
  copy.text = std::get<std::string>(std::move(substituted));
  return copy;
}

}  // namespace gs
