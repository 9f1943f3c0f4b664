// The Maps panel, the basin map over the 2D view, and the background map they share (maps_panel.hpp).
#include "ui/maps_panel.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

#include "cli/map.hpp"
#include "cli/map_png.hpp"
#include "maps/map_runner.hpp"
#include "maps/theory_overlay.hpp"
#include "panel_common.hpp"
#include "render/map_texture.hpp"
#include "ui/field_table.hpp"
#include "ui/format.hpp"
#include "view/view2d.hpp"

namespace gs {

struct MapsPanelState {
  MapRunner runner;
  std::shared_ptr<const MapRequest> request;  // what the runner computes (and the texture shows)
  std::string key;                            // what it was started for: a change restarts it
  std::string error;                          // the settings' problem, shown inline; nothing computed
  bool stopped = false;                       // cancelled by the user: no restart until asked
  MapResult shown;                            // the last snapshot, what the texture holds
  std::uint64_t shownVersion = 0;
  std::uint64_t generation = 0;       // maps started so far
  std::uint64_t shownGeneration = 0;  // the map `shown` belongs to
  double shownAt = -1.0;
  MapTexture texture;
  std::optional<TheoryOverlay> theory;  // a hyper map's theory (where it applies), placed on the picture
  std::optional<Domain> visible;        // what the 2D view shows (the basin range's "from view"), last frame
  bool overlayShown = false;            // this frame's basin map lies over the 2D view
  int hoverX = -1, hoverY = -1;
  std::vector<Vec2> hoverPath;  // the hovered basin pixel's run
};

namespace {

constexpr int kSizes[] = {32, 64, 128, 256, 512};
constexpr double kUploadInterval = 0.1;               // seconds between texture uploads while a map refines
constexpr std::chrono::milliseconds kCoarseWait{30};  // longest a frame waits for a new map's coarse level
constexpr std::size_t kMaxPathPoints = 4000;          // the hovered path is thinned to this many points

MapsPanelState& panelState(UiState& ui) {
  if (!ui.maps) ui.maps = std::make_shared<MapsPanelState>();
  return *ui.maps;
}

// The texture needs ImGui's OpenGL backend (a GL context); ImGui-only tests draw the panel without one.
bool haveGl() { return ImGui::GetIO().BackendRendererName != nullptr; }

ImTextureID textureId(const MapTexture& texture) {
  return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture.id()));
}

