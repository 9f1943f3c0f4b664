// Plots of f - f*, gradient norm and step length on log axes against steps or gradient evaluations, drawn
// with ImDrawList (ImPlot is not packaged by Debian). Hovering picks the nearest point of any run and
// highlights it on the surface through model.hoveredRun / hoveredStep.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <future>
#include <limits>
#include <string>
#include <vector>

#include "format.hpp"
#include "maps/seed_bands.hpp"
#include "panel_common.hpp"
#include "plot_data.hpp"
#include "render/curve_image.hpp"
#include "style.hpp"
#include "view/ticks.hpp"

namespace gs {

// The curves of each plot, stroked on the CPU and shown as an image (render/curve_image.hpp says why).
// A changed plot is stroked on another thread while the other panels are laid out and the frame's input
// is handled, and shown once ImGui's draw data is made (finishPlotsPanel), before the panels' changes are
// drawn: the panel's image already names the texture it will be in.
struct PlotsPanelState {
  struct Plot {
    CurveTexture texture;
    CurveCanvas canvas;
    CurveImage picture;          // the canvas's last picture, made on the stroking thread
    std::vector<float> strokes;  // what its picture is stroked from (see drawCurves)
    std::future<void> stroking;  // valid while a new picture is being stroked
    void finish() {
      if (!stroking.valid()) return;
      stroking.get();
      texture.show(picture);
    }
  };
  Plot plots[3];
};

namespace {

struct PlotSpec {
  PlotQuantity quantity;
  const char* title;
};

constexpr PlotSpec kPlots[] = {
    {PlotQuantity::LossGap, "f(x) - f*"},
    {PlotQuantity::GradientNorm, "|gradient|"},
    {PlotQuantity::StepLength, "step length"},
};

using Series = PlotSeries;

struct Frame {
  ImVec2 min, max;  // the data area in screen pixels
  double xMax = 1.0;
  double yLow = 0.0, yHigh = 1.0;  // log10
  ImVec2 toScreen(double x, double y) const {
    const double u = x / xMax, v = (y - yLow) / (yHigh - yLow);
    return ImVec2(min.x + static_cast<float>(u) * (max.x - min.x),
                  max.y - static_cast<float>(v) * (max.y - min.y));
  }
};

// A run's colour for a plot's line: as it is on the dark theme; on the light theme's near-white ground the
// pale ones (yellow, light grey) are darkened until they stand out as well as the others.
ImU32 lineColor(const Color& color) {
  if (!lightTheme()) return toImColor(color);
  const float luminance = 0.2126f * color[0] + 0.7152f * color[1] + 0.0722f * color[2];
  constexpr float kBrightest = 0.5f;
  const float scale = luminance > kBrightest ? kBrightest / luminance : 1.0f;
  return toImColor({color[0] * scale, color[1] * scale, color[2] * scale});
}

double largestX(const Model& model, PlotAxis axis) {
  double xMax = 10.0;  // a short run still gets whole-step ticks
  for (std::size_t i = 0; i < model.runner.size(); ++i) {
    const Run& run = model.runner.run(i);
    if (!run.path().empty()) xMax = std::max(xMax, plotX(run, run.path().size() - 1, axis));
  }
  return xMax;
}

std::vector<Series> collectSeries(const Model& model, PlotQuantity quantity, PlotAxis axis, double fStar,
                                  double xMax, int columns) {
  std::vector<Series> all;
  for (std::size_t i = 0; i < model.runner.size(); ++i)
    if (model.runner.run(i).look().enabled)
      all.push_back({i, plotSeries(model.runner.run(i), quantity, axis, fStar, xMax, columns),
                     model.runner.run(i).status() == RunStatus::Diverged});
  return all;
}

void fitY(Frame& frame, const std::vector<Series>& all) {
  const PlotRange range = plotYRange(all);
  frame.yLow = range.low, frame.yHigh = range.high;
}

std::string powerLabel(double y) {
  char text[32];
  if (std::fabs(y - std::round(y)) < 1e-9)
    std::snprintf(text, sizeof text, "1e%d", static_cast<int>(std::round(y)));
  else
    std::snprintf(text, sizeof text, "%.2g", std::pow(10.0, y));
  return text;
}

void drawAxes(ImDrawList* list, const Frame& frame, const char* xLabel) {
  const ThemeColors& colors = themeColors();
  const ImU32 grid = colors.grid, text = colors.ink;
  list->AddRect(frame.min, frame.max, colors.frame);
  const float lineHeight = ImGui::GetTextLineHeight();
  // As many labels as fit one above the other, at most five.
  const int yTickCount =
      std::clamp(static_cast<int>((frame.max.y - frame.min.y) / (lineHeight * 1.3f)), 2, 5);
  for (double tick : logAxisTicks(frame.yLow, frame.yHigh, yTickCount)) {
    const ImVec2 at = frame.toScreen(0.0, tick);
    list->AddLine(ImVec2(frame.min.x, at.y), ImVec2(frame.max.x, at.y), grid);
    const std::string label = powerLabel(tick);
    const float width = ImGui::CalcTextSize(label.c_str()).x;
    list->AddText(ImVec2(frame.min.x - width - 4.0f, at.y - lineHeight * 0.5f), text, label.c_str());
  }
  const int xTickCount = std::max(2, static_cast<int>((frame.max.x - frame.min.x) / (lineHeight * 5.0f)));
  const Ticks xTicks = chooseTicks(0.0, frame.xMax, xTickCount);
  for (double tick : xTicks.values) {
    const ImVec2 at = frame.toScreen(tick, frame.yLow);
    list->AddLine(ImVec2(at.x, frame.min.y), ImVec2(at.x, frame.max.y), grid);
    const std::string label = formatTick(tick, xTicks.step);
    const float width = ImGui::CalcTextSize(label.c_str()).x;
    // The last label would stick out of the plot's right edge (into the next plot): keep it inside.
    const float left = std::min(at.x - width * 0.5f, frame.max.x - width);
    list->AddText(ImVec2(left, frame.max.y + 2.0f), text, label.c_str());
  }
  const float width = ImGui::CalcTextSize(xLabel).x;
  list->AddText(ImVec2(frame.max.x - width, frame.max.y + 2.0f + lineHeight), text, xLabel);
}

struct Hover {
  const Series* series = nullptr;
  const PlotPoint* point = nullptr;
};

Hover findHover(const Frame& frame, const std::vector<Series>& all, ImVec2 mouse) {
  Hover best;
  float bestDistance = ImGui::GetFontSize() * 1.5f;
  bestDistance *= bestDistance;
  for (const Series& series : all)
    for (const PlotPoint& p : series.points) {
      const ImVec2 at = frame.toScreen(p.x, p.y);
      const float dx = at.x - mouse.x, dy = at.y - mouse.y, distance = dx * dx + dy * dy;
      if (distance < bestDistance) bestDistance = distance, best = {&series, &p};
    }
  return best;
}

void showHover(Model& model, const Frame& frame, const Hover& hover, const char* title, PlotAxis axis) {
  const Run& run = model.runner.run(hover.series->run);
  ImDrawList* list = ImGui::GetWindowDrawList();
  list->AddCircle(frame.toScreen(hover.point->x, hover.point->y), ImGui::GetFontSize() * 0.35f,
                  themeColors().ink, 0, 2.0f);
  model.hoveredRun = static_cast<int>(hover.series->run);
  model.hoveredStep = hover.point->step;
  ImGui::BeginTooltip();
  colorSwatch(model.runner.run(hover.series->run).look().color);
  ImGui::TextUnformatted(run.label().c_str());
  ImGui::Text("step %lld", static_cast<long long>(hover.point->step));
  if (axis == PlotAxis::GradientEvaluations) ImGui::Text("gradient evaluations %.0f", hover.point->x);
  ImGui::Text("%s = %s", title, formatValue(std::pow(10.0, hover.point->y)).c_str());
  ImGui::EndTooltip();
}

// Noisy runs' mean f - f* over their seeds with a band of one standard deviation (Display: seeds), under
// the runs' own lines: a translucent band in the run's colour and the mean as a dashed line. Against
// steps only (a seed's gradient evaluations are the run's, step for step, for the minibatch methods, but
// the band is kept per step).
void drawSeedBands(ImDrawList* list, const Model& model, const Frame& frame, double fStar, int columns) {
  for (std::size_t i = 0; i < model.runner.size(); ++i) {
    const Run& run = model.runner.run(i);
    if (!run.look().enabled) continue;
    const SeedBand* band = seedBandOf(model, i);
    if (!band) continue;
    const std::vector<BandPoint> points = lossBandSeries(*band, run.step(), fStar, frame.xMax, columns);
    if (points.size() < 2) continue;
    const Color& c = run.look().color;
    const ImU32 translucent = toImColor(c, 0.28f);
    // The band's edges stop at the plot's floor and ceiling (a log axis has no 0).
    const auto clampY = [&](double y) { return std::clamp(y, frame.yLow - 1.0, frame.yHigh + 1.0); };
    for (std::size_t k = 0; k + 1 < points.size(); ++k) {
      const BandPoint& a = points[k];
      const BandPoint& b = points[k + 1];
      list->AddQuadFilled(frame.toScreen(a.x, clampY(a.high)), frame.toScreen(b.x, clampY(b.high)),
                          frame.toScreen(b.x, clampY(b.low)), frame.toScreen(a.x, clampY(a.low)),
                          translucent);
    }
    const ImU32 line = lineColor(c);
    for (std::size_t k = 0; k + 1 < points.size(); k += 2)
      list->AddLine(frame.toScreen(points[k].x, clampY(points[k].mean)),
                    frame.toScreen(points[k + 1].x, clampY(points[k + 1].mean)), line, 1.5f);
  }
}

// Where each diverged run's line ends: a cross in its colour, outlined, at its last finite point, or at
// the top edge under an upward tick where that point is above the plot (its line left through the top).
void drawDivergenceMarks(ImDrawList* list, const Model& model, const Frame& frame,
                         const std::vector<Series>& all) {
  const float r = std::max(3.0f, ImGui::GetFontSize() * 0.3f);
  const ImU32 outline = themeColors().plotGround;
  for (const DivergenceMark& mark : divergenceMarks(all, {frame.yLow, frame.yHigh})) {
    ImVec2 at = frame.toScreen(mark.x, mark.y);
    at.y = mark.above ? frame.min.y + 2.2f * r
                      : std::clamp(at.y, frame.min.y + r + 1.0f, frame.max.y - r - 1.0f);
    const ImU32 color = lineColor(model.runner.run(mark.run).look().color);
    for (const auto& [width, ink] : {std::pair{4.0f, outline}, std::pair{2.0f, color}}) {
      list->AddLine(ImVec2(at.x - r, at.y - r), ImVec2(at.x + r, at.y + r), ink, width);
      list->AddLine(ImVec2(at.x - r, at.y + r), ImVec2(at.x + r, at.y - r), ink, width);
    }
    if (mark.above)
      list->AddTriangleFilled(ImVec2(at.x, frame.min.y), ImVec2(at.x - r * 0.7f, frame.min.y + r * 0.9f),
                              ImVec2(at.x + r * 0.7f, frame.min.y + r * 0.9f), color);
  }
}

// The runs' lines of one plot: stroked into `curves` and drawn as its image where there is a GL context,
// as ImGui polylines otherwise (ImGui-only tests). Both from the same simplified points. Where a picture
// is stroked, the lines are compared as they come (a line that did not change simplifies the same), and
// simplified and stroked on another thread.
void drawCurves(ImDrawList* list, const Model& model, const Frame& frame, const std::vector<Series>& all,
                float lineWidth, PlotsPanelState* state, std::size_t plot) {
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  // The image covers the frame's whole pixels, one texel per framebuffer pixel.
  const ImVec2 low(std::floor(frame.min.x * scale.x) / scale.x, std::floor(frame.min.y * scale.y) / scale.y);
  const ImVec2 high(std::ceil(frame.max.x * scale.x) / scale.x, std::ceil(frame.max.y * scale.y) / scale.y);
  const int width = static_cast<int>(std::lround((high.x - low.x) * scale.x));
  const int height = static_cast<int>(std::lround((high.y - low.y) * scale.y));
  constexpr float kTolerance = 0.3f;  // of the simplification, in screen units
  // What the picture is made of: its size, the lines' width, where its corner is on the screen and its
  // pixels per screen unit, then each line after its colour and length, in screen units.
  std::vector<float> strokes{static_cast<float>(width),
                             static_cast<float>(height),
                             lineWidth * scale.x,
                             low.x,
                             low.y,
                             scale.x,
                             scale.y};
  constexpr std::size_t kHeader = 7;
  std::vector<ImVec2> line;
  for (const Series& series : all) {
    line.clear();
    for (const PlotPoint& p : series.points) line.push_back(frame.toScreen(p.x, p.y));
    const ImU32 color = lineColor(model.runner.run(series.run).look().color);
    if (line.size() == 1) list->AddCircleFilled(line[0], 2.5f, color);
    if (!state) {
      simplifyPolyline(line, kTolerance);
      list->AddPolyline(line.data(), static_cast<int>(line.size()), color, ImDrawFlags_None, lineWidth);
      continue;
    }
    // The colour's halves, each exact in a float.
    strokes.push_back(static_cast<float>(color & 0xFFFFu));
    strokes.push_back(static_cast<float>(color >> 16));
    strokes.push_back(static_cast<float>(line.size()));
    for (const ImVec2& p : line) {
      strokes.push_back(p.x);
      strokes.push_back(p.y);
    }
  }
  if (!state) return;
  PlotsPanelState::Plot& shown = state->plots[plot];
  shown.finish();  // a picture begun in a frame that did not finish it
  // Stroked again only when a line changed: paused runs cost a comparison a frame, not a picture.
  if (strokes == shown.strokes) {
    list->AddImage(shown.texture.imguiId(), low, high);
    return;
  }
  list->AddImage(shown.texture.nextImguiId(), low, high);
  shown.strokes = std::move(strokes);
  shown.stroking = std::async(std::launch::async, [&shown] {
    const std::vector<float>& from = shown.strokes;
    shown.canvas.reset(static_cast<int>(from[0]), static_cast<int>(from[1]));
    const ImVec2 corner(from[3], from[4]), pixelsPerUnit(from[5], from[6]);
    std::vector<ImVec2> points;
    for (std::size_t at = kHeader; at < from.size();) {
      const auto color = static_cast<ImU32>(from[at]) | (static_cast<ImU32>(from[at + 1]) << 16);
      const auto count = static_cast<std::size_t>(from[at + 2]);
      points.resize(count);
      for (std::size_t k = 0; k < count; ++k) points[k] = ImVec2(from[at + 3 + 2 * k], from[at + 4 + 2 * k]);
      simplifyPolyline(points, kTolerance);
      for (ImVec2& p : points)
        p = ImVec2((p.x - corner.x) * pixelsPerUnit.x, (p.y - corner.y) * pixelsPerUnit.y);
      shown.canvas.stroke(points, color, from[2]);
      at += 3 + 2 * count;
    }
    shown.picture = shown.canvas.image();
  });
}

void drawPlot(Model& model, const PlotSpec& spec, PlotAxis axis, double fStar, ImVec2 size,
              PlotsPanelState* state, std::size_t plot) {
  const float font = ImGui::GetFontSize();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(spec.title, size);
  const bool hovered = ImGui::IsItemHovered();
  Frame frame;
  frame.min = ImVec2(origin.x + font * 3.2f, origin.y + font * 1.4f);
  frame.max = ImVec2(origin.x + size.x - font * 0.5f, origin.y + size.y - font * 2.4f);
  if (frame.max.x - frame.min.x < 10.0f || frame.max.y - frame.min.y < 10.0f) return;
  frame.xMax = largestX(model, axis);
  // One column per two pixels: the lowest and highest point of each still show every spike, at half the
  // vertices (16 runs x 3 plots of polylines are most of the UI's drawing).
  const int columns = static_cast<int>((frame.max.x - frame.min.x) / 2.0f);
  const std::vector<Series> all = collectSeries(model, spec.quantity, axis, fStar, frame.xMax, columns);
  fitY(frame, all);

  ImDrawList* list = ImGui::GetWindowDrawList();
  list->AddRectFilled(frame.min, frame.max, themeColors().plotGround);
  list->AddText(ImVec2(frame.min.x, origin.y), ImGui::GetColorU32(ImGuiCol_Text), spec.title);
  drawAxes(list, frame, axis == PlotAxis::Steps ? "step" : "gradient evaluations");
  list->PushClipRect(frame.min, frame.max, true);
  if (spec.quantity == PlotQuantity::LossGap && axis == PlotAxis::Steps)
    drawSeedBands(list, model, frame, fStar, columns / 2);
  // A whole-pixel width lets ImGui draw anti-aliased lines from its texture: fewer vertices.
  const float lineWidth = std::max(1.0f, std::round(font / 10.0f));
  drawCurves(list, model, frame, all, lineWidth, state, plot);
  drawDivergenceMarks(list, model, frame, all);
  if (hovered) {
    const Hover hover = findHover(frame, all, ImGui::GetIO().MousePos);
    if (hover.point) showHover(model, frame, hover, spec.title, axis);
  }
  list->PopClipRect();
}

void drawAxisChoice(UiState& ui, double fStar, bool fStarKnown) {
  int axis = static_cast<int>(ui.plotAxis);
  ImGui::TextUnformatted("x axis:");
  ImGui::SameLine();
  ImGui::RadioButton("steps", &axis, static_cast<int>(PlotAxis::Steps));
  ImGui::SameLine();
  ImGui::RadioButton("gradient evaluations", &axis, static_cast<int>(PlotAxis::GradientEvaluations));
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Compares Newton and L-BFGS fairly with first-order methods.");
  ui.plotAxis = static_cast<PlotAxis>(axis);
  const std::string optimum =
      "f* = " + formatValue(fStar) + (fStarKnown ? " (global minimum)" : " (least seen)");
  sameLineIfFits(ImGui::CalcTextSize(optimum.c_str()).x);
  ImGui::TextDisabled("%s", optimum.c_str());
}

bool globalMinimumKnown(const Surface& surface) {
  return std::any_of(surface.minima.begin(), surface.minima.end(),
                     [](const CriticalPoint& m) { return m.global; });
}

}  // namespace

void finishPlotsPanel(UiState& ui) {
  if (!ui.plots) return;
  for (PlotsPanelState::Plot& plot : ui.plots->plots) plot.finish();
}

void drawPlotsPanel(Model& model, UiState& ui, bool* open) {
  if (ImGui::Begin("Plots", open, kPanelFlags)) {
    const double fStar = optimumValue(model);
    // The images need ImGui's OpenGL backend (a GL context); ImGui-only tests draw polylines instead.
    PlotsPanelState* state = nullptr;
    if (ImGui::GetIO().BackendRendererName != nullptr) {
      if (!ui.plots) ui.plots = std::make_shared<PlotsPanelState>();
      state = ui.plots.get();
    }
    drawAxisChoice(ui, fStar, globalMinimumKnown(model.runner.surface()));
    const ImVec2 available = ImGui::GetContentRegionAvail();
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    // Side by side under the views; one above the other in the compact layout's tall side column.
    const bool stacked = available.y > available.x;
    const float spacingY = ImGui::GetStyle().ItemSpacing.y;
    const ImVec2 size = stacked ? ImVec2(available.x, (available.y - 2.0f * spacingY) / 3.0f)
                                : ImVec2((available.x - 2.0f * spacing) / 3.0f, available.y);
    if (size.x > 20.0f && size.y > 20.0f)
      for (std::size_t i = 0; i < std::size(kPlots); ++i) {
        if (i > 0 && !stacked) ImGui::SameLine();
        drawPlot(model, kPlots[i], ui.plotAxis, fStar, size, state, i);
      }
  }
  ImGui::End();
}

}  // namespace gs
