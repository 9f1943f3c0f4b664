// Streams trace output in 1 MiB chunks: a ten-million-step trace is written as it is computed, never held.
#include "cli/trace_output.hpp"

#include <charconv>
#include <cstdio>
#include <memory>
#include <optional>
#include <ostream>

#include "core/io/spec.hpp"
#include "core/maps/seeds.hpp"

namespace gs::cli {
namespace {

struct Row {
  std::int64_t step = 0;
  Vec2 point;
  double loss = 0.0;
  double gradientNorm = 0.0;
  double stepLength = 0.0;
  std::int64_t gradientEvaluations = 0;
};

// Exactly printf's %.17g, several times faster (it dominates the cost of a long trace).
void appendNumber(std::string& text, double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 17);
  text.append(buffer, result.ptr);
}

void appendJsonString(std::string& text, std::string_view value) {
  text += '"';
  for (const char c : value) {
    if (c == '"' || c == '\\') {
      text += '\\';
      text += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
      text += escape;
    } else {
      text += c;
    }
  }
  text += '"';
}

// RFC 4180: a field with a comma or quote is quoted, quotes doubled.
void appendCsvField(std::string& text, std::string_view value) {
  if (value.find_first_of(",\"\n") == std::string_view::npos) {
    text.append(value);
    return;
  }
  text += '"';
  for (const char c : value) text.append(c == '"' ? "\"\"" : std::string(1, c));
  text += '"';
}

class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) {}
  virtual ~Writer() = default;
  virtual void begin(const TraceRequest&) {}
  virtual void beginRun(const gs::Run&, bool /*first*/) {}
  virtual void row(const gs::Run& run, const Row& row) = 0;
  virtual void endRun(const gs::Run&) {}
  virtual void end() {}
  void flush(bool force) {
    if (!force && text_.size() < (std::size_t{1} << 20)) return;
    out_.write(text_.data(), static_cast<std::streamsize>(text_.size()));
    text_.clear();
  }

 protected:
  std::string text_;

 private:
  std::ostream& out_;
};

class CsvWriter final : public Writer {
 public:
  using Writer::Writer;
  void begin(const TraceRequest&) override {
    text_ += "optimizer,step,x,y,loss,gradient_norm,step_length,gradient_evaluations\n";
  }
  void row(const gs::Run& run, const Row& row) override {
    appendCsvField(text_, run.label());
    text_.append(",").append(std::to_string(row.step));
    for (double value : {row.point.x, row.point.y, row.loss, row.gradientNorm, row.stepLength}) {
      text_ += ',';
      appendNumber(text_, value);
    }
    text_.append(",").append(std::to_string(row.gradientEvaluations)).append("\n");
    flush(false);
  }
};

class JsonWriter final : public Writer {
 public:
  using Writer::Writer;
  void begin(const TraceRequest& request) override {
    text_ += "{\n  \"surface\": ";
    appendJsonString(text_, request.surface.name);
    text_ += ",\n  \"formula\": ";
    appendJsonString(text_, request.surface.formula);
    text_ += ",\n  \"start\": [";
    appendNumber(text_, request.start.x);
    text_ += ", ";
    appendNumber(text_, request.start.y);
    text_.append("],\n  \"steps\": ").append(std::to_string(request.steps)).append(",\n  \"runs\": [");
  }
  void beginRun(const gs::Run& run, bool first) override {
    text_ += first ? "\n    {\"optimizer\": " : ",\n    {\"optimizer\": ";
    appendJsonString(text_, run.optimizer().name());
    text_ += ", \"label\": ";
    appendJsonString(text_, run.label());
    appendParams(run.optimizer());
    text_ += ", \"schedule\": ";
    appendJsonString(text_, run.schedule().toString());
    text_.append(", \"batch\": ").append(std::to_string(run.batchSize()));
    text_.append(", \"seed\": ").append(std::to_string(run.spec().seed)).append(",\n     \"path\": [");
    firstRow_ = true;
  }
  void row(const gs::Run&, const Row& row) override {
    text_.append(firstRow_ ? "\n      [" : ",\n      [").append(std::to_string(row.step));
    for (double value : {row.point.x, row.point.y, row.loss}) {
      text_ += ", ";
      appendNumber(text_, value);
    }
    text_ += ']';
    firstRow_ = false;
    flush(false);
  }
  void endRun(const gs::Run& run) override {
    text_.append("\n     ],\n     \"status\": \"")
        .append(toString(run.status()))
        .append("\", \"status_step\": ");
    text_.append(run.status() == RunStatus::Running ? "null" : std::to_string(run.statusStep())).append("}");
  }
  void end() override { text_ += "\n  ]\n}\n"; }

