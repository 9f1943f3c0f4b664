// The Optimizer value type: a catalog entry (name, title, convention, parameter table) plus one
// alternative of a closed std::variant of optimizer structs (catalog.hpp), each a Hyper + State + update
// written once over the number type (sgd.hpp, adam.hpp, ...). Adding an optimizer means its file pair,
// one variant alternative and one catalog row.
#include "core/optim/optimizer.hpp"

#include <cmath>
#include <utility>
#include <variant>

#include "core/optim/catalog.hpp"

namespace gs {
namespace {

using CatalogEntry = OptimizerCatalogEntry;

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
    list.push_back(entry("lbfgs", "L-BFGS", "torch.optim.LBFGS (a step is one .step() call)", Lbfgs{}));
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

bool acceptable(const ParamInfo& info, double value) {
  if (!std::isfinite(value) || value < info.min || value > info.max) return false;
  if (info.type == ParamType::Real) return true;
  return value == std::floor(value);  // Bool, Choice and Integer take whole numbers only
}

}  // namespace

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
    if (item.name == name) {
      return Optimizer(std::make_unique<Impl>(Impl{&item, item.prototype, Terms{}, std::nullopt}));
    }
  }
  return std::nullopt;
}

namespace {

// The catalog-like row every program optimizer points at; its title and parameters come from the program.
const OptimizerCatalogEntry& programEntry() {
  static const OptimizerCatalogEntry entry{"program", "program", "user-written program", optim::Sgd{}, {}};
  return entry;
}

// Where a program declares state named m and v, the inspector and arrows show them as the moments.
void fillMoments(const ProgramRun& run, Terms& terms) {
  terms.firstMoment = run.stateValue("m");
  terms.secondMoment = run.stateValue("v");
}

}  // namespace

Optimizer Optimizer::fromProgram(const Program& program) {
  return Optimizer(std::make_unique<Impl>(Impl{&programEntry(), optim::Sgd{}, Terms{}, ProgramRun(program)}));
}

const ProgramRun* Optimizer::programRun() const { return impl_->program ? &*impl_->program : nullptr; }

Optimizer::Optimizer(std::unique_ptr<Impl> model) : impl_(std::move(model)) {}
Optimizer::Optimizer(const Optimizer& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
Optimizer& Optimizer::operator=(const Optimizer& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
Optimizer::Optimizer(Optimizer&&) noexcept = default;
Optimizer& Optimizer::operator=(Optimizer&&) noexcept = default;
Optimizer::~Optimizer() = default;

const std::string& Optimizer::name() const { return impl_->entry->name; }
const std::string& Optimizer::title() const {
  return impl_->program ? impl_->program->program().title() : impl_->entry->title;
}
const std::string& Optimizer::convention() const { return impl_->entry->convention; }
const std::vector<ParamInfo>& Optimizer::params() const {
  return impl_->program ? impl_->program->params() : impl_->entry->params;
}

std::optional<double> Optimizer::param(std::string_view name) const {
  const auto& list = params();
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].name == name) return param(i);
  }
  return std::nullopt;
}

double Optimizer::param(std::size_t index) const {
  if (impl_->program) return impl_->program->param(index);
  return std::visit([&](const auto& optimizer) { return fieldsOf(optimizer).at(index).get(optimizer.hyper); },
                    impl_->impl);
}

bool Optimizer::setParam(std::string_view name, double value) {
  const auto& list = params();
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].name == name) return setParam(i, value);
  }
  return false;
}

bool Optimizer::setParam(std::size_t index, double value) {
  if (impl_->program) return impl_->program->setParam(index, value);
  if (index >= params().size() || !acceptable(params()[index], value)) return false;
  std::visit([&](auto& optimizer) { fieldsOf(optimizer)[index].set(optimizer.hyper, value); }, impl_->impl);
  return true;
}

