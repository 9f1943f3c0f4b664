// The exact subnormal product of optim_power.hpp, built with the core's -ffp-contract=off.
#include "optim_power.hpp"

namespace gs::optim {

double subnormalProduct(double a, double b) {
  const std::uint64_t significand = std::bit_cast<std::uint64_t>(a);  // a = significand * 2^-1074
  const auto n = static_cast<double>(significand);                    // below 2^52: exact
  const double hi = n * b;
  constexpr double kSplit = 134217729.0;  // 2^27 + 1 (Veltkamp's split)
  const double nc = kSplit * n;
  const double bc = kSplit * b;
  const double nh = nc - (nc - n);
  const double nl = n - nh;
  const double bh = bc - (bc - b);
  const double bl = b - bh;
  const double lo = ((nh * bh - hi) + nh * bl + nl * bh) + nl * bl;  // n * b == hi + lo exactly
  const double whole = std::floor(hi);
  const double fraction = hi - whole;  // exact: hi < 2^52, so its ulp is at most 1/2
  const auto rounded = static_cast<std::uint64_t>(whole);
  bool up = fraction > 0.5;
  if (fraction == 0.5) up = lo > 0.0 || (lo == 0.0 && (rounded & 1u) != 0);
  return std::bit_cast<double>(rounded + (up ? 1u : 0u));
}

}  // namespace gs::optim
