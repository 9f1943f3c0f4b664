// Internal to core/optim: the closed set of optimizers (a std::variant with one alternative per
// optimizer file) and the catalog rows that name them, for optimizer.cpp and the batch kernel.
// Adding an optimizer: its file pair, one alternative here, one row in catalog() (optimizer.cpp).
#pragma once
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/optim/adadelta.hpp"
#include "core/optim/adagrad.hpp"
#include "core/optim/adam.hpp"
#include "core/optim/adamax.hpp"
#include "core/optim/lbfgs.hpp"
#include "core/optim/lion.hpp"
#include "core/optim/nadam.hpp"
#include "core/optim/newton.hpp"
#include "core/optim/program.hpp"
#include "core/optim/qh.hpp"
#include "core/optim/radam.hpp"
#include "core/optim/rmsprop.hpp"
#include "core/optim/sgd.hpp"

namespace gs {

using AnyOptimizer = std::variant<optim::Sgd, optim::Adagrad, optim::Rmsprop, optim::Adadelta, optim::Adam,
                                  optim::AdamW, optim::Adamax, optim::Nadam, optim::Radam, optim::Lbfgs,
                                  optim::Qhm, optim::QhAdam, optim::Lion, optim::Newton>;

struct OptimizerCatalogEntry {
  std::string name;
  std::string title;
  std::string convention;
  AnyOptimizer prototype;         // defaults, presets applied, fresh state
  std::vector<ParamInfo> params;  // defaults read from the prototype
};

struct Optimizer::Impl {
  const OptimizerCatalogEntry* entry;
  AnyOptimizer impl;  // unused (a default) where program is set
  Terms terms;
  // A user-written optimizer: then every call goes to the program's run and entry names "program".
  std::optional<ProgramRun> program;
};

// Optimizers whose update is given the Hessian at x as well as the gradient (Newton).
template <class O>
concept UsesHessian = requires {
  requires O::kUsesHessian;
};

}  // namespace gs
