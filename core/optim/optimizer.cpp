// The Optimizer value type: a catalog entry (name, title, convention, parameter table) plus one
// alternative of a closed std::variant of optimizer structs, each a Hyper + State + update (optim_*.hpp).
// Adding an optimizer means one file, one variant alternative and one catalog row.
#include "core/optim/optimizer.hpp"

#include <array>
#include <cmath>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/optim/adadelta.hpp"
#include "core/optim/adagrad.hpp"
#include "core/optim/adam.hpp"
#include "core/optim/adamax.hpp"
#include "core/optim/lbfgs.hpp"
#include "core/optim/lion.hpp"
#include "core/optim/nadam.hpp"
#include "core/optim/newton.hpp"
#include "core/optim/qh.hpp"
#include "core/optim/radam.hpp"
#include "core/optim/rmsprop.hpp"
#include "core/optim/sgd.hpp"

namespace gs {
namespace {

using AnyOptimizer = std::variant<optim::Sgd, optim::Adagrad, optim::Rmsprop, optim::Adadelta, optim::Adam,
                                  optim::AdamW, optim::Adamax, optim::Nadam, optim::Radam, optim::Lbfgs,
                                  optim::Qhm, optim::QhAdam, optim::Lion, optim::Newton>;

struct CatalogEntry {
  std::string name;
  std::string title;
  std::string convention;
  AnyOptimizer prototype;         // defaults, presets applied, fresh state
  std::vector<ParamInfo> params;  // defaults read from the prototype
};

template <class T>
const auto& fieldsOf(const T&) {
  return T::fields();
}

// A preset: the optimizer with some hyperparameters changed from their defaults.
template <class T>
AnyOptimizer preset(std::initializer_list<std::pair<std::string_view, double>> values) {
  T optimizer;
  for (const auto& [name, value] : values) {
    for (const auto& row : T::fields()) {
      if (row.info.name == name) row.set(optimizer.hyper, value);
    }
  }
  return optimizer;
}

CatalogEntry entry(std::string name, std::string title, std::string convention, AnyOptimizer prototype) {
  CatalogEntry result{std::move(name), std::move(title), std::move(convention), std::move(prototype), {}};
  std::visit(
      [&](const auto& optimizer) {
        for (const auto& row : fieldsOf(optimizer)) {
          ParamInfo info = row.info;
          info.defaultValue = row.get(optimizer.hyper);
          result.params.push_back(std::move(info));
        }
      },
      result.prototype);
  return result;
}

const std::vector<CatalogEntry>& catalog() {
  using namespace optim;
  static const std::vector<CatalogEntry> entries = [] {
    std::vector<CatalogEntry> list;
    list.push_back(entry("sgd", "Gradient descent (SGD)", "torch.optim.SGD", Sgd{}));
    list.push_back(entry("momentum", "SGD with momentum", "torch.optim.SGD (momentum=0.9)",
                         preset<Sgd>({{"momentum", 0.9}})));
    list.push_back(entry("nesterov", "SGD with Nesterov momentum",
                         "torch.optim.SGD (momentum=0.9, nesterov=True)",
                         preset<Sgd>({{"momentum", 0.9}, {"nesterov", 1.0}})));
    list.push_back(entry("adagrad", "AdaGrad", "torch.optim.Adagrad", Adagrad{}));
    list.push_back(entry("rmsprop", "RMSProp", "torch.optim.RMSprop", Rmsprop{}));
    list.push_back(entry("adadelta", "AdaDelta", "torch.optim.Adadelta", Adadelta{}));
    list.push_back(entry("adam", "Adam", "torch.optim.Adam (plus bias_correction)", Adam{}));
    list.push_back(
        entry("amsgrad", "AMSGrad", "torch.optim.Adam (amsgrad=True)", preset<Adam>({{"amsgrad", 1.0}})));
    list.push_back(entry("adamw", "AdamW", "torch.optim.AdamW", AdamW{}));
    list.push_back(entry("adamax", "Adamax", "torch.optim.Adamax", Adamax{}));
    list.push_back(entry("nadam", "NAdam", "torch.optim.NAdam", Nadam{}));
    list.push_back(entry("radam", "RAdam", "torch.optim.RAdam", Radam{}));
    list.push_back(entry("lbfgs", "L-BFGS", "torch.optim.LBFGS (max_iter=1 per step)", Lbfgs{}));
    list.push_back(entry("qhm", "Quasi-hyperbolic momentum", "Ma & Yarats 2019 (QHM, qhoptim)", Qhm{}));
    list.push_back(entry("qhadam", "QHAdam", "Ma & Yarats 2019 (QHAdam, qhoptim)", QhAdam{}));
    list.push_back(entry("lion", "Lion", "Chen et al. 2023 (Lion)", Lion{}));
    list.push_back(entry("newton", "Newton's method", "Newton's method, lr as step scale", Newton{}));
    list.push_back(entry("newton_saddle_free", "Saddle-free Newton",
                         "Dauphin et al. 2014 (saddle-free Newton, |H|)", preset<Newton>({{"mode", 1.0}})));
    return list;
  }();
  return entries;
}

// Empties every optional term: before a step, or, for optimizers that derive theirs on read (finishTerms),
// before they do. Cheaper than assigning a fresh Terms (about 500 bytes); the plain fields are all written
// by every step.
void clearOptionalTerms(Terms& terms) {
  for (std::optional<Vec2>* vec :
       {&terms.lookahead, &terms.firstMoment, &terms.secondMoment, &terms.firstMomentHat,
        &terms.secondMomentHat, &terms.direction, &terms.effectiveLearningRate, &terms.previousFirstMoment,
        &terms.previousSecondMoment, &terms.regularizedGradient, &terms.decayStep, &terms.interpolatedMoment,
        &terms.denominator}) {
    vec->reset();
  }
  for (std::optional<double>* scalar :
       {&terms.biasCorrection1, &terms.biasCorrection2, &terms.stepSize, &terms.rectification}) {
    scalar->reset();
  }
  terms.hessian.reset();
}

bool acceptable(const ParamInfo& info, double value) {
  if (!std::isfinite(value) || value < info.min || value > info.max) return false;
  if (info.type == ParamType::Real) return true;
  return value == std::floor(value);  // Bool, Choice and Integer take whole numbers only
}

}  // namespace

// Optimizers whose step writes only the plain terms and derives every optional one from its state when
// they are read (Optimizer::terms()): the adaptive methods, which keep their step to torch's arithmetic.
template <class T>
concept FinishesTerms = requires(const T& optimizer, Terms& terms) {
  optimizer.finishTerms(terms);
};

struct Optimizer::Model {
  const CatalogEntry* entry;
  AnyOptimizer impl;
  Terms terms;
  bool termsUnfinished = false;  // the last step's finishTerms has not run yet
};

const std::vector<std::string>& Optimizer::names() {
  static const std::vector<std::string> list = [] {
    std::vector<std::string> result;
    for (const auto& item : catalog()) result.push_back(item.name);
    return result;
  }();
  return list;
}

std::optional<Optimizer> Optimizer::create(std::string_view name) {
  for (const auto& item : catalog()) {
    if (item.name == name) return Optimizer(std::make_unique<Model>(Model{&item, item.prototype, Terms{}}));
  }
  return std::nullopt;
}

Optimizer::Optimizer(std::unique_ptr<Model> model) : model_(std::move(model)) {}
Optimizer::Optimizer(const Optimizer& other) : model_(std::make_unique<Model>(*other.model_)) {}
Optimizer& Optimizer::operator=(const Optimizer& other) {
  if (this != &other) model_ = std::make_unique<Model>(*other.model_);
  return *this;
}
Optimizer::Optimizer(Optimizer&&) noexcept = default;
Optimizer& Optimizer::operator=(Optimizer&&) noexcept = default;
Optimizer::~Optimizer() = default;

const std::string& Optimizer::name() const { return model_->entry->name; }
const std::string& Optimizer::title() const { return model_->entry->title; }
const std::string& Optimizer::convention() const { return model_->entry->convention; }
const std::vector<ParamInfo>& Optimizer::params() const { return model_->entry->params; }

std::optional<double> Optimizer::param(std::string_view name) const {
  const auto& list = params();
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].name == name) return param(i);
  }
  return std::nullopt;
}