// The core's checks name the command line's arguments ("--steps: ..."); the panel's fields have the same
// names without the dashes.
std::string panelMessage(std::string message) {
  if (message.rfind("--", 0) == 0) message.erase(0, 2);
  return message;
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

// Everything the map depends on; a hyper map's two hyperparameters are left out (clicking the map sets
// them on the run, which must not restart the map), and so is the start for a basin map.
std::string mapKey(const Model& model) {
  MapSettings settings = model.maps;
  settings.opacity = 0.0;
  std::string key = mapSettingsJson(settings).dump();
  key += "|" + std::to_string(model.surfaceVersion) + "|" + std::to_string(model.runner.size());
  if (settings.run < 0 || static_cast<std::size_t>(settings.run) >= model.runner.size()) return key;
  const Run& run = model.runner.run(static_cast<std::size_t>(settings.run));
  const Optimizer& optimizer = run.optimizer();
  key += "|" + optimizer.name();
  const auto& params = optimizer.params();
  for (std::size_t i = 0; i < params.size(); ++i) {
    const bool axis = settings.kind == MapKind::Hyper &&
                      (params[i].name == settings.x.name || params[i].name == settings.y.name);
    key += "," + (axis ? std::string("*") : number(optimizer.param(i)));
  }
  key += "|" + run.schedule().toString() + "|" + std::to_string(run.batchSize()) + "|" +
         std::to_string(run.spec().seed);
  if (settings.kind == MapKind::Hyper)
    key += "|" + number(model.runner.start().x) + "," + number(model.runner.start().y);
  return key;
}

void syncMap(Model& model, UiState& ui) {
  MapsPanelState& state = panelState(ui);
  MapSettings& settings = model.maps;
  if (model.runner.size() > 0)
    settings.run = std::clamp(settings.run, 0, static_cast<int>(model.runner.size()) - 1);
  if (!ui.panelOpen[kMapsPanel] || !settings.shown) {
    state.runner.cancel();
    state.key.clear();  // shown again: computed again
    return;
  }
  // One worker while the runs play (the window animates), every core while it is still.
  state.runner.setAnimating(model.playback.playing);
  const std::string key = mapKey(model);
  if (key != state.key) {
    state.key = key;
    state.stopped = false;
    state.hoverX = state.hoverY = -1;
    auto request = mapRequestFor(model);
    if (auto* error = std::get_if<std::string>(&request)) {
      state.error = *error;
      state.runner.cancel();
      state.request.reset();
      state.theory.reset();
      state.shown = MapResult{};
      return;
    }
    state.error.clear();
    state.request = std::make_shared<const MapRequest>(std::get<MapRequest>(std::move(request)));
    state.theory = theoryOverlay(*state.request);
    state.runner.start(*state.request);
    ++state.generation;
    state.shownAt = -1.0;
    if (ui.mapsWait) {
      state.runner.wait();
    } else {
      // The coarsest level (every 8th pixel, 1/64 of the work) takes a few milliseconds: waiting for it
      // here puts a rough map on screen in the very frame of the change, instead of frames later.
      state.runner.waitForCoarse(kCoarseWait);
    }
  }
  if (!state.request || state.runner.version() == state.shownVersion) return;
  const double now = ImGui::GetTime();
  // Until the first coarse level is complete on screen every change is shown (a rough map within a few
  // frames of a change); after that, uploads are spaced while the map refines.
  const bool coarseShown = state.shownGeneration == state.generation && state.shown.stride > 0;
  if (!state.runner.finished() && coarseShown && now - state.shownAt < kUploadInterval) return;
  state.shownVersion = state.runner.version();
  state.shown = state.runner.snapshot();
  state.shownAt = now;
  state.shownGeneration = state.generation;
  if (haveGl()) state.texture.upload(*state.request, state.shown);
}

std::optional<PixelRect> view2dRect(const Model& model, const Rect& views, float& pixelScale) {
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  pixelScale = scale.x > 0.0f ? scale.x : 1.0f;
  const PixelRect plot{static_cast<int>(std::lround(views.x * pixelScale)),
                       static_cast<int>(std::lround(views.y * pixelScale)),
                       static_cast<int>(std::lround(views.width * pixelScale)),
                       static_cast<int>(std::lround(views.height * pixelScale))};
  return layoutViews(model.display.mode, plot).view2d;
}

// The basin pixel whose cell holds surface point `point`, if any.
bool basinPixelAt(const MapRequest& request, Vec2 point, int& px, int& py) {
  const Domain& r = request.range;
  const double u = (point.x - r.xMin) / (r.xMax - r.xMin), v = (r.yMax - point.y) / (r.yMax - r.yMin);
  if (!(u >= 0.0 && u < 1.0 && v >= 0.0 && v < 1.0)) return false;
  px = std::min(static_cast<int>(u * request.width), request.width - 1);
  py = std::min(static_cast<int>(v * request.height), request.height - 1);
  return true;
}

std::string pointText(Vec2 p) { return "(" + formatValue(p.x, 4) + ", " + formatValue(p.y, 4) + ")"; }

std::string endText(const MapRequest& request, const MapPixel& pixel) {
  switch (pixel.kind) {
    case EndKind::Minimum:
      return "ends at minimum " + std::to_string(pixel.index) + " " +
             pointText(request.surface.minima[static_cast<std::size_t>(pixel.index)].point) +
             (pixel.closeStep >= 0 ? ", within 1e-3 from step " + std::to_string(pixel.closeStep) : "");
    case EndKind::Cluster:
      return "settles at " + pointText(pixel.run.end) + " (not a listed minimum)";
    case EndKind::Moving:
      return "still moving after " + std::to_string(request.settings.steps) + " steps, at " +
             pointText(pixel.run.end);
    case EndKind::Diverged:
      return "diverges at step " + std::to_string(pixel.run.statusStep);
    case EndKind::Undefined:
      return "f is undefined at this start";
  }
  return {};
}

void hoverBasinPixel(MapsPanelState& state, int px, int py) {
  if (px == state.hoverX && py == state.hoverY) return;
  state.hoverX = px;
  state.hoverY = py;
  const MapRequest& request = *state.request;
  PixelTrace trace;
  runPixel(request.surface, pixelOptimizer(request, px, py), request.settings, basinStart(request, px, py),
           &trace);
  state.hoverPath.clear();
  const std::size_t stride = trace.points.size() / kMaxPathPoints + 1;
  for (std::size_t i = 0; i < trace.points.size(); i += stride) state.hoverPath.push_back(trace.points[i]);
  if (!trace.points.empty() && (trace.points.size() - 1) % stride != 0)
    state.hoverPath.push_back(trace.points.back());
}

void drawHoveredPath(ImDrawList* list, const std::vector<ImVec2>& points) {
  if (points.empty()) return;
  list->AddPolyline(points.data(), static_cast<int>(points.size()), IM_COL32(0, 0, 0, 220), 0, 4.5f);
  list->AddPolyline(points.data(), static_cast<int>(points.size()), IM_COL32(255, 255, 255, 255), 0, 2.0f);
  list->AddCircleFilled(points.front(), 5.0f, IM_COL32(255, 255, 255, 255));
  list->AddCircle(points.front(), 5.0f, IM_COL32(0, 0, 0, 255), 0, 1.5f);
  list->AddCircle(points.back(), 6.0f, IM_COL32(255, 255, 255, 255), 0, 2.0f);
}

// ---- the panel ------------------------------------------------------------------------------------

void drawRunChoice(const Model& model, MapSettings& settings) {
  const std::size_t runs = model.runner.size();
  const std::string preview = static_cast<std::size_t>(settings.run) < runs
                                  ? model.runner.run(static_cast<std::size_t>(settings.run)).label()
                                  : std::string("(no run)");
  if (ImGui::BeginCombo("run", preview.c_str())) {
    for (std::size_t i = 0; i < runs; ++i) {
      const std::string label = model.runner.run(i).label() + "##" + std::to_string(i);
      if (ImGui::Selectable(label.c_str(), static_cast<int>(i) == settings.run))
        settings.run = static_cast<int>(i);
    }
    ImGui::EndCombo();
  }
}

// An axis over `info` across its slider's range.
HyperAxis axisOver(const ParamInfo& info, std::size_t index) {
  const ParamWidget field = fieldFor(info, index);
  return HyperAxis{info.name, field.low, field.high, field.widget == WidgetKind::LogSlider};
}

// Another run chosen (or a scene's axes written for another optimizer): an axis that names no numeric
// hyperparameter of this run's optimizer moves to one that does (x: lr first), so the map never starts
// on an error such as "unknown hyperparameter 'momentum'" for an Adam run.
void fitAxesTo(const Optimizer& optimizer, HyperAxis& x, HyperAxis& y) {
  const auto& params = optimizer.params();
  const auto numeric = [&](std::size_t i) {
    return params[i].type == ParamType::Real || params[i].type == ParamType::Integer;
  };
  const auto has = [&](const std::string& name) {
    for (std::size_t i = 0; i < params.size(); ++i)
      if (numeric(i) && params[i].name == name) return true;
    return false;
  };
  const auto pick = [&](const std::string& avoid, bool preferLr) -> std::optional<HyperAxis> {
    if (preferLr && avoid != "lr")
      for (std::size_t i = 0; i < params.size(); ++i)
        if (numeric(i) && params[i].name == "lr") return axisOver(params[i], i);
    for (std::size_t i = 0; i < params.size(); ++i)
      if (numeric(i) && params[i].name != avoid) return axisOver(params[i], i);
    return std::nullopt;
  };
  if (!has(x.name))
    if (auto axis = pick(y.name, true)) x = *axis;
  if (!has(y.name) || y.name == x.name)
    if (auto axis = pick(x.name, false)) y = *axis;
}

// A hyper map's axis: which hyperparameter (the run's numeric ones), its range and scale.
void drawAxis(const char* id, HyperAxis& axis, const Optimizer& optimizer) {
  ImGui::PushID(id);
  const auto& params = optimizer.params();
  if (ImGui::BeginCombo(id, axis.name.c_str())) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      const ParamInfo& info = params[i];
      if (info.type != ParamType::Real && info.type != ParamType::Integer) continue;
      // A new hyperparameter starts over the range of its slider.
      if (ImGui::Selectable(info.name.c_str(), info.name == axis.name) && info.name != axis.name)
        axis = axisOver(info, i);
    }
    ImGui::EndCombo();
  }
  const float width = ImGui::CalcItemWidth();
  const float spacing = ImGui::GetStyle().ItemInnerSpacing.x;
  const float box = std::max((width - spacing) * 0.5f, 1.0f);
  ImGui::SetNextItemWidth(box);
  ImGui::InputDouble("##lo", &axis.lo, 0.0, 0.0, "%.4g");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("The low end of %s's range (left / bottom)", axis.name.c_str());
  ImGui::SameLine(0.0f, spacing);
  ImGui::SetNextItemWidth(box);
  ImGui::InputDouble("##hi", &axis.hi, 0.0, 0.0, "%.4g");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("The high end of %s's range (right / top)", axis.name.c_str());
  ImGui::SameLine(0.0f, spacing);
  ImGui::TextUnformatted("range");
  ImGui::Checkbox("log scale", &axis.log);
  ImGui::PopID();
}

