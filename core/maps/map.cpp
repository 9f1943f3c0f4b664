// Basin and hyperparameter maps. Each pixel is runPixel() from its start with its settings; what this
// file adds is which pixel gets which start and settings, how its end is classified, and the coarse-to-
// fine schedule of the background job.
#include "core/maps/map.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/math/text.hpp"
#include "core/optim/program.hpp"
#include "core/optim/program_from_builtin.hpp"

namespace gs {
namespace {

const ParamInfo* findParam(const Optimizer& optimizer, std::string_view name) {
  for (const auto& info : optimizer.params())
    if (info.name == name) return &info;
  return nullptr;
}

std::string paramNames(const Optimizer& optimizer) {
  std::string names;
  for (const auto& info : optimizer.params())
    if (info.type == ParamType::Real || info.type == ParamType::Integer)
      names.append(names.empty() ? "" : ", ").append(info.name);
  return names;
}

double domainSize(const Domain& domain) {
  return std::max(domain.xMax - domain.xMin, domain.yMax - domain.yMin);
}

// The surface's f*: its global minimum's value where it lists one (NaN otherwise).
double listedFStar(const Surface& surface) {
  double best = std::numeric_limits<double>::quiet_NaN();
  for (const auto& minimum : surface.minima)
    if (minimum.global && !(minimum.value >= best)) best = minimum.value;
  return best;
}

// The step from which every point of a path of `count` points stays within `radius` of `target`.
template <class PointAt>
std::int64_t settledSince(PointAt pointAt, std::int64_t count, Vec2 target, double radius) {
  std::int64_t k = count;
  while (k > 0 && norm(pointAt(k - 1) - target) <= radius) --k;
  return k < count ? k : -1;
}

std::vector<int> levelStrides(int width, int height) {
  int stride = 1;
  while (stride < 8 && std::min(width, height) / (stride * 2) >= 16) stride *= 2;
  std::vector<int> strides;
  for (; stride >= 1; stride /= 2) strides.push_back(stride);
  return strides;
}

int rowsAtStride(int height, int stride) { return (height + stride - 1) / stride; }

}  // namespace

std::optional<std::string> checkHyperAxis(const HyperAxis& axis, const Optimizer& optimizer) {
  const ParamInfo* info = findParam(optimizer, axis.name);
  if (!info)
    return concat("unknown hyperparameter '", axis.name, "' of ", optimizer.name(),
                  " (its hyperparameters: ", paramNames(optimizer), ")");
  if (info->type != ParamType::Real && info->type != ParamType::Integer)
    return concat("hyperparameter '", axis.name, "' of ", optimizer.name(),
                  " is not a number (numeric ones: ", paramNames(optimizer), ")");
  if (!std::isfinite(axis.lo) || !std::isfinite(axis.hi)) return std::string("the range is not finite");
  if (!(axis.lo < axis.hi))
    return concat("the range ", formatNumber(axis.lo), " to ", formatNumber(axis.hi),
                  axis.lo == axis.hi ? " is empty" : " is inverted");
  if (axis.lo < info->min || axis.hi > info->max)
    return concat("the range ", formatNumber(axis.lo), " to ", formatNumber(axis.hi), " leaves ", axis.name,
                  "'s domain [", formatNumber(info->min), ", ", formatNumber(info->max), "]");
  if (axis.log && axis.lo <= 0.0)
    return concat("a log axis cannot reach 0 or below (", axis.name, " from ", formatNumber(axis.lo), ")");
  return std::nullopt;
}

std::variant<HyperAxis, std::string> parseHyperAxis(std::string_view text, const Optimizer& optimizer) {
  std::vector<std::string_view> parts;
  for (std::size_t begin = 0;;) {
    const auto colon = text.find(':', begin);
    parts.push_back(text.substr(begin, colon == std::string_view::npos ? colon : colon - begin));
    if (colon == std::string_view::npos) break;
    begin = colon + 1;
  }
  if (parts.size() < 3 || parts.size() > 4)
    return concat("expected NAME:LO:HI or NAME:LO:HI:log, got '", text, "'");
  HyperAxis axis;
  axis.name = parts[0];
  const ParamInfo* info = findParam(optimizer, axis.name);
  axis.log = info && info->logScale;
  std::string error;
  const auto lo = parseNumber(parts[1], &error);
  if (!lo) return concat("LO: ", error);
  const auto hi = parseNumber(parts[2], &error);
  if (!hi) return concat("HI: ", error);
  axis.lo = *lo;
  axis.hi = *hi;
  if (parts.size() == 4) {
    if (parts[3] == "log")
      axis.log = true;
    else if (parts[3] == "lin")
      axis.log = false;
    else
      return concat("scale '", parts[3], "' is not log or lin");
  }
  if (auto problem = checkHyperAxis(axis, optimizer)) return *problem;
  return axis;
}

double axisValue(const HyperAxis& axis, int i, int n) {
  if (n <= 1 || i <= 0) return axis.lo;
  if (i >= n - 1) return axis.hi;
  const double t = static_cast<double>(i) / static_cast<double>(n - 1);
  const double value = axis.log ? std::exp(std::log(axis.lo) + t * (std::log(axis.hi) - std::log(axis.lo)))
                                : axis.lo + t * (axis.hi - axis.lo);
  return std::clamp(value, axis.lo, axis.hi);
}

double axisPosition(const HyperAxis& axis, double value, int n) {
  if (n <= 1) return 0.0;
  const double t = axis.log ? (std::log(value) - std::log(axis.lo)) / (std::log(axis.hi) - std::log(axis.lo))
                            : (value - axis.lo) / (axis.hi - axis.lo);
  return t * static_cast<double>(n - 1);
}

MapRequest basinRequest(Surface surface, PixelSettings settings, int width, int height) {
  MapRequest request;
  request.kind = MapKind::Basin;
  request.range = surface.domain;
  request.start = surface.start;
  request.surface = std::move(surface);
  request.settings = std::move(settings);
  request.width = width;
  request.height = height;
  return request;
}

std::optional<std::string> checkMapRequest(const MapRequest& request) {
  if (!request.surface.evaluator) return std::string("--surface: no surface");
  if (request.width < 1 || request.height < 1 || request.width > kMaxMapSide || request.height > kMaxMapSide)
    return concat("--size: ", std::to_string(request.width), "x", std::to_string(request.height),
                  " is outside 1x1 to ", std::to_string(kMaxMapSide), "x", std::to_string(kMaxMapSide));
  if (request.settings.steps < 0 || request.settings.steps > kMaxMapSteps)
    return concat("--steps: ", std::to_string(request.settings.steps), " is outside 0 to ",
                  std::to_string(kMaxMapSteps));
  if (request.settings.batchSize < 0) return std::string("--batch: negative");
  if (request.settings.batchSize > 0 && request.surface.evaluator->dataSize() == 0)
    return concat("--batch: surface '", request.surface.name,
                  "' has no data set (minibatches apply to data surfaces)");
  if (request.kind == MapKind::Basin) {
    const Domain& r = request.range;
    if (!std::isfinite(r.xMin) || !std::isfinite(r.xMax) || !std::isfinite(r.yMin) || !std::isfinite(r.yMax))
      return std::string("--range: not finite");
    if (!(r.xMin < r.xMax) || !(r.yMin < r.yMax))
      return concat("--range: ", formatNumber(r.xMin), ",", formatNumber(r.xMax), ",", formatNumber(r.yMin),
                    ",", formatNumber(r.yMax), " is empty or inverted (expected x0 < x1 and y0 < y1)");
    return std::nullopt;
  }
  if (auto problem = checkHyperAxis(request.x, request.settings.optimizer)) return concat("--x: ", *problem);
  if (auto problem = checkHyperAxis(request.y, request.settings.optimizer)) return concat("--y: ", *problem);
  if (request.x.name == request.y.name)
    return concat("--y: the same hyperparameter as --x ('", request.x.name, "')");
  const Vec2 start = request.start;
  const ValueGrad here = isFinite(start) ? request.surface.evaluator->valueGrad(start) : ValueGrad{};
  if (!isFinite(start) || norm(start) > Run::kDivergenceBound || !std::isfinite(here.value) ||
      !isFinite(here.gradient))
    return concat("--start: f or its gradient is not finite at (", formatNumber(start.x), ", ",
                  formatNumber(start.y), ")");
  if (request.metric == HyperMetric::StepsToTolerance) {
    if (std::isnan(listedFStar(request.surface)))
      return concat("--metric: steps needs a surface with a known global minimum; '", request.surface.name,
                    "' lists none (use --metric final)");
    if (!(request.lossTolerance > 0.0) || !std::isfinite(request.lossTolerance))
      return std::string("--tolerance: must be a finite number above 0");
  }
  return std::nullopt;
}

const char* toString(EndKind kind) {
  switch (kind) {
    case EndKind::Minimum:
      return "minimum";
    case EndKind::Cluster:
      return "cluster";
    case EndKind::Moving:
      return "moving";
    case EndKind::Diverged:
      return "diverged";
    case EndKind::Undefined:
      return "undefined";
  }
  return "undefined";
}

double MapResult::metricValue(const MapPixel& pixel, HyperMetric metric) const {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (pixel.kind == EndKind::Diverged || pixel.kind == EndKind::Undefined) return kNaN;
  if (metric == HyperMetric::StepsToTolerance)
    return pixel.closeStep < 0 ? kNaN : static_cast<double>(pixel.closeStep);
  return pixel.run.loss - fStar;
}

Vec2 basinStart(const MapRequest& request, int px, int py) {
  const Domain& r = request.range;
  const double u = (static_cast<double>(px) + 0.5) / static_cast<double>(request.width);
  const double v = (static_cast<double>(py) + 0.5) / static_cast<double>(request.height);
  return {r.xMin + u * (r.xMax - r.xMin), r.yMax - v * (r.yMax - r.yMin)};
}

Vec2 hyperValues(const MapRequest& request, int px, int py) {
  return {axisValue(request.x, px, request.width),
          axisValue(request.y, request.height - 1 - py, request.height)};
}

Optimizer pixelOptimizer(const MapRequest& request, int px, int py) {
  Optimizer optimizer = request.settings.optimizer;
  if (request.kind == MapKind::Hyper) {
    const Vec2 values = hyperValues(request, px, py);
    optimizer.setParam(request.x.name, values.x);
    optimizer.setParam(request.y.name, values.y);
  }
  return optimizer;
}

namespace {

// Where a defined, finite run ended: the nearest listed minimum within `closeness` of its end (kind
// Minimum, its index and point), or else its own end point (kind Moving until its steps are counted).
struct EndTarget {
  EndKind kind = EndKind::Moving;
  int index = -1;
  Vec2 point;
};

EndTarget endTarget(const MapRequest& request, const PixelRun& run, double closeness) {
  EndTarget target;
  target.point = run.end;
  double nearest = closeness;
  for (std::size_t i = 0; i < request.surface.minima.size(); ++i) {
    const double distance = norm(request.surface.minima[i].point - run.end);
    if (distance <= nearest) {
      nearest = distance;
      target.kind = EndKind::Minimum;
      target.index = static_cast<int>(i);
      target.point = request.surface.minima[i].point;
    }
  }
  return target;
}

double closenessOf(const MapRequest& request) { return 1e-3 * domainSize(request.surface.domain); }

// A pixel from its run: where it ended and how many steps it took to come that close. `settled(target)`
// is the step from which the run's path stays within closenessOf(request) of `target` (settledSince),
// lossAt(k) its loss at step k (0 to stepsTaken).
template <class Settled, class LossAt>
MapPixel classifyPixel(const MapRequest& request, const PixelRun& run, Settled settled, LossAt lossAt) {
  MapPixel pixel;
  pixel.computed = true;
  pixel.run = run;
  if (pixel.run.undefinedStart) return pixel;  // kind Undefined
  if (pixel.run.status == RunStatus::Diverged) {
    pixel.kind = EndKind::Diverged;
    return pixel;
  }
  const EndTarget target = endTarget(request, run, closenessOf(request));
  pixel.index = target.index;
  pixel.closeStep = settled(target.point);
  pixel.kind = EndKind::Minimum;
  if (target.kind != EndKind::Minimum) {
    const std::int64_t window = std::max<std::int64_t>(1, pixel.run.stepsTaken / 10);
    const bool settledEarly = pixel.closeStep >= 0 && pixel.closeStep <= pixel.run.stepsTaken - window;
    pixel.kind = settledEarly ? EndKind::Cluster : EndKind::Moving;
  }
  if (request.kind == MapKind::Hyper && request.metric == HyperMetric::StepsToTolerance) {
    const double fStar = listedFStar(request.surface);
    pixel.closeStep = -1;
    for (std::int64_t k = 0; k <= pixel.run.stepsTaken; ++k)
      if (lossAt(k) - fStar <= request.lossTolerance) {
        pixel.closeStep = k;
        break;
      }
  }
  return pixel;
}

// settledSince for every run of a batch at once, walking the steps backwards across the runs, so the
// step-major trace is read in order. settled[i]: as settledSince(run i's path, targets[i], radius).
void settledSinceAll(const BatchTrace& trace, const std::vector<PixelRun>& runs,
                     const std::vector<Vec2>& targets, double radius, std::vector<std::int64_t>& settled) {
  const std::size_t count = runs.size();
  settled.assign(count, -1);
  // The runs to walk, latest first; a run joins the walk at the last step it has to read.
  struct Walk {
    std::size_t run;
    Vec2 target;
    std::int64_t last;  // stepsTaken, or the step before its anchor step
    std::int64_t end;   // stepsTaken
  };
  // Where the trace has anchors (BatchTrace), a run whose anchor is well within radius of its target
  // (0.7 radius: the triangle inequality then holds with room for rounding) has every point from its
  // anchor step on within radius of the target, so its walk starts just before that step.
  const bool anchored = !trace.anchorSteps.empty();
  const double anchorInside = 0.7 * radius * 0.7 * radius;
  std::vector<Walk> waiting;
  for (std::size_t i = 0; i < count; ++i) {
    if (runs[i].undefinedStart || runs[i].status == RunStatus::Diverged) continue;
    Walk walk{i, targets[i], runs[i].stepsTaken, runs[i].stepsTaken};
    if (anchored && trace.anchorSteps[i] <= walk.last) {
      const Vec2 d = trace.anchors[i] - targets[i];
      if (d.x * d.x + d.y * d.y < anchorInside && std::isfinite(d.x) && std::isfinite(d.y)) {
        settled[i] = trace.anchorSteps[i];
        walk.last = trace.anchorSteps[i] - 1;
        if (walk.last < 0) continue;
      }
    }
    waiting.push_back(walk);
  }
  std::stable_sort(waiting.begin(), waiting.end(),
                   [](const Walk& a, const Walk& b) { return a.last > b.last; });
  // norm(d) <= radius without a square root where the squared length settles it (norm(d) is the
  // rounded sqrt(d.x^2 + d.y^2) for squares inside (2^-968, 2^968)); norm() itself near the edge.
  const double surelyInside = radius * (1.0 - 1e-9) * radius * (1.0 - 1e-9);
  const double surelyOutside = radius * (1.0 + 1e-9) * radius * (1.0 + 1e-9);
  const auto within = [&](Vec2 d) {
    const double squares = d.x * d.x + d.y * d.y;
    if (squares > 0x1p-968 && squares < 0x1p+968) {
      if (squares < surelyInside) return true;
      if (squares > surelyOutside) return false;
    }
    return norm(d) <= radius;
  };
  // The runs whose stretch within radius still reaches back to the step being read; a run leaves when a
  // point is not within radius, its stretch starting at the step after (past its end: never settled).
  std::vector<Walk> scanning;
  std::size_t joined = 0;
  for (std::int64_t k = waiting.empty() ? -1 : waiting.front().last; k >= 0; --k) {
    while (joined < waiting.size() && waiting[joined].last == k) scanning.push_back(waiting[joined++]);
    if (scanning.empty()) {
      if (joined == waiting.size()) break;
      continue;
    }
    const Vec2* row = trace.points.data() + static_cast<std::size_t>(k) * trace.runs;
    std::size_t kept = 0;
    for (std::size_t j = 0; j < scanning.size(); ++j) {
      const Walk& walk = scanning[j];
      if (!within(row[walk.run] - walk.target)) {
        settled[walk.run] = k + 1 > walk.end ? -1 : k + 1;
        continue;
      }
      if (kept != j) scanning[kept] = walk;  // moved up only behind a run that left
      ++kept;
    }
    scanning.resize(kept);
  }
  for (const Walk& walk : scanning) settled[walk.run] = 0;  // within radius from the start
}

// Full-batch maps step a row's pixels together: basin maps as lanes of the batch kernel, maps of an
// optimizer program (basin and hyperparameter maps: each run has its own hyperparameter registers) as
// the program's tape over the row's runs, and hyperparameter maps of a built-in as the bundled program
// that steps bit for bit as it does (builtinProgram), each pixel with its own values. Minibatch maps
// (each run draws its own batches) and pixels of a built-in with no program form (L-BFGS, Newton, weight
// decay, ...) go pixel by pixel.
bool batchesRows(const MapRequest& request) { return request.settings.batchSize == 0; }

struct RowScratch {
  PixelTrace trace;
  std::vector<int> columns;
  std::vector<Vec2> starts;
  std::vector<PixelRun> runs;
  BatchTrace batchTrace;
  std::vector<Vec2> targets;
  std::vector<std::int64_t> settled;
  std::vector<double> params;  // an optimizer program's hyperparameter values, run after run
  // A hyperparameter map of a built-in: each column's program (null: pixel by pixel) and the columns
  // of one program.
  std::vector<const Program*> programs;
  std::vector<int> group;
};

// The pixels `columns` of row py, stepped together (scratch.runs, scratch.batchTrace) and classified.
void classifyBatch(const MapRequest& request, const std::vector<int>& columns, std::vector<MapPixel>& row,
                   RowScratch& scratch) {
  const BatchTrace& trace = scratch.batchTrace;
  const double closeness = closenessOf(request);
  scratch.targets.clear();
  for (const PixelRun& run : scratch.runs)
    scratch.targets.push_back(endTarget(request, run, closeness).point);
  settledSinceAll(trace, scratch.runs, scratch.targets, closeness, scratch.settled);
  for (std::size_t i = 0; i < columns.size(); ++i)
    row[static_cast<std::size_t>(columns[i])] = classifyPixel(
        request, scratch.runs[i], [&scratch, i](Vec2) { return scratch.settled[i]; },
        [&trace, i](std::int64_t k) { return trace.loss(i, k); });
}

// The program that steps hyper pixel (px, py) of a built-in bit for bit, with the pixel's values of its
// hyperparameters appended to `params`; null (and `params` unchanged) where there is none.
const Program* builtinPixelProgram(const MapRequest& request, int px, int py, std::vector<double>& params) {
  const Optimizer pixel = pixelOptimizer(request, px, py);
  const Program* program = builtinProgram(pixel);
  if (program == nullptr) return nullptr;
  const std::size_t first = params.size();
  for (const ParamInfo& declared : program->params()) {
    const std::optional<double> value = pixel.param(declared.name);
    if (!value) {  // not one of the built-in's: the program would not run as it does
      params.resize(first);
      return nullptr;
    }
    params.push_back(*value);
  }
  return program;
}

// A hyperparameter map's row of a built-in optimizer: the columns are grouped by the program that steps
// them as the built-in does (a momentum axis from 0 crosses from sgd.gso to momentum.gso), each group
// stepped as one ProgramBatch; columns with no program form go pixel by pixel.
void computeBuiltinHyperRow(const MapRequest& request, int py, std::vector<MapPixel>& row,
                            RowScratch& scratch) {
  const std::vector<int> columns = scratch.columns;
  scratch.programs.clear();
  std::vector<double> ignored;
  for (int px : columns) {
    ignored.clear();
    scratch.programs.push_back(builtinPixelProgram(request, px, py, ignored));
  }
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (scratch.programs[i] == nullptr)
      row[static_cast<std::size_t>(columns[i])] = computeMapPixel(request, columns[i], py, scratch.trace);
  scratch.batchTrace.keepLosses = request.metric == HyperMetric::StepsToTolerance;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const Program* program = scratch.programs[i];
    if (program == nullptr) continue;  // pixel by pixel above, or in an earlier group
    scratch.group.clear();
    scratch.params.clear();
    for (std::size_t j = i; j < columns.size(); ++j)
      if (scratch.programs[j] == program) {
        scratch.group.push_back(columns[j]);
        builtinPixelProgram(request, columns[j], py, scratch.params);
        scratch.programs[j] = nullptr;
      }
    scratch.starts.assign(scratch.group.size(), request.start);
    runProgramPixelsBatch(request.surface, *program, scratch.params, request.settings, scratch.starts,
                          scratch.runs, scratch.batchTrace);
    classifyBatch(request, scratch.group, row, scratch);
  }
}

// The pixels px = first, first + stride, ... of row py (skipping those `skip` says were done), each into
// row[px]. Returns how many were computed.
template <typename Skip>
int computeRow(const MapRequest& request, int py, int stride, Skip skip, std::vector<MapPixel>& row,
               RowScratch& scratch) {
  scratch.columns.clear();
  for (int px = 0; px < request.width; px += stride)
    if (!skip(px)) scratch.columns.push_back(px);
  if (!batchesRows(request)) {
    for (int px : scratch.columns)
      row[static_cast<std::size_t>(px)] = computeMapPixel(request, px, py, scratch.trace);
    return static_cast<int>(scratch.columns.size());
  }
  const ProgramRun* program = request.settings.optimizer.programRun();
  if (request.kind == MapKind::Hyper && program == nullptr) {
    computeBuiltinHyperRow(request, py, row, scratch);
    return static_cast<int>(scratch.columns.size());
  }
  scratch.starts.clear();
  // The steps metric reads every step's loss; the basin map's classification only the points, and where
  // each run's anchor of a quarter of the closeness came to rest (settledSinceAll).
  scratch.batchTrace.keepLosses =
      request.kind == MapKind::Hyper && request.metric == HyperMetric::StepsToTolerance;
  scratch.batchTrace.anchorRadius = request.kind == MapKind::Basin ? 0.25 * closenessOf(request) : 0.0;
  if (program == nullptr) {
    for (int px : scratch.columns) scratch.starts.push_back(basinStart(request, px, py));
    runPixelsBatch(request.surface, request.settings.optimizer, request.settings, scratch.starts,
                   scratch.runs, scratch.batchTrace);
  } else {
    scratch.params.clear();
    for (int px : scratch.columns) {
      scratch.starts.push_back(request.kind == MapKind::Basin ? basinStart(request, px, py) : request.start);
      const Optimizer pixel = pixelOptimizer(request, px, py);
      for (double value : pixel.programRun()->paramValues()) scratch.params.push_back(value);
    }
    runProgramPixelsBatch(request.surface, program->program(), scratch.params, request.settings,
                          scratch.starts, scratch.runs, scratch.batchTrace);
  }
  classifyBatch(request, scratch.columns, row, scratch);
  return static_cast<int>(scratch.columns.size());
}

}  // namespace