double Optimizer::param(std::size_t index) const {
  return std::visit([&](const auto& optimizer) { return fieldsOf(optimizer).at(index).get(optimizer.hyper); },
                    model_->impl);
}

bool Optimizer::setParam(std::string_view name, double value) {
  const auto& list = params();
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].name == name) return setParam(i, value);
  }
  return false;
}

bool Optimizer::setParam(std::size_t index, double value) {
  if (index >= params().size() || !acceptable(params()[index], value)) return false;
  finishTerms();  // the last step's terms are derived with the hyperparameters it used
  std::visit([&](auto& optimizer) { fieldsOf(optimizer)[index].set(optimizer.hyper, value); }, model_->impl);
  return true;
}

std::vector<double> Optimizer::paramValues() const {
  std::vector<double> values;
  for (std::size_t i = 0; i < params().size(); ++i) values.push_back(param(i));
  return values;
}

void Optimizer::setParamValues(const std::vector<double>& values) {
  for (std::size_t i = 0; i < values.size() && i < params().size(); ++i) setParam(i, values[i]);
}

namespace {

// One step of the alternative T, with the plain terms every step writes.
template <class T>
[[gnu::always_inline]] inline Vec2 stepWith(T& optimizer, Terms& terms, bool& termsUnfinished, Vec2 x,
                                            Oracle& oracle, double lrScale) {
  terms.point = x;
  terms.delta = Vec2{};  // an early return (L-BFGS at an optimum) moves nowhere
  if constexpr (!FinishesTerms<T>) clearOptionalTerms(terms);
  terms.learningRate = optimizer.hyper.lr * lrScale;
  const Vec2 next = optimizer.step(x, oracle, lrScale, terms);
  terms.step = optimizer.state.step;
  termsUnfinished = FinishesTerms<T>;
  return next;
}

}  // namespace