// Whether a map is shown, and which kind.
void drawKindChoice(MapSettings& settings) {
  ImGui::Checkbox("Show map", &settings.shown);
  helpMarker(
      "Every start on a grid (basin) or every pair of two hyperparameters (hyper) run for the chosen "
      "steps, exactly as `gradscape trace` runs it, computed in the background, coarse to fine.");
  int kind = settings.kind == MapKind::Basin ? 0 : 1;
  ImGui::RadioButton("basin", &kind, 0);
  ImGui::SameLine();
  ImGui::RadioButton("hyperparameters", &kind, 1);
  settings.kind = kind == 0 ? MapKind::Basin : MapKind::Hyper;
}

// A basin map's starts: the surface's domain, or a range of the user's (typed, or what the 2D view shows).
void drawBasinRange(const Model& model, const MapsPanelState& state, MapSettings& settings) {
  bool custom = settings.range.has_value();
  if (ImGui::Checkbox("custom range", &custom))
    settings.range =
        custom ? std::optional<Domain>(state.visible.value_or(model.runner.surface().domain)) : std::nullopt;
  helpMarker(
      "The rectangle of starts (gradscape map basin --range x0,x1,y0,y1). Off: the surface's domain. "
      "On: starts from what the 2D view shows; type other bounds, or take the view again.");
  if (!settings.range) return;
  ImGui::SameLine();
  ImGui::BeginDisabled(!state.visible.has_value());
  if (ImGui::SmallButton("from view") && state.visible) settings.range = *state.visible;
  ImGui::EndDisabled();
  // Typed bounds are applied as they are: checkMapRequest names an empty or inverted range inline.
  Domain& range = *settings.range;
  double x[2] = {range.xMin, range.xMax}, y[2] = {range.yMin, range.yMax};
  if (ImGui::InputScalarN("x range", ImGuiDataType_Double, x, 2, nullptr, nullptr, "%.4g",
                          ImGuiInputTextFlags_EnterReturnsTrue))
    range.xMin = x[0], range.xMax = x[1];
  if (ImGui::InputScalarN("y range", ImGuiDataType_Double, y, 2, nullptr, nullptr, "%.4g",
                          ImGuiInputTextFlags_EnterReturnsTrue))
    range.yMin = y[0], range.yMax = y[1];
}

