// torch.optim.Adagrad: parameters and explainer; the update rule and its code are in adagrad.hpp.
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC bug 105329, as in explain.cpp
#include "core/optim/adagrad.hpp"

#include "core/optim/explanation.hpp"

namespace gs::optim {

const std::vector<Field<Adagrad::Hyper>>& Adagrad::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam()),
      field<&Hyper::lrDecay>(
          realParam("lr_decay", 0.0, 10.0, false, "Shrinks lr over time: lr / (1 + (t - 1) * lr_decay).")),
      field<&Hyper::eps>(epsParam("Added to sqrt(sum) in the denominator so the division never blows up.")),
      field<&Hyper::initialAccumulatorValue>(
          realParam("initial_accumulator_value", 0.0, 100.0, false,
                    "Starting value of the sum of squared gradients (applies from the next reset).")),
      field<&Hyper::weightDecay>(weightDecayParam()),
  };
  return table;
}

void Adagrad::explain(Explanation& e) const {
  using E = Explanation;
  const Terms& t = e.terms();
  e.gradient();
  e.accumulator("Sum of squared gradients", "sum_t = sum_{t-1} + g^2 = " + E::vec(*t.secondMoment),
                sqrt(*t.secondMoment));
  e.say("Every squared gradient is added up per coordinate, " + E::vec(*t.secondMoment) +
        ": steep coordinates get ever smaller steps.");
  e.division();
  e.move("x_t - effective lr * " + E::vec(*t.direction));
}

}  // namespace gs::optim
