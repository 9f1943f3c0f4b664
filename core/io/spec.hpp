// Text forms shared by the command line, schedules and scenes: strict numbers and optimizer specs
// (`name` or `name:key=value,key=value`, with the parameter names of optimizer.hpp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/math/text.hpp"
#include "core/optim/optimizer.hpp"

namespace gs {

// A parameter's value as a spec writes it: "true"/"false", a choice's name, an integer, or a number.
std::string formatParamValue(const ParamInfo& info, double value);

// `adam` or `adam:lr=0.01,amsgrad=true,line_search=strong_wolfe`. On error, one line naming the bad
// part: an unknown optimizer or parameter, a malformed or out-of-range value, a missing `=value`.
// `file:PATH.gso` and `file:PATH.gso:key=value,...` load a user-written program (program.hpp); the
// parameters start after the last ':' followed by `name=`. Its compile errors read
// `PATH: line L, column C: message`; an unreadable file `PATH: cannot read the optimizer program`.
std::variant<Optimizer, std::string> parseOptimizerSpec(std::string_view spec);
inline constexpr std::string_view kProgramSpecPrefix = "file:";
// The spec that recreates `optimizer`'s hyperparameters: its name, then every parameter that differs
// from the default of a freshly created optimizer of that name. parseOptimizerSpec(toSpec(o)) == o.
// A program read from a file gives `file:PATH.gso[:key=value,...]`, which parses back; a program typed in
// the app or read from a scene has no file and gives `program[:key=value,...]`, which parseOptimizerSpec
// refuses with a message saying to save it as a .gso file.
std::string toSpec(const Optimizer& optimizer);

}  // namespace gs