// What the map is of: the run, its steps, the map's size, and its opacity or its two axes and metric.
void drawSettings(Model& model, const MapsPanelState& state, MapSettings& settings) {
  drawRunChoice(model, settings);
  ImGui::InputScalar("steps", ImGuiDataType_S64, &settings.steps, nullptr, nullptr, "%lld",
                     ImGuiInputTextFlags_EnterReturnsTrue);
  const std::string size = std::to_string(settings.size) + " x " + std::to_string(settings.size);
  if (ImGui::BeginCombo("size", size.c_str())) {
    for (const int side : kSizes) {
      const std::string label = std::to_string(side) + " x " + std::to_string(side);
      if (ImGui::Selectable(label.c_str(), side == settings.size)) settings.size = side;
    }
    ImGui::EndCombo();
  }
  if (settings.kind == MapKind::Basin) {
    float opacity = static_cast<float>(settings.opacity);
    if (ImGui::SliderFloat("opacity", &opacity, 0.1f, 1.0f, "%.2f")) settings.opacity = opacity;
    drawBasinRange(model, state, settings);
    return;
  }
  if (static_cast<std::size_t>(settings.run) >= model.runner.size()) return;
  const Optimizer& optimizer = model.runner.run(static_cast<std::size_t>(settings.run)).optimizer();
  fitAxesTo(optimizer, settings.x, settings.y);
  drawAxis("x", settings.x, optimizer);
  drawAxis("y", settings.y, optimizer);
  int metric = settings.metric == HyperMetric::FinalLoss ? 0 : 1;
  ImGui::Combo("metric", &metric, "final f - f*\0steps to tolerance\0");
  settings.metric = metric == 0 ? HyperMetric::FinalLoss : HyperMetric::StepsToTolerance;
  if (settings.metric == HyperMetric::StepsToTolerance)
    ImGui::InputDouble("tolerance", &settings.tolerance, 0.0, 0.0, "%.3g");
}

void drawProgress(MapsPanelState& state) {
  if (!state.error.empty()) {
    errorText(state.error);
    return;
  }
  if (!state.request) return;
  const MapRunner& runner = state.runner;
  const std::string counts = std::to_string(state.request->width) + " x " +
                             std::to_string(state.request->height) + " runs x " +
                             std::to_string(state.request->settings.steps) + " steps";
  if (runner.busy()) {
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "%.0f%%", runner.progress() * 100.0);
    const float button = ImGui::CalcTextSize("Cancel").x + ImGui::GetStyle().FramePadding.x * 2.0f;
    ImGui::ProgressBar(
        static_cast<float>(runner.progress()),
        ImVec2(std::max(ImGui::GetContentRegionAvail().x - button - ImGui::GetStyle().ItemSpacing.x, 1.0f),
               0.0f),
        overlay);
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) {
      state.runner.cancel();
      state.stopped = true;
    }
    hintText(counts);
  } else if (runner.cancelled() || state.stopped) {
    hintText("Cancelled at " + std::to_string(static_cast<int>(runner.progress() * 100.0)) + "% of " +
             counts);
    if (ImGui::Button("Compute again")) state.key.clear();
  } else if (state.shown.complete) {
    hintText(counts);
  }
}

