// What an optimizer's explain() writes its sub-steps into (see explain.hpp): a title, the formula with the
// live numbers put in, and one glyph each. Every number comes from the last update's Terms, recorded by
// the update itself, and the optimizer's own hyperparameters: nothing is recomputed here.
#pragma once
#include <string>
#include <vector>

#include "core/optim/explain.hpp"

namespace gs {

class Explanation {
 public:
  explicit Explanation(const Terms& terms) : terms_(terms) {}

  static std::string num(double value);  // %.4g; zero as "0", never "-0"
  static std::string vec(Vec2 v);        // (x, y) with %.4g

  const Terms& terms() const { return terms_; }
  Vec2 x() const { return terms_.point; }
  double lr() const { return terms_.learningRate; }

  // A contribution to the move, in units of x, from `from` to `from + move`; returns its tip, where the
  // next contribution of a sum starts (tip to tail, so the drawn arrows add up to the move).
  Vec2 contribution(std::string title, std::string formula, Vec2 from, Vec2 move);
  // The move a vector that the update scales by -lr would make alone: from x_t to x_t - lr * vector.
  void scaled(std::string title, std::string formula, Vec2 vector) {
    contribution(std::move(title), std::move(formula), x(), -lr() * vector);
  }
  // A quantity in the gradient's units (g, m, m_hat), drawn from x_t as the way it pushes (-vector) on
  // the gradient units' own scale.
  void pushes(std::string title, std::string formula, Vec2 vector);
  // A program's named value (a vector in units of its own), drawn from x_t as it is on its own scale.
  void value(std::string title, std::string formula, Vec2 value);
  void point(std::string title, std::string formula, Vec2 at);
  void rect(std::string title, std::string formula, Vec2 size);  // centred on x_t
  void text(std::string title, std::string formula);             // no glyph
  // "Gradient here" (and "Weight decay (L2)" where the update recorded a regularized gradient), in
  // gradient units.
  void gradient();
  // An adaptive method's accumulator as two bars through x_t, sqrt of it per coordinate (`magnitude`),
  // in gradient units: the same scale as g and m, so m / sqrt(v) can be read off the picture.
  void accumulator(std::string title, std::string formula, Vec2 magnitude);
  // The curvature ellipse of a Hessian at x_t (eigen-directions and curvatures).
  void ellipse(std::string title, std::string formula, const Sym2& hessian);
  // "Bias corrections (1 - beta^t, t = ...)" from the recorded corrections and corrected moments;
  // `secondLabel` names what the second correction divides ("v_t", or "max v" for AMSGrad). Drawn as
  // -m_hat in gradient units where there is one.
  void biasCorrections(const char* secondLabel);
  // "The division": each coordinate's own step, lr over the method's denominator times its numerator,
  // drawn as two contributions, x's then y's at its tip. Returns the tip (x_t + the step before any
  // decoupled weight decay).
  Vec2 division();
  // AdamW's and Lion's decoupled weight decay, where it moved x: a contribution from `from`.
  void decoupledDecay(Vec2 from);
  // The final sub-step, the move itself.
  void move(std::string formula);
  // The plain sentence of the sub-step added last (each optimizer says one after each of its own).
  void say(std::string sentence) {
    if (!steps_.empty()) steps_.back().sentence = std::move(sentence);
  }
  std::vector<ExplainStep> take() { return std::move(steps_); }

 private:
  void add(std::string title, std::string formula, Glyph glyph);
  const Terms& terms_;
  std::vector<ExplainStep> steps_;
};

}  // namespace gs