MapPixel computeMapPixel(const MapRequest& request, int px, int py, PixelTrace& trace) {
  const Vec2 start = request.kind == MapKind::Basin ? basinStart(request, px, py) : request.start;
  const PixelRun run =
      runPixel(request.surface, pixelOptimizer(request, px, py), request.settings, start, &trace);
  const auto pointAt = [&trace](std::int64_t k) { return trace.points[static_cast<std::size_t>(k)]; };
  return classifyPixel(
      request, run,
      [&](Vec2 target) { return settledSince(pointAt, run.stepsTaken + 1, target, closenessOf(request)); },
      [&trace](std::int64_t k) { return trace.losses[static_cast<std::size_t>(k)]; });
}

void finishMap(const MapRequest& request, MapResult& result) {
  result.closeness = 1e-3 * domainSize(request.surface.domain);
  result.fStar = listedFStar(request.surface);
  if (std::isnan(result.fStar)) {
    double lowest = std::numeric_limits<double>::infinity();
    for (const auto& pixel : result.pixels)
      if (pixel.computed && pixel.kind != EndKind::Diverged && pixel.kind != EndKind::Undefined)
        lowest = std::min(lowest, pixel.run.loss);
    result.fStar = std::isfinite(lowest) ? lowest : 0.0;
  }
  // Leader clustering in row order over the computed pixels, so a finished map's clusters do not depend
  // on the order the workers finished in; coarse copies then join their source's cluster.
  result.clusters.clear();
  auto assign = [&](MapPixel& pixel, bool create) {
    for (std::size_t c = 0; c < result.clusters.size(); ++c)
      if (norm(result.clusters[c] - pixel.run.end) <= result.closeness) {
        pixel.index = static_cast<int>(c);
        return;
      }
    if (!create) return;
    pixel.index = static_cast<int>(result.clusters.size());
    result.clusters.push_back(pixel.run.end);
  };
  for (auto& pixel : result.pixels)
    if (pixel.computed && pixel.kind == EndKind::Cluster) assign(pixel, true);
  for (auto& pixel : result.pixels)
    if (!pixel.computed && pixel.kind == EndKind::Cluster) assign(pixel, false);
}

