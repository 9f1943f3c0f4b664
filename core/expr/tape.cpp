// Compiles the AST to a register tape and evaluates it with double, Dual or Jet, one point at a time or
// over blocks of kBlockSize points per instruction, so the interpreter's dispatch is paid once per
// block rather than once per point (batch evaluation of heatmaps and basin maps).
//
// Semantics shared with the GLSL printer: pow(a, b) is std::pow (a negative base with an integer
// exponent is fine, a non-integer one gives NaN); abs, min and max use the subgradients in dual.hpp, and
// min and max propagate NaN from either argument.
#include <cmath>
#include <type_traits>

#include "core/expr/impl.hpp"
#include "core/math/dual.hpp"

namespace gs::expr {

int arity(Op op) {
  switch (op) {
    case Op::Const:
    case Op::X:
    case Op::Y:
      return 0;
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Div:
    case Op::Pow:
    case Op::Min:
    case Op::Max:
      return 2;
    default:
      return 1;
  }
}

namespace {

using namespace gs::ad;  // the overloads of sin, pow, ... for double, Dual and Jet

// One operation on any of double, Dual, Jet. `constant` is PowConst's exponent.
template <class T>
[[gnu::always_inline]] inline T apply(Op op, const T& a, const T& b, double constant) {
  switch (op) {
    case Op::Add:
      return a + b;
    case Op::Sub:
      return a - b;
    case Op::Mul:
      return a * b;
    case Op::Div:
      return a / b;
    case Op::Pow:
      return pow(a, b);
    case Op::Min:
      return minimum(a, b);
    case Op::Max:
      return maximum(a, b);
    case Op::Neg:
      return -a;
    case Op::Sin:
      return sin(a);
    case Op::Cos:
      return cos(a);
    case Op::Tan:
      return tan(a);
    case Op::Exp:
      return exp(a);
    case Op::Log:
      return log(a);
    case Op::Sqrt:
      return sqrt(a);
    case Op::Abs:
      return abs(a);
    case Op::Tanh:
      return tanh(a);
    case Op::Sinh:
      return sinh(a);
    case Op::Cosh:
      return cosh(a);
    case Op::Atan:
      return atan(a);
    case Op::Asin:
      return asin(a);
    case Op::Acos:
      return acos(a);
    case Op::Square:
      return a * a;
    case Op::PowConst:
      return pow(a, constant);
    case Op::AddConst:
      return a + constant;
    case Op::SubConst:
      return a - constant;
    case Op::ConstSub:
      return constant - a;
    case Op::MulConst:
      return constant * a;
    case Op::DivConst:
      return a / constant;
    case Op::ConstDiv:
      return constant / a;
    case Op::Const:
    case Op::X:
    case Op::Y:
      break;
  }
  return T(constant);
}

// The lane loop of every other operation (functions, powers, division, min/max), out of line: inlined into
// runCode, its inlined square roots and calls left the compiler's code for the common loops below slower
// (a polynomial's value batch 18% slower once sqrt became one instruction).
template <class T>
[[gnu::noinline]] void applyLanes(const Instruction& in, T* out, const T* a, const T* b, std::size_t lanes) {
  for (std::size_t l = 0; l < lanes; ++l) out[l] = apply(in.op, a[l], b[l], in.constant);
}

// The lane loops: one switch per instruction per block; the common arithmetic gets its own loop so
// the compiler can vectorise it.
template <class T>
void runCode(const std::vector<Instruction>& code, T* registers, std::size_t stride, std::size_t lanes) {
  for (const Instruction& in : code) {
    T* out = registers + static_cast<std::size_t>(in.out) * stride;
    const T* a = registers + static_cast<std::size_t>(in.a) * stride;
    const T* b = in.b >= 0 ? registers + static_cast<std::size_t>(in.b) * stride : a;
    switch (in.op) {
      case Op::Add:
        for (std::size_t l = 0; l < lanes; ++l) out[l] = a[l] + b[l];
        break;
      case Op::Sub:
        for (std::size_t l = 0; l < lanes; ++l) out[l] = a[l] - b[l];
        break;
      case Op::Mul:
        for (std::size_t l = 0; l < lanes; ++l) out[l] = a[l] * b[l];
        break;
      case Op::Square:
        for (std::size_t l = 0; l < lanes; ++l) out[l] = a[l] * a[l];
        break;
      case Op::Neg:
        for (std::size_t l = 0; l < lanes; ++l) out[l] = -a[l];
        break;
      case Op::AddConst:
        for (std::size_t l = 0; l < lanes; ++l) out[l] = a[l] + in.constant;
        break;
      case Op::SubConst:
        for (std::size_t l = 0; l < lanes; ++l) out[l] = a[l] - in.constant;
        break;
      case Op::ConstSub:
        for (std::size_t l = 0; l < lanes; ++l) out[l] = in.constant - a[l];
        break;
      case Op::MulConst:
        for (std::size_t l = 0; l < lanes; ++l) out[l] = in.constant * a[l];
        break;
      default:
        applyLanes(in, out, a, b, lanes);
    }
  }
}

template <class T>
T seed(double coordinate, bool isX) {
  if constexpr (std::is_same_v<T, double>) {
    return coordinate;
  } else {
    return isX ? T::variableX(coordinate) : T::variableY(coordinate);
  }
}

// Registers live in a per-thread buffer that only ever grows: no allocation per evaluation.
template <class T>
T* scratch(std::size_t count) {
  thread_local std::vector<T> buffer;
  if (buffer.size() < count) buffer.resize(count);
  return buffer.data();
}

constexpr std::size_t kBlockSize = 64;

// Evaluates the tape at points[i] for i in [0, count) and hands each result to store(i, result).
template <class T, class Store>
void runBatch(const Tape& tape, std::size_t count, const Vec2* points, std::size_t stride, Store&& store) {
  T* registers = scratch<T>(static_cast<std::size_t>(tape.registerCount) * stride);
  for (const Instruction& c : tape.constants)
    for (std::size_t l = 0; l < stride; ++l)
      registers[static_cast<std::size_t>(c.out) * stride + l] = T(c.constant);
  T* xs = tape.xRegister >= 0 ? registers + static_cast<std::size_t>(tape.xRegister) * stride : nullptr;
  T* ys = tape.yRegister >= 0 ? registers + static_cast<std::size_t>(tape.yRegister) * stride : nullptr;
  const T* result = registers + static_cast<std::size_t>(tape.resultRegister) * stride;
  for (std::size_t begin = 0; begin < count; begin += stride) {
    const std::size_t lanes = std::min(stride, count - begin);
    for (std::size_t l = 0; l < lanes; ++l) {
      if (xs) xs[l] = seed<T>(points[begin + l].x, true);
      if (ys) ys[l] = seed<T>(points[begin + l].y, false);
    }
    runCode(tape.code, registers, stride, lanes);
    for (std::size_t l = 0; l < lanes; ++l) store(begin + l, result[l]);
  }
}

// Dual registers for a block, split into value, d/dx and d/dy arrays (structure of arrays) so the lane
// loops vectorise. Every lane still goes through the same Dual operators as a single point: the batch
// result equals the single-point one bit for bit.
struct DualLanes {
  double* value;
  double* dx;
  double* dy;
  Dual load(std::size_t l) const { return {value[l], {dx[l], dy[l]}}; }
  void store(std::size_t l, const Dual& d) const {
    value[l] = d.value;
    dx[l] = d.gradient.x;
    dy[l] = d.gradient.y;
  }
};

template <class Fn>
void laneLoop(const DualLanes& out, const DualLanes& a, const DualLanes& b, std::size_t lanes, Fn fn) {
  for (std::size_t l = 0; l < lanes; ++l) out.store(l, fn(a.load(l), b.load(l)));
}

void runDualCode(const std::vector<Instruction>& code, double* registers, std::size_t lanes) {
  const auto lanesOf = [registers](int r) {
    double* base = registers + static_cast<std::size_t>(r) * 3 * kBlockSize;
    return DualLanes{base, base + kBlockSize, base + 2 * kBlockSize};
  };
  for (const Instruction& in : code) {
    const DualLanes out = lanesOf(in.out), a = lanesOf(in.a), b = in.b >= 0 ? lanesOf(in.b) : a;
    const double c = in.constant;
    switch (in.op) {
      case Op::Add:
        laneLoop(out, a, b, lanes, [](const Dual& u, const Dual& v) { return u + v; });
        break;
      case Op::Sub:
        laneLoop(out, a, b, lanes, [](const Dual& u, const Dual& v) { return u - v; });
        break;
      case Op::Mul:
        laneLoop(out, a, b, lanes, [](const Dual& u, const Dual& v) { return u * v; });
        break;
      case Op::Div:
        laneLoop(out, a, b, lanes, [](const Dual& u, const Dual& v) { return u / v; });
        break;
      case Op::Square:
        laneLoop(out, a, a, lanes, [](const Dual& u, const Dual&) { return u * u; });
        break;
      case Op::Neg:
        laneLoop(out, a, a, lanes, [](const Dual& u, const Dual&) { return -u; });
        break;
      case Op::AddConst:
        laneLoop(out, a, a, lanes, [c](const Dual& u, const Dual&) { return u + c; });
        break;
      case Op::SubConst:
        laneLoop(out, a, a, lanes, [c](const Dual& u, const Dual&) { return u - c; });
        break;
      case Op::ConstSub:
        laneLoop(out, a, a, lanes, [c](const Dual& u, const Dual&) { return c - u; });
        break;
      case Op::MulConst:
        laneLoop(out, a, a, lanes, [c](const Dual& u, const Dual&) { return c * u; });
        break;
      default:
        laneLoop(out, a, b, lanes,
                 [&in](const Dual& u, const Dual& v) { return apply(in.op, u, v, in.constant); });
    }
  }
}

template <class Store>
void runDualBatch(const Tape& tape, std::size_t count, const Vec2* points, Store&& store) {
  double* registers = scratch<double>(static_cast<std::size_t>(tape.registerCount) * 3 * kBlockSize);
  const auto lanesOf = [registers](int r) {
    double* base = registers + static_cast<std::size_t>(r) * 3 * kBlockSize;
    return DualLanes{base, base + kBlockSize, base + 2 * kBlockSize};
  };
  for (const Instruction& c : tape.constants)
    for (std::size_t l = 0; l < kBlockSize; ++l) lanesOf(c.out).store(l, Dual(c.constant));
  const DualLanes result = lanesOf(tape.resultRegister);
  for (std::size_t begin = 0; begin < count; begin += kBlockSize) {
    const std::size_t lanes = std::min(kBlockSize, count - begin);
    for (std::size_t l = 0; l < lanes; ++l) {
      if (tape.xRegister >= 0) lanesOf(tape.xRegister).store(l, Dual::variableX(points[begin + l].x));
      if (tape.yRegister >= 0) lanesOf(tape.yRegister).store(l, Dual::variableY(points[begin + l].y));
    }
    runDualCode(tape.code, registers, lanes);
    for (std::size_t l = 0; l < lanes; ++l) store(begin + l, result.load(l));
  }
}

template <class T>
T evaluateAt(const Tape& tape, Vec2 p) {
  // One point (the optimizer step's path): no lane loops, one switch per instruction.
  T* r = scratch<T>(static_cast<std::size_t>(tape.registerCount));
  for (const Instruction& c : tape.constants) r[c.out] = T(c.constant);
  if (tape.xRegister >= 0) r[tape.xRegister] = seed<T>(p.x, true);
  if (tape.yRegister >= 0) r[tape.yRegister] = seed<T>(p.y, false);
  for (const Instruction& in : tape.code)
    r[in.out] = apply(in.op, r[in.a], r[in.b >= 0 ? in.b : in.a], in.constant);
  return r[tape.resultRegister];
}

class ExpressionEvaluator final : public Evaluator {
 public:
  explicit ExpressionEvaluator(std::shared_ptr<const Expression::Impl> impl) : impl_(std::move(impl)) {}

