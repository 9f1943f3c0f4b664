// "Copy a built-in as a program": the .gso text that runs like a built-in optimizer as it is set now.
// The text is one of the programs in assets/optimizers/ (chosen by the built-in's boolean options:
// SGD with nesterov=true is nesterov.gso, Adam with amsgrad=true amsgrad.gso) with each declared
// hyperparameter's default replaced by the built-in's current value, so the program steps bit for bit
// as the built-in does. Options no program writes out (weight decay, RMSprop's momentum and centering,
// ...) are refused with a message naming them, rather than copied into a program that runs differently.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/optim/optimizer.hpp"
#include "core/optim/program.hpp"

namespace gs {

struct ProgramCopy {
  std::string text;  // the program, ready to compile
  std::string file;  // the template it came from, e.g. "nesterov.gso"
};

// Built-ins with a program form, by catalog name.
const std::vector<std::string>& builtinsWithPrograms();

// `programDirectory` holds the .gso files (assets/optimizers). On error: one line naming the built-in and
// the setting that has no program form, or the template that could not be read or changed.
std::variant<ProgramCopy, std::string> builtinAsProgram(const Optimizer& builtin,
                                                        std::string_view programDirectory);

// The bundled program that steps bit for bit as `builtin` does as it is set now (the template
// builtinAsProgram copies, compiled into the library from assets/optimizers at build time), or null
// where the built-in has no program form with these settings. Its hyperparameters are named as the
// built-in's; a run gets the built-in's values through them (ProgramBatch's per-run values), which is
// how a hyperparameter map of a built-in steps its pixels as one batch. Thread-safe.
const Program* builtinProgram(const Optimizer& builtin);

// `text` with the defaults of its declared hyperparameters replaced by `values` (by name; names not
// declared are ignored). The text must compile; the result is checked to compile too.
std::variant<std::string, ProgramError> withHyperDefaults(
    std::string_view text, const std::vector<std::pair<std::string, double>>& values);

}  // namespace gs