// A filled square in an 8-bit colour, then its label.
void keySwatch(const std::uint8_t rgb[3], const std::string& label) {
  colorSwatch({rgb[0] / 255.0f, rgb[1] / 255.0f, rgb[2] / 255.0f});
  ImGui::TextUnformatted(label.c_str());
}

void drawKey(const MapsPanelState& state) {
  if (!state.request || state.shown.pixels.empty()) return;
  const MapRequest& request = *state.request;
  const MapResult& result = state.shown;
  std::uint8_t rgb[3];
  auto colourOf = [&](EndKind kind, int index, std::int64_t closeStep, double loss, double low, double high) {
    MapPixel pixel;
    pixel.kind = kind;
    pixel.index = index;
    pixel.closeStep = closeStep;
    pixel.run.loss = loss;
    cli::mapPixelColour(request, result, pixel, low, high, rgb);
  };
  if (request.kind == MapKind::Basin) {
    for (std::size_t i = 0; i < request.surface.minima.size() && i < 7; ++i) {
      colourOf(EndKind::Minimum, static_cast<int>(i), 0, 0.0, 0.0, 0.0);
      keySwatch(rgb, "minimum " + std::to_string(i) + " " + pointText(request.surface.minima[i].point));
    }
    if (!result.clusters.empty()) {
      colourOf(EndKind::Cluster, 0, 0, 0.0, 0.0, 0.0);
      keySwatch(rgb, "settles elsewhere (" + std::to_string(result.clusters.size()) + " places)");
    }
    colourOf(EndKind::Moving, -1, -1, 0.0, 0.0, 0.0);
    keySwatch(rgb, "still moving");
    colourOf(EndKind::Diverged, -1, -1, 0.0, 0.0, 0.0);
    keySwatch(rgb, "diverged");
    hintText(
        "Darker: more steps to come within 1e-3 of where it ends. Hover for a start's path; click to "
        "restart every run there.");
    return;
  }
  double low = 0.0, high = 0.0;
  cli::metricRange(request, result, low, high);
  const bool logScale = request.metric == HyperMetric::FinalLoss;
  // The bar: good (bright) on the left, as the map colours it.
  const float width = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 14.0f);
  const float height = ImGui::GetFrameHeight() * 0.6f;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImDrawList* list = ImGui::GetWindowDrawList();
  constexpr int kSegments = 32;
  for (int i = 0; i < kSegments; ++i) {
    const double t = static_cast<double>(i) / (kSegments - 1);
    const double value =
        logScale ? low * std::pow(high / low, t) : t * static_cast<double>(request.settings.steps);
    if (logScale)
      colourOf(EndKind::Minimum, 0, -1, result.fStar + value, low, high);
    else
      colourOf(EndKind::Minimum, 0, static_cast<std::int64_t>(value), 0.0, low, high);
    const float x0 = at.x + width * static_cast<float>(i) / kSegments,
                x1 = at.x + width * static_cast<float>(i + 1) / kSegments;
    list->AddRectFilled(ImVec2(x0, at.y), ImVec2(x1 + 0.5f, at.y + height),
                        IM_COL32(rgb[0], rgb[1], rgb[2], 255));
  }
  ImGui::Dummy(ImVec2(width, height));
  ImGui::Text("%s %s ... %s", logScale ? "final f - f*:" : "steps to tolerance:",
              logScale ? formatValue(low, 2).c_str() : "0",
              logScale ? formatValue(high, 2).c_str() : std::to_string(request.settings.steps).c_str());
  colourOf(EndKind::Diverged, -1, -1, 0.0, low, high);
  keySwatch(rgb, "diverged");
  colourOf(EndKind::Moving, -1, -1, std::nan(""), low, high);
  keySwatch(rgb, logScale ? "no value" : "not reached");
}

