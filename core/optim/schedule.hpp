// Learning-rate schedules: pure functions of the step index, multiplying an optimizer's lr. Each is the
// closed form of a torch.optim.lr_scheduler class (schedule.cpp lists them), so a run's lr at every step
// equals torch's.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace gs {

struct Schedule {
  enum class Kind { Constant, Step, Linear, InverseTime, Cosine };
  Kind kind = Kind::Constant;
  std::int64_t stepSize = 100;  // Step: factor gamma^floor(t / stepSize)
  double gamma = 0.5;
  std::int64_t tau = 1000;  // Linear: (1 - a) + a * finalFraction, a = min(t / tau, 1) (LinearLR)
  double finalFraction = 0.01;
  double decay = 0.01;             // InverseTime: 1 / (1 + decay * t)
  std::int64_t totalSteps = 1000;  // Cosine: minFraction + (1 - minFraction)(1 + cos(pi t / total)) / 2,
                                   // for every t (after `total` it rises again, as CosineAnnealingLR does)
  double minFraction = 0.0;
  std::int64_t warmupSteps = 0;  // linear warm-up: factor (t + 1) / warmupSteps for t < warmupSteps,
                                 // then the chosen kind evaluated at t - warmupSteps

  // Multiplier of lr for the update with 0-based index t (t = 0 is the first step).
  double factor(std::int64_t t) const;

  // "constant", "step:size=100,gamma=0.5", "linear:tau=1000,final=0.01", "inverse:decay=0.01",
  // "cosine:total=1000,min=0", any of them with ",warmup=N" ("constant,warmup=10" included). On error,
  // a message naming the bad part.
  static std::variant<Schedule, std::string> parse(std::string_view spec);
  std::string toString() const;  // parse(toString()) gives the same schedule
};

}  // namespace gs