std::optional<std::string> Optimizer::settingsError() const {
  if (impl_->program) return std::nullopt;  // the compiler checked each hyperparameter against its range
  return std::visit(
      [](const auto& optimizer) -> std::optional<std::string> {
        using O = std::decay_t<decltype(optimizer)>;
        if constexpr (requires { O::settingsError(optimizer.hyper); }) {
          return O::settingsError(optimizer.hyper);
        } else {
          return std::nullopt;
        }
      },
      impl_->impl);
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

// O's update from x with the gradient `evaluated` there (and the Hessian where O uses it, from the oracle),
// writing its terms through `record` (RecordTerms) or not (NoTerms).
template <class O, class Record>
Vec2 update(O& optimizer, Vec2 x, const ValueGrad& evaluated, Oracle& oracle, double lr,
            const Record& record) {
  if constexpr (UsesHessian<O>) {
    const Sym2 h = oracle.hessian(x).hessian;
    return optim::toVec2(O::update(optimizer.hyper, optimizer.state, optim::toV2(x),
                                   optim::toV2(evaluated.gradient), optim::S2<double>{h.xx, h.xy, h.yy}, lr,
                                   record));
  } else {
    return optim::toVec2(O::update(optimizer.hyper, optimizer.state, optim::toV2(x),
                                   optim::toV2(evaluated.gradient), lr, record));
  }
}

// One step of the optimizer O: the gradient through the oracle, then O's update, recording its terms.
template <class O>
Vec2 stepWith(O& optimizer, Terms& terms, Vec2 x, Oracle& oracle, double lrScale) {
  terms.reset();
  terms.point = x;
  terms.learningRate = optimizer.hyper.lr * lrScale;
  const double lr = terms.learningRate;
  Vec2 next;
  if constexpr (std::is_same_v<O, optim::Lbfgs>) {
    next = optimizer.step(x, oracle, lr, terms);
  } else {
    const ValueGrad evaluated = oracle.gradient(x);
    terms.value = evaluated.value;
    terms.gradient = evaluated.gradient;
    next = update(optimizer, x, evaluated, oracle, lr, optim::RecordTerms{terms});
  }
  terms.step = optimizer.state.step;
  terms.delta = next - x;
  return next;
}

// The same step with nothing recorded (L-BFGS's step records as it goes, so it is stepped as above).
template <class O>
Vec2 stepQuietlyWith(O& optimizer, Terms& terms, Vec2 x, Oracle& oracle, double lrScale) {
  if constexpr (std::is_same_v<O, optim::Lbfgs>) {
    return stepWith(optimizer, terms, x, oracle, lrScale);
  } else {
    return update(optimizer, x, oracle.gradient(x), oracle, optimizer.hyper.lr * lrScale, optim::NoTerms{});
  }
}

}  // namespace

Vec2 Optimizer::step(Vec2 x, Oracle& oracle, double lrScale) {
  if (impl_->program) {
    const Vec2 next = impl_->program->step(x, oracle, lrScale);
    impl_->terms = impl_->program->terms();
    fillMoments(*impl_->program, impl_->terms);
    return next;
  }
  return std::visit([&](auto& optimizer) { return stepWith(optimizer, impl_->terms, x, oracle, lrScale); },
                    impl_->impl);
}

Vec2 Optimizer::stepQuietly(Vec2 x, Oracle& oracle, double lrScale) {
  if (impl_->program) return impl_->program->step(x, oracle, lrScale);  // its terms stay in the program
  return std::visit(
      [&](auto& optimizer) { return stepQuietlyWith(optimizer, impl_->terms, x, oracle, lrScale); },
      impl_->impl);
}

const Terms& Optimizer::terms() const { return impl_->terms; }

void Optimizer::explain(Explanation& explanation) const {
  if (impl_->program) return impl_->program->explain(explanation);  // its own statements, line by line
  std::visit([&](const auto& optimizer) { optimizer.explain(explanation); }, impl_->impl);
}

std::vector<NamedVec> Optimizer::state() const {
  if (impl_->program) {
    std::vector<NamedVec> named;
    for (const NamedValue& value : impl_->program->state()) named.push_back({value.name, value.value});
    return named;
  }
  return std::visit([](const auto& optimizer) { return optimizer.namedState(); }, impl_->impl);
}

std::int64_t Optimizer::stepCount() const {
  if (impl_->program) return impl_->program->stepCount();
  return std::visit([](const auto& optimizer) { return optimizer.state.step; }, impl_->impl);
}

void Optimizer::resetState() {
  if (impl_->program) impl_->program->resetState();
  std::visit([](auto& optimizer) { optimizer.state = {}; }, impl_->impl);
  impl_->terms.reset();
}

}  // namespace gs