  double value(Vec2 p) const override { return evaluateAt<double>(impl_->tape, p); }
  ValueGrad valueGrad(Vec2 p) const override {
    const Dual r = evaluateAt<Dual>(impl_->tape, p);
    return {r.value, r.gradient};
  }
  ValueGradHessian valueGradHessian(Vec2 p) const override {
    const Jet r = evaluateAt<Jet>(impl_->tape, p);
    return {r.value, r.gradient, r.hessian};
  }
  void valueBatch(std::span<const Vec2> points, std::span<double> values) const override {
    const std::size_t count = std::min(points.size(), values.size());
    runBatch<double>(impl_->tape, count, points.data(), kBlockSize,
                     [values](std::size_t i, double r) { values[i] = r; });
  }
  void valueGradBatch(std::span<const Vec2> points, std::span<ValueGrad> out) const override {
    const std::size_t count = std::min(points.size(), out.size());
    runDualBatch(impl_->tape, count, points.data(), [out](std::size_t i, const Dual& r) {
      out[i] = {r.value, r.gradient};
    });
  }

 private:
  std::shared_ptr<const Expression::Impl> impl_;
};

}  // namespace

double evaluateConstant(Op op, double a, double b) { return apply<double>(op, a, b, b); }

}  // namespace gs::expr

namespace gs {

std::shared_ptr<const Evaluator> Expression::evaluator() const {
  return std::make_shared<const expr::ExpressionEvaluator>(impl_);
}

}  // namespace gs