// The theory over the hyper map image at `min` (side x side): the convergence edge white on black, the
// optimum as a ringed dot with its label, as the PNG export draws them (cli/map_png.cpp).
void drawTheory(ImDrawList* list, const TheoryOverlay& theory, ImVec2 min, float side) {
  const auto at = [&](Vec2 f) {
    return ImVec2(min.x + side * static_cast<float>(f.x), min.y + side * static_cast<float>(f.y));
  };
  list->PushClipRect(min, ImVec2(min.x + side, min.y + side), true);
  std::vector<ImVec2> points;
  for (const auto& [colour, thickness] :
       {std::pair{IM_COL32(0, 0, 0, 255), 4.0f}, std::pair{IM_COL32(255, 255, 255, 255), 2.0f}})
    for (const auto& piece : theory.boundary) {
      points.clear();
      for (const Vec2 f : piece) points.push_back(at(f));
      list->AddPolyline(points.data(), static_cast<int>(points.size()), colour, ImDrawFlags_None, thickness);
    }
  if (theory.optimum) {
    const ImVec2 c = at(*theory.optimum);
    list->AddCircleFilled(c, 6.5f, IM_COL32(0, 0, 0, 255));
    list->AddCircleFilled(c, 5.0f, IM_COL32(255, 255, 255, 255));
    list->AddCircleFilled(c, 2.2f, IM_COL32(0, 0, 0, 255));
    const ImVec2 size = ImGui::CalcTextSize(theory.optimumLabel.c_str());
    // Beside the mark where the label fits on the map (right, else left), else above or below it.
    float x = c.x + 10.0f, y = c.y - size.y * 0.5f;
    if (x + size.x > min.x + side - 2.0f) x = c.x - 10.0f - size.x;
    if (x < min.x + 2.0f) {
      x = std::clamp(c.x - size.x * 0.5f, min.x + 2.0f, std::max(min.x + side - size.x - 2.0f, min.x + 2.0f));
      y = c.y - 10.0f - size.y < min.y + 2.0f ? c.y + 10.0f : c.y - 10.0f - size.y;
    }
    y = std::clamp(y, min.y + 2.0f, std::max(min.y + side - size.y - 2.0f, min.y + 2.0f));
    list->AddRectFilled(ImVec2(x - 3.0f, y - 1.0f), ImVec2(x + size.x + 3.0f, y + size.y + 1.0f),
                        IM_COL32(255, 255, 255, 230), 3.0f);
    list->AddText(ImVec2(x, y), IM_COL32(0, 0, 0, 255), theory.optimumLabel.c_str());
  }
  list->PopClipRect();
}

// The hyper map in the panel: the crosshair at the run's values, a tooltip per pixel, a click sets them.
void drawHyperMap(Model& model, MapsPanelState& state) {
  if (!state.request || state.request->kind != MapKind::Hyper || state.texture.empty() ||
      state.shown.pixels.empty())
    return;
  const MapRequest& request = *state.request;
  const float side = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 20.0f);
  ImGui::Image(textureId(state.texture), ImVec2(side, side));
  const ImVec2 min = ImGui::GetItemRectMin();
  const bool hovered = ImGui::IsItemHovered(), clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  const auto runIndex = static_cast<std::size_t>(model.maps.run);
  if (runIndex >= model.runner.size()) return;
  const Run& run = model.runner.run(runIndex);
  const auto xValue = run.optimizer().param(request.x.name), yValue = run.optimizer().param(request.y.name);
  ImDrawList* list = ImGui::GetWindowDrawList();
  if (xValue && yValue) {
    const double fx = (axisPosition(request.x, *xValue, request.width) + 0.5) / request.width;
    const double fy = 1.0 - (axisPosition(request.y, *yValue, request.height) + 0.5) / request.height;
    if (fx >= 0.0 && fx <= 1.0 && fy >= 0.0 && fy <= 1.0) {
      const ImVec2 c(min.x + side * static_cast<float>(fx), min.y + side * static_cast<float>(fy));
      for (const auto& [colour, thickness] :
           {std::pair{IM_COL32(0, 0, 0, 255), 3.5f}, std::pair{IM_COL32(255, 255, 255, 255), 1.5f}}) {
        list->AddLine(ImVec2(min.x, c.y), ImVec2(min.x + side, c.y), colour, thickness);
        list->AddLine(ImVec2(c.x, min.y), ImVec2(c.x, min.y + side), colour, thickness);
      }
      list->AddCircle(c, 5.0f, IM_COL32(255, 255, 255, 255), 0, 2.0f);
    }
  }
  if (state.theory) drawTheory(list, *state.theory, min, side);
  ImGui::Text("x: %s %s .. %s%s", request.x.name.c_str(), formatValue(request.x.lo, 3).c_str(),
              formatValue(request.x.hi, 3).c_str(), request.x.log ? " (log)" : "");
  ImGui::Text("y: %s %s .. %s%s (high at the top)", request.y.name.c_str(),
              formatValue(request.y.lo, 3).c_str(), formatValue(request.y.hi, 3).c_str(),
              request.y.log ? " (log)" : "");
  if (state.theory) {
    ImGui::TextUnformatted("Theory (white line, ringed dot):");
    for (const std::string& note : state.theory->notes) hintText(note);
  } else {
    hintText(
        "Theory lines are drawn for SGD / momentum (no Nesterov, schedule or minibatches) with lr on one "
        "axis and momentum (or, for plain gradient descent, dampening or weight_decay) on the other, where "
        "the surface curves up at the start.");
  }
  if (!hovered) return;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const int px = std::clamp(static_cast<int>((mouse.x - min.x) / side * static_cast<float>(request.width)), 0,
                            request.width - 1);
  const int py = std::clamp(static_cast<int>((mouse.y - min.y) / side * static_cast<float>(request.height)),
                            0, request.height - 1);
  const Vec2 values = hyperValues(request, px, py);
  const MapPixel& pixel = state.shown.at(px, py);
  const double metric = state.shown.metricValue(pixel, request.metric);
  std::string outcome =
      pixel.kind == EndKind::Diverged            ? "diverges at step " + std::to_string(pixel.run.statusStep)
      : std::isnan(metric)                       ? std::string("tolerance not reached")
      : request.metric == HyperMetric::FinalLoss ? "final f - f* = " + formatValue(metric, 3)
                                                 : "f - f* <= tolerance from step " + formatValue(metric, 6);
  ImGui::SetTooltip("%s = %s, %s = %s\n%s\nclick: set these on the run", request.x.name.c_str(),
                    formatValue(values.x, 4).c_str(), request.y.name.c_str(),
                    formatValue(values.y, 4).c_str(), outcome.c_str());
  if (!clicked) return;
  RunSettings settings = run.settings();
  const auto& params = run.optimizer().params();
  for (std::size_t i = 0; i < params.size() && i < settings.params.size(); ++i) {
    if (params[i].name == request.x.name) settings.params[i] = values.x;
    if (params[i].name == request.y.name) settings.params[i] = values.y;
  }
  Optimizer tried = run.optimizer();
  tried.setParamValues(settings.params);
  if (tried.settingsError()) return;   // a pair the optimizer refuses together is not applied
  editRun(model, runIndex, settings);  // what-if: the run's whole path with these values
}