MapResult computeMap(const MapRequest& request) {
  MapResult result;
  result.kind = request.kind;
  result.width = request.width;
  result.height = request.height;
  result.pixels.resize(static_cast<std::size_t>(request.width) * static_cast<std::size_t>(request.height));
  RowScratch scratch;
  std::vector<MapPixel> row(static_cast<std::size_t>(request.width));
  for (int py = 0; py < request.height; ++py) {
    computeRow(
        request, py, 1, [](int) { return false; }, row, scratch);
    std::copy(
        row.begin(), row.end(),
        result.pixels.begin() + static_cast<std::ptrdiff_t>(py) * static_cast<std::ptrdiff_t>(request.width));
  }
  finishMap(request, result);
  result.stride = 1;
  result.complete = true;
  return result;
}

MapJob::MapJob(MapRequest request, unsigned threads) : request_(std::move(request)) {
  threads_ = threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : threads;
  activeWorkers_ = threads_;
  start();
}

MapJob::~MapJob() {
  cancel();
  wait();
}

// (Re)starts the workers on request_ from an empty result; no worker runs when it is called.
void MapJob::start() {
  {
    std::lock_guard lock(mutex_);
    strides_ = levelStrides(request_.width, request_.height);
    result_ = MapResult{};
    result_.kind = request_.kind;
    result_.width = request_.width;
    result_.height = request_.height;
    result_.pixels.resize(static_cast<std::size_t>(request_.width) *
                          static_cast<std::size_t>(request_.height));
    level_ = 0;
    nextRow_ = 0;
    rowsInFlight_ = 0;
    workersLeft_ = static_cast<int>(threads_);
    computed_.store(0);
    finished_.store(false);
    cancel_.store(false);
    ++version_;
  }
  workers_.clear();
  workers_.reserve(threads_);
  for (unsigned i = 0; i < threads_; ++i) workers_.emplace_back([this, i] { work(i); });
}