Vec2 Optimizer::step(Vec2 x, Oracle& oracle, double lrScale) {
  // A table of functions, one per alternative, taking the point as two doubles: so it stays in registers
  // from the caller to the update. std::visit passes it through its closure in memory, and GCC builds a
  // Vec2 parameter by storing its halves and loading them as one 16-byte value; either way the load waits
  // on a failed store-to-load forward at every step (measured: one run stepped alone 26 -> 17 ns for SGD,
  // lockstep 12 -> 10 ns).
  using StepFunction = Vec2 (*)(Model&, double, double, Oracle&, double);
  static constexpr auto table = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<StepFunction, sizeof...(I)>{
        +[](Model& model, double px, double py, Oracle& o, double scale) {
          return stepWith(*std::get_if<I>(&model.impl), model.terms, model.termsUnfinished, Vec2{px, py}, o,
                          scale);
        }...};
  }
  (std::make_index_sequence<std::variant_size_v<AnyOptimizer>>{});
  return table[model_->impl.index()](*model_, x.x, x.y, oracle, lrScale);
}

const Terms& Optimizer::terms() const {
  finishTerms();
  return model_->terms;
}

void Optimizer::finishTerms() const {
  if (!model_->termsUnfinished) return;
  model_->termsUnfinished = false;
  std::visit(
      [&](const auto& optimizer) {
        if constexpr (FinishesTerms<std::decay_t<decltype(optimizer)>>) {
          clearOptionalTerms(model_->terms);
          optimizer.finishTerms(model_->terms);
        }
      },
      model_->impl);
}

std::vector<NamedVec> Optimizer::state() const {
  return std::visit([](const auto& optimizer) { return optimizer.namedState(); }, model_->impl);
}

std::int64_t Optimizer::stepCount() const {
  return std::visit([](const auto& optimizer) { return optimizer.state.step; }, model_->impl);
}

void Optimizer::resetState() {
  std::visit([](auto& optimizer) { optimizer.state = {}; }, model_->impl);
  model_->terms = Terms{};
  model_->termsUnfinished = false;
}

}  // namespace gs
