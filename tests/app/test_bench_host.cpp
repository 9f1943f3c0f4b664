// What `gradscape bench` says about the machine under its frames: the share of the CPU time that was idle
// and the share the hypervisor stole for other guests, from two readings of /proc/stat.
#include <gtest/gtest.h>

#include <sstream>

#include "bench.hpp"

namespace gs {
namespace {

HostCpuTime parse(const char* text) {
  std::istringstream in(text);
  return parseHostCpuTime(in);
}

TEST(BenchHost, ReadsTheMachinesCpuTimeFromProcStat) {
  // user nice system idle iowait irq softirq steal guest guest_nice, then the per-core lines.
  const HostCpuTime time = parse(
      "cpu  3649773 3 443773 740878 5097 0 799 15653 0 0\n"
      "cpu0 1824886 1 221886 370439 2548 0 400 7826 0 0\n");
  EXPECT_EQ(time.total, 3649773ull + 3 + 443773 + 740878 + 5097 + 0 + 799 + 15653);
  EXPECT_EQ(time.idle, 740878ull + 5097);
  EXPECT_EQ(time.stolen, 15653ull);
}

TEST(BenchHost, SomethingElseReadsAsNothing) {
  for (const char* text : {"", "intr 12 3 4", "cpu 1 2 3", "cpu0 1 2 3 4 5 6 7 8 9 10"}) {
    const HostCpuTime time = parse(text);
    EXPECT_EQ(time.total, 0u) << text;
    EXPECT_EQ(time.stolen, 0u) << text;
  }
}

TEST(BenchHost, SharesOfTheTimeBetweenTwoReadings) {
  const HostCpuTime before = parse("cpu 1000 0 100 400 0 0 0 50 0 0");
  // 400 ticks later: 200 busy, 100 idle, 100 stolen.
  const HostCpuTime after = parse("cpu 1180 0 120 500 0 0 0 150 0 0");
  const HostCpuShares shares = hostCpuShares(before, after);
  EXPECT_DOUBLE_EQ(shares.idle, 25.0);
  EXPECT_DOUBLE_EQ(shares.stolen, 25.0);
  // No time passed, or a reading that failed: no shares.
  EXPECT_LT(hostCpuShares(before, before).stolen, 0.0);
  EXPECT_LT(hostCpuShares(before, HostCpuTime{}).stolen, 0.0);
  EXPECT_LT(hostCpuShares(HostCpuTime{}, HostCpuTime{}).idle, 0.0);
}

}  // namespace
}  // namespace gs