void MapJob::restart(MapRequest request) {
  cancel();
  wait();
  request_ = std::move(request);
  start();
}

bool MapJob::waitFor(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return levelDone_.wait_for(lock, timeout, [this] { return finished_.load(); });
}

bool MapJob::waitForCoarse(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return levelDone_.wait_for(lock, timeout,
                             [this] { return result_.stride > 0 || finished_.load() || cancel_.load(); });
}

void MapJob::cancel() {
  cancel_.store(true);
  std::lock_guard lock(mutex_);
  levelDone_.notify_all();
}

void MapJob::wait() {
  for (auto& worker : workers_)
    if (worker.joinable()) worker.join();
}

double MapJob::progress() const {
  const double total = static_cast<double>(request_.width) * static_cast<double>(request_.height);
  return std::min(1.0, static_cast<double>(computed_.load()) / total);
}

MapResult MapJob::snapshot() const {
  std::lock_guard lock(mutex_);
  return result_;
}

// Hands out the next row of the current level; when a level's rows are all out, waits until the last
// one is committed, finishes the level and moves on. False when the map is done or cancelled.
void MapJob::setActiveWorkers(unsigned count) {
  std::lock_guard lock(mutex_);
  activeWorkers_ = std::max(1u, count);
  levelDone_.notify_all();
}

