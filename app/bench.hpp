// `gradscape bench`: the app's frame time on a fixed heavy scene (see bench.cpp).
#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace gs {

// The machine's CPU time so far, all cores, in the kernel's ticks, from Linux's /proc/stat: all of it, the
// part no one used (idle and waiting for I/O), and the part the hypervisor gave to other guests while this
// one wanted it ("steal"). A virtual machine's frame times are its host's when much was stolen.
struct HostCpuTime {
  unsigned long long total = 0, idle = 0, stolen = 0;
};
// From the text of /proc/stat (its first line, "cpu ..."); all zero where it cannot be read.
HostCpuTime parseHostCpuTime(std::istream& procStat);
// Between two readings: the percentages of the time that passed that were idle and stolen (-1 if none).
struct HostCpuShares {
  double idle = -1.0, stolen = -1.0;
};
HostCpuShares hostCpuShares(const HostCpuTime& before, const HostCpuTime& after);

// The arguments after "bench"; returns the exit status (usage with --help, 2 on bad input).
int runBenchCommand(const std::vector<std::string>& args);

}  // namespace gs
