#include "ui/tune_runs.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/math/text.hpp"
#include "ui/format.hpp"

namespace gs {

std::int64_t tuneSteps(const Model& model) {
  const std::int64_t current = model.runner.currentStep();
  return std::clamp<std::int64_t>(current > 0 ? current : model.playback.maxSteps, 1, kMaxMapSteps);
}

std::string startTune(Model& model, TuneState& state, std::size_t index) {
  if (index >= model.runner.size()) return "no such run";
  const Run& run = model.runner.run(index);
  if (tuneJobFor(state, run.id())) return {};  // already searching
  TuneRequest request;
  request.surface = model.runner.surface();
  request.settings.optimizer = run.optimizer();
  request.settings.schedule = run.schedule();
  request.settings.batchSize = run.batchSize();
  request.settings.seed = run.spec().seed;
  request.settings.steps = tuneSteps(model);
  request.starts = std::clamp(state.starts, 1, kMaxTuneStarts);
  request.threads = 1;
  if (auto problem = checkTuneRequest(request)) {
    // The request's messages name command-line arguments; the panel names the setting.
    std::string text = *problem;
    if (text.rfind("--param: ", 0) == 0) text = text.substr(9);
    return text;
  }
  auto job = std::make_unique<TuneJob>();
  job->runId = run.id();
  job->steps = request.settings.steps;
  job->starts = request.starts;
  job->axis = defaultTuneAxis(run.optimizer()).name;
  TuneJob* raw = job.get();
  job->thread = std::jthread([raw, request = std::move(request)] {
    raw->result = tune(request, &raw->cancel, [raw](double done) { raw->progress = done; });
    raw->done = true;
  });
  state.jobs.push_back(std::move(job));
  return {};
}

namespace {

// The search's best value to three significant digits: as good a learning rate on its grid (whose points
// lie 1/32 of a decade apart), and a name ("sgd lr=0.00373") that reads.
double threeDigits(double value) {
  if (value == 0.0 || !std::isfinite(value)) return value;
  const double scale = std::pow(10.0, 2.0 - std::floor(std::log10(std::abs(value))));
  return std::round(value * scale) / scale;
}

void setOutcome(TuneState& state, std::uint64_t runId, std::string text) {
  std::erase_if(state.outcomes, [runId](const auto& entry) { return entry.first == runId; });
  state.outcomes.emplace_back(runId, std::move(text));
}

}  // namespace

void collectTunes(Model& model, TuneState& state) {
  std::vector<RunEdit> edits;
  std::erase_if(state.jobs, [&](const std::unique_ptr<TuneJob>& job) {
    const auto index = model.runner.indexOf(job->runId);
    if (!index) return true;  // the run was removed: the job cancels and joins
    if (!job->done) return false;
    if (job->cancel) {
      setOutcome(state, job->runId, "search cancelled; " + job->axis + " unchanged");
      return true;
    }
    const TuneResult& result = job->result;
    const Run& run = model.runner.run(*index);
    const auto where = concat(" after ", std::to_string(job->steps), " steps from ",
                              std::to_string(job->starts), job->starts == 1 ? " start" : " starts");
    if (!result.anyConverged || result.best.empty()) {
      setOutcome(state, job->runId, "every " + job->axis + " tried diverged" + where + "; unchanged");
      return true;
    }
    const double value = threeDigits(result.best.front());
    RunSettings settings = run.settings();
    const auto& params = run.optimizer().params();
    for (std::size_t i = 0; i < params.size(); ++i)
      if (params[i].name == job->axis) settings.params[i] = value;
    edits.push_back({*index, std::move(settings)});
    setOutcome(state, job->runId,
               concat("tuned: ", job->axis, " = ", formatValue(value), ", mean f - f* ",
                      formatValue(result.bestLoss), where));
    return true;
  });
  if (!edits.empty()) editRuns(model, edits);  // what-if: the whole paths with the tuned values
}

TuneJob* tuneJobFor(TuneState& state, std::uint64_t runId) {
  for (const auto& job : state.jobs)
    if (job->runId == runId) return job.get();
  return nullptr;
}

std::string tuneOutcome(const TuneState& state, std::uint64_t runId) {
  for (const auto& [id, text] : state.outcomes)
    if (id == runId) return text;
  return {};
}

}  // namespace gs
