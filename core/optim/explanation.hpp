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

  static std::string num(double value);  // %.4g
  static std::string vec(Vec2 v);        // (x, y) with %.4g

  const Terms& terms() const { return terms_; }
  Vec2 x() const { return terms_.point; }
  double lr() const { return terms_.learningRate; }

  // An arrow for a vector that the update scales by -lr (gradient, momentum buffer, m_hat): drawn as
  // the move it would make alone, from x_t to x_t - lr * vector.
  void scaled(std::string title, std::string formula, Vec2 vector);
  void point(std::string title, std::string formula, Vec2 at);
  void rect(std::string title, std::string formula, Vec2 size);  // centred on x_t
  void text(std::string title, std::string formula);             // no glyph
  // "Gradient here" (and "Weight decay (L2)" where the update recorded a regularized gradient).
  void gradient();
  // The rectangle of an adaptive method's accumulator: sides lr * magnitude per coordinate.
  void accumulator(std::string title, std::string formula, Vec2 magnitude) {
    rect(std::move(title), std::move(formula), lr() * magnitude);
  }
  // "Bias corrections (1 - beta^t, t = ...)" from the recorded corrections and corrected moments;
  // `secondLabel` names what the second correction divides ("v_t", or "max v" for AMSGrad).
  void biasCorrections(const char* secondLabel);
  // "The division": the effective learning rate, lr over the method's denominator.
  void division();
  void decoupledDecay();  // AdamW's and Lion's decoupled weight decay, where it moved x
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