bool MapJob::takeRow(unsigned worker, int& level, int& row) {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (cancel_.load() || level_ >= static_cast<int>(strides_.size())) return false;
    if (worker >= activeWorkers_) {  // paused: the window needs this core
      levelDone_.wait(lock);
      continue;
    }
    const int stride = strides_[static_cast<std::size_t>(level_)];
    if (nextRow_ < rowsAtStride(request_.height, stride)) {
      level = level_;
      row = nextRow_++ * stride;
      ++rowsInFlight_;
      return true;
    }
    if (rowsInFlight_ > 0) {
      levelDone_.wait(lock);
      continue;
    }
    finishMap(request_, result_);
    result_.stride = stride;
    result_.complete = stride == 1;
    ++version_;
    ++level_;
    nextRow_ = 0;
    levelDone_.notify_all();
  }
}

void MapJob::commitRow(int stride, int py, std::vector<MapPixel>& row) {
  std::lock_guard lock(mutex_);
  const auto width = static_cast<std::size_t>(request_.width);
  for (int px = 0; px < request_.width; px += stride) {
    MapPixel& source = row[static_cast<std::size_t>(px)];
    if (!source.computed) continue;
    // Until finer levels arrive, the pixel's block shows its value.
    for (int y = py; y < std::min(py + stride, request_.height); ++y)
      for (int x = px; x < std::min(px + stride, request_.width); ++x) {
        MapPixel& target = result_.pixels[static_cast<std::size_t>(y) * width + static_cast<std::size_t>(x)];
        if (target.computed) continue;
        target = source;
        target.computed = x == px && y == py;
      }
  }
  --rowsInFlight_;
  ++version_;
  // Only the end of a level's last row is waited for (takeRow); pollers read version(). Waking every
  // waiter at each row (the command line's waitFor among them) cost a context switch per row.
  if (rowsInFlight_ == 0) levelDone_.notify_all();
}

void MapJob::work(unsigned index) {
  RowScratch scratch;
  std::vector<MapPixel> row(static_cast<std::size_t>(request_.width));
  int level = 0, py = 0;
  while (takeRow(index, level, py)) {
    const int stride = strides_[static_cast<std::size_t>(level)];
    const int coarser = level > 0 ? strides_[static_cast<std::size_t>(level - 1)] : 0;
    for (auto& pixel : row) pixel.computed = false;
    if (cancel_.load()) {
      commitRow(stride, py, row);
      continue;
    }
    // Pixels done at the coarser level are skipped.
    const auto doneBefore = [&](int px) { return coarser > 0 && px % coarser == 0 && py % coarser == 0; };
    computed_ += computeRow(request_, py, stride, doneBefore, row, scratch);
    commitRow(stride, py, row);
  }
  std::lock_guard lock(mutex_);
  if (--workersLeft_ == 0) finished_.store(true);
  levelDone_.notify_all();
}

}  // namespace gs
