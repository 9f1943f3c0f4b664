// What `gradscape trace` writes once its arguments are valid: the runs as CSV or JSON, --list, --help.
#pragma once
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/runner.hpp"
#include "core/surface/surface.hpp"

namespace gs::cli {

enum class TraceFormat { Csv, Json };

struct TraceRequest {
  const Surface& surface;
  Vec2 start;
  std::int64_t steps = 0;
  TraceFormat format = TraceFormat::Csv;
};

struct TraceDivergence {
  std::string label;
  std::int64_t step = 0;
};

// Steps each run on its own for request.steps steps and streams every step (step 0 is the start):
// CSV `optimizer,step,x,y,loss,gradient_norm,step_length,gradient_evaluations`, or JSON
// {"surface", "formula", "start", "steps", "runs": [{"optimizer", "label", "params", "schedule", "batch",
// "seed", "path": [[step, x, y, loss], ...], "status", "status_step"}]}. Numbers have 17 significant
// digits. Labels that repeat get " #2", " #3". Returns the runs that diverged.
std::vector<TraceDivergence> writeTrace(const TraceRequest& request, std::vector<RunSpec> runs,
                                        std::ostream& out);

// `--seeds K`: each run stepped with seeds run.seed to run.seed + K - 1 (core/maps/seeds.hpp) and written
// as CSV `optimizer,step,x,y,loss,x_std,y_std,loss_std,seeds`: x, y and loss the means over the seeds still
// finite at that step (`seeds` of them), the _std columns their population standard deviations. Returns
// the seeds that diverged, labelled "LABEL seed S".
std::vector<TraceDivergence> writeSeedBands(const TraceRequest& request, std::vector<RunSpec> runs, int seeds,
                                            std::ostream& out);

void writeTraceHelp(std::ostream& out);
// Every surface (name, title, domain, start, lesson) and optimizer (each parameter's default, range and
// meaning).
void writeTraceList(std::ostream& out);

}  // namespace gs::cli