void drawExport(UiState& ui, const MapsPanelState& state) {
  ExportState& exports = ui.exportState;
  const bool ready = state.request && state.shown.complete;
  ImGui::BeginDisabled(!ready);
  auto row = [&](const char* id, std::string& name, const char* button, ExportCommand command) {
    ImGui::PushID(id);
    const float width = ImGui::CalcTextSize(button).x + ImGui::GetStyle().FramePadding.x * 2.0f;
    ImGui::SetNextItemWidth(
        std::max(ImGui::GetContentRegionAvail().x - width - ImGui::GetStyle().ItemSpacing.x, 1.0f));
    ImGui::InputText("##name", &name);
    ImGui::SameLine();
    if (ImGui::Button(button)) {
      exports.map = std::make_shared<const MapExport>(MapExport{*state.request, state.shown});
      exports.issue(command);
    }
    ImGui::PopID();
  };
  row("png", exports.mapPngPath, "PNG", ExportCommand::MapPng);
  row("csv", exports.mapCsvPath, "CSV", ExportCommand::MapCsv);
  ImGui::EndDisabled();
  hintText(ready ? "Into the Export panel's folder; the status shows there and below."
                 : "Export once the map is complete.");
  if (!exports.message.empty()) {
    if (exports.messageIsError)
      errorText(exports.message);
    else
      hintText(exports.message);
  }
}

}  // namespace

std::variant<MapRequest, std::string> mapRequestFor(const Model& model) {
  const MapSettings& settings = model.maps;
  if (model.runner.size() == 0) return std::string("no run to map: add one in the Optimizers panel");
  if (settings.run < 0 || static_cast<std::size_t>(settings.run) >= model.runner.size())
    return "run: " + std::to_string(settings.run) + " is not a run";
  const Run& run = model.runner.run(static_cast<std::size_t>(settings.run));
  PixelSettings pixel;
  pixel.optimizer = run.optimizer();
  pixel.schedule = run.schedule();
  pixel.batchSize = run.batchSize();
  pixel.seed = run.spec().seed;
  pixel.steps = settings.steps;
  MapRequest request = basinRequest(model.runner.surface(), std::move(pixel), settings.size, settings.size);
  if (settings.range) request.range = *settings.range;
  if (settings.kind == MapKind::Hyper) {
    request.kind = MapKind::Hyper;
    request.x = settings.x;
    request.y = settings.y;
    request.start = model.runner.start();
    request.metric = settings.metric;
    request.lossTolerance = settings.tolerance;
  }
  if (auto problem = checkMapRequest(request)) return panelMessage(*problem);
  return request;
}