 private:
  void appendParams(const Optimizer& optimizer) {
    text_ += ", \"params\": {";
    const auto& params = optimizer.params();
    for (std::size_t i = 0; i < params.size(); ++i) {
      text_ += i == 0 ? "" : ", ";
      appendJsonString(text_, params[i].name);
      text_ += ": ";
      const double value = optimizer.param(i);
      if (params[i].type == ParamType::Choice)
        appendJsonString(text_, formatParamValue(params[i], value));
      else if (params[i].type == ParamType::Bool)
        text_ += value != 0.0 ? "true" : "false";
      else
        appendNumber(text_, value);
    }
    text_ += '}';
  }
  bool firstRow_ = true;
};

// The row for the run's current step. The runner stores it when the step is on its stride; past the
// history cap it is recomputed (the same deterministic evaluation the runner made).
Row currentRow(const Surface& surface, const gs::Run& run, Vec2 previous) {
  Row row{run.step(), run.point(), 0.0, 0.0, 0.0, run.counts().gradients + run.counts().hessians};
  if (run.step() % run.stride() == 0 && !run.path().empty()) {
    row.loss = run.losses().back();
    row.gradientNorm = run.gradientNorms().back();
    row.stepLength = run.stepLengths().back();
    return row;
  }
  const ValueGrad here = surface.evaluator->valueGrad(run.point());
  row.loss = here.value;
  row.gradientNorm = norm(here.gradient);
  row.stepLength = norm(run.point() - previous);
  return row;
}

std::optional<TraceDivergence> traceRun(const TraceRequest& request, RunSpec spec, bool first,
                                        Writer& writer) {
  Runner runner(request.surface, request.start);
  runner.addRun(std::move(spec));
  const gs::Run& run = runner.run(0);
  writer.beginRun(run, first);
  Vec2 previous = run.point();
  if (!run.path().empty()) writer.row(run, currentRow(request.surface, run, previous));
  for (std::int64_t k = 1; k <= request.steps && run.status() != RunStatus::Diverged; ++k) {
    runner.step();
    if (run.step() != k) break;
    writer.row(run, currentRow(request.surface, run, previous));
    previous = run.point();
  }
  writer.endRun(run);
  if (run.status() != RunStatus::Diverged) return std::nullopt;
  return TraceDivergence{run.label(), run.statusStep()};
}

void makeLabelsUnique(std::vector<RunSpec>& runs) {
  std::vector<std::string> original;
  for (const auto& run : runs) original.push_back(run.label);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    int copies = 1;
    for (std::size_t j = 0; j < i; ++j) copies += original[j] == original[i] ? 1 : 0;
    if (copies > 1) runs[i].label.append(" #").append(std::to_string(copies));
  }
}

void appendSeedRow(std::string& text, const std::string& label, const SeedBandRow& row) {
  appendCsvField(text, label);
  text.append(",").append(std::to_string(row.step));
  for (double value :
       {row.mean.x, row.mean.y, row.meanLoss, row.deviation.x, row.deviation.y, row.lossDeviation}) {
    text += ',';
    appendNumber(text, value);
  }
  text.append(",").append(std::to_string(row.seeds)).append("\n");
}

}  // namespace

std::vector<TraceDivergence> writeSeedBands(const TraceRequest& request, std::vector<RunSpec> runs, int seeds,
                                            std::ostream& out) {
  makeLabelsUnique(runs);
  std::string text = "optimizer,step,x,y,loss,x_std,y_std,loss_std,seeds\n";
  std::vector<TraceDivergence> diverged;
  for (RunSpec& run : runs) {
    PixelSettings settings;
    settings.optimizer = std::move(run.optimizer);
    settings.schedule = run.schedule;
    settings.batchSize = run.batchSize;
    settings.seed = run.seed;
    settings.steps = request.steps;
    const std::vector<std::int64_t> divergedAt =
        streamSeedBand(request.surface, settings, request.start, seeds, [&](const SeedBandRow& row) {
          appendSeedRow(text, run.label, row);
          if (text.size() >= (std::size_t{1} << 20)) {
            out.write(text.data(), static_cast<std::streamsize>(text.size()));
            text.clear();
          }
        });
    for (std::size_t k = 0; k < divergedAt.size(); ++k)
      if (divergedAt[k] >= 0)
        diverged.push_back(
            TraceDivergence{concat(run.label, " seed ", std::to_string(run.seed + k)), divergedAt[k]});
  }
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  return diverged;
}

std::vector<TraceDivergence> writeTrace(const TraceRequest& request, std::vector<RunSpec> runs,
                                        std::ostream& out) {
  makeLabelsUnique(runs);
  std::unique_ptr<Writer> writer;
  if (request.format == TraceFormat::Json)
    writer = std::make_unique<JsonWriter>(out);
  else
    writer = std::make_unique<CsvWriter>(out);
  writer->begin(request);
  std::vector<TraceDivergence> diverged;
  for (std::size_t i = 0; i < runs.size(); ++i)
    if (auto divergence = traceRun(request, std::move(runs[i]), i == 0, *writer))
      diverged.push_back(*divergence);
  writer->end();
  writer->flush(true);
  return diverged;
}

}  // namespace gs::cli