void drawMapOverlay(Model& model, UiState& ui, const Rect& views) {
  syncMap(model, ui);
  MapsPanelState& state = panelState(ui);
  state.overlayShown = false;
  float scale = 1.0f;
  if (const auto view = view2dRect(model, views, scale); view && !view->empty()) {
    const Vec2 a = screenToSurface(model.view2d, *view,
                                   Vec2{static_cast<double>(view->x), static_cast<double>(view->y)});
    const Vec2 b = screenToSurface(
        model.view2d, *view,
        Vec2{static_cast<double>(view->x + view->width), static_cast<double>(view->y + view->height)});
    state.visible = Domain{std::min(a.x, b.x), std::max(a.x, b.x), std::min(a.y, b.y), std::max(a.y, b.y)};
  } else {
    state.visible.reset();
  }
  if (!ui.panelOpen[kMapsPanel] || !model.maps.shown || !state.request ||
      state.request->kind != MapKind::Basin || state.texture.empty() || state.shown.pixels.empty())
    return;
  float pixelScale = 1.0f;
  const auto view = view2dRect(model, views, pixelScale);
  if (!view || view->empty()) return;
  const MapRequest& request = *state.request;
  const auto toWindow = [&](Vec2 point) {
    const Vec2 pixel = surfaceToScreen(model.view2d, *view, point);
    return ImVec2(static_cast<float>(pixel.x / pixelScale), static_cast<float>(pixel.y / pixelScale));
  };
  ImDrawList* list = ImGui::GetBackgroundDrawList();
  const ImVec2 clipMin(static_cast<float>(view->x) / pixelScale, static_cast<float>(view->y) / pixelScale);
  const ImVec2 clipMax(static_cast<float>(view->x + view->width) / pixelScale,
                       static_cast<float>(view->y + view->height) / pixelScale);
  list->PushClipRect(clipMin, clipMax, true);
  // The map itself is drawn by the scene, under the paths and notes (basinMapLayer); here only the hover.
  state.overlayShown = true;
  const ImGuiIO& io = ImGui::GetIO();
  const bool overView = io.MousePos.x >= clipMin.x && io.MousePos.y >= clipMin.y &&
                        io.MousePos.x < clipMax.x && io.MousePos.y < clipMax.y;
  int px = 0, py = 0;
  if (overView && !ImGui::IsWindowHovered(ImGuiHoveredFlags_AnyWindow) && !ImGui::IsAnyItemActive() &&
      basinPixelAt(
          request,
          screenToSurface(model.view2d, *view, Vec2{io.MousePos.x * pixelScale, io.MousePos.y * pixelScale}),
          px, py)) {
    hoverBasinPixel(state, px, py);
    std::vector<ImVec2> points;
    points.reserve(state.hoverPath.size());
    for (const Vec2 p : state.hoverPath) points.push_back(toWindow(p));
    drawHoveredPath(list, points);
    ImGui::SetTooltip("start %s\n%s\nclick: restart every run here",
                      pointText(basinStart(request, px, py)).c_str(),
                      endText(request, state.shown.at(px, py)).c_str());
  } else {
    state.hoverX = state.hoverY = -1;
  }
  list->PopClipRect();
}

MapLayer basinMapLayer(const Model& model, const UiState& ui) {
  MapLayer layer;
  if (!ui.maps || !ui.maps->overlayShown || !ui.maps->request) return layer;
  layer.texture = ui.maps->texture.id();
  layer.range = ui.maps->request->range;
  layer.opacity = static_cast<float>(std::clamp(model.maps.opacity, 0.0, 1.0));
  layer.version = ui.maps->texture.version();
  return layer;
}

Vec2 snapToMapPixel(const UiState& ui, Vec2 point) {
  if (!ui.maps || !ui.maps->overlayShown || !ui.maps->request) return point;
  int px = 0, py = 0;
  if (!basinPixelAt(*ui.maps->request, point, px, py)) return point;
  return basinStart(*ui.maps->request, px, py);
}

const MapResult* shownMap(const UiState& ui) {
  return ui.maps && !ui.maps->shown.pixels.empty() ? &ui.maps->shown : nullptr;
}

MapOnScreen mapOnScreen(const UiState& ui) {
  MapOnScreen out;
  if (!ui.maps || !ui.maps->request) return out;
  out.generation = ui.maps->generation;
  if (ui.maps->shownGeneration != ui.maps->generation || ui.maps->shown.pixels.empty()) return out;
  out.shown = true;
  out.stride = ui.maps->shown.stride;
  out.complete = ui.maps->shown.complete;
  return out;
}

void waitForMap(UiState& ui) {
  if (ui.maps) ui.maps->runner.wait();
}

void drawMapsPanel(Model& model, UiState& ui, bool* open) {
  if (ImGui::Begin("Maps", open, kPanelFlags)) {
    MapsPanelState& state = panelState(ui);
    // The map and its key first, where they are seen without scrolling; what it is of below them.
    drawKindChoice(model.maps);
    drawProgress(state);
    if (model.maps.shown) {
      drawHyperMap(model, state);
      drawKey(state);
    }
    ImGui::Separator();
    drawSettings(model, state, model.maps);
    if (model.maps.shown) {
      ImGui::Separator();
      drawExport(ui, state);
    }
  }
  ImGui::End();
}

}  // namespace gs
