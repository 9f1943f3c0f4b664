// The map PNG: the map scaled to at least 256 pixels a side, axes with ticks and numbers, a colour key on
// the right and a caption above. Text comes from stb_truetype with the app's DejaVu font; where the font
// is missing the picture is written without text rather than not at all.
#include "cli/map_png.hpp"

#include <stb/stb_truetype.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <limits>

#include "core/math/text.hpp"
#include "export/png_writer.hpp"
#include "maps/theory_overlay.hpp"

namespace gs::cli {
namespace {

using Rgb = std::array<std::uint8_t, 3>;

// Okabe-Ito (colour-blind safe) for minima; a second, paler set for clusters of other end points.
constexpr Rgb kMinimumColours[] = {{230, 159, 0}, {86, 180, 233}, {0, 158, 115},  {240, 228, 66},
                                   {0, 114, 178}, {213, 94, 0},   {204, 121, 167}};
constexpr Rgb kClusterColours[] = {{170, 140, 200}, {150, 200, 170}, {200, 170, 140},
                                   {140, 170, 200}, {200, 200, 150}, {200, 150, 170}};
constexpr Rgb kDiverged = {20, 20, 20};
constexpr Rgb kMoving = {128, 128, 128};
constexpr Rgb kUndefined = {255, 0, 255};  // no colour map uses it: a NaN region stands out

// Viridis at eleven stops, interpolated linearly.
constexpr Rgb kViridis[] = {{68, 1, 84},    {72, 36, 117},  {65, 68, 135},  {53, 95, 141},
                            {42, 120, 142}, {33, 145, 140}, {34, 168, 132}, {68, 191, 112},
                            {122, 209, 81}, {189, 223, 38}, {253, 231, 37}};

Rgb viridis(double t) {
  t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * 10.0;
  const int i = std::min(9, static_cast<int>(t));
  const double f = t - i;
  Rgb out{};
  for (int c = 0; c < 3; ++c)
    out[static_cast<std::size_t>(c)] =
        static_cast<std::uint8_t>(std::lround(kViridis[i][static_cast<std::size_t>(c)] * (1 - f) +
                                              kViridis[i + 1][static_cast<std::size_t>(c)] * f));
  return out;
}

Rgb shade(Rgb colour, double darkness) {
  for (auto& c : colour)
    c = static_cast<std::uint8_t>(std::lround(c * (1.0 - 0.65 * std::clamp(darkness, 0.0, 1.0))));
  return colour;
}

class Canvas {
 public:
  Canvas(int width, int height)
      : width_(width), height_(height), rgba_(static_cast<std::size_t>(width * height) * 4, 255) {
    std::ifstream font(GRADSCAPE_FONT_DIR "/DejaVuSans.ttf", std::ios::binary);
    font_.assign(std::istreambuf_iterator<char>(font), {});
    hasFont_ = !font_.empty() &&
               stbtt_InitFont(&info_, reinterpret_cast<const unsigned char*>(font_.data()), 0) != 0;
  }
  void set(int x, int y, Rgb c, double alpha = 1.0) {
    if (x < 0 || y < 0 || x >= width_ || y >= height_) return;
    std::uint8_t* p = &rgba_[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
                              static_cast<std::size_t>(x)) *
                             4];
    for (int i = 0; i < 3; ++i)
      p[i] = static_cast<std::uint8_t>(
          std::lround(p[i] * (1.0 - alpha) + c[static_cast<std::size_t>(i)] * alpha));
    p[3] = 255;
  }
  void fill(int x0, int y0, int w, int h, Rgb c) {
    for (int y = y0; y < y0 + h; ++y)
      for (int x = x0; x < x0 + w; ++x) set(x, y, c);
  }
  // A disc of `radius` pixels centred at (x, y), its edge smoothed over a pixel.
  void disc(double x, double y, double radius, Rgb c) {
    const int x0 = static_cast<int>(std::floor(x - radius - 1)),
              x1 = static_cast<int>(std::ceil(x + radius + 1));
    const int y0 = static_cast<int>(std::floor(y - radius - 1)),
              y1 = static_cast<int>(std::ceil(y + radius + 1));
    for (int j = y0; j <= y1; ++j)
      for (int i = x0; i <= x1; ++i) {
        const double d = std::hypot(i + 0.5 - x, j + 0.5 - y);
        const double coverage = std::clamp(radius + 0.5 - d, 0.0, 1.0);
        if (coverage > 0.0) set(i, j, c, coverage);
      }
  }
  // A thick line as discs every half pixel (the overlays are a few hundred pixels long at most).
  void line(double xa, double ya, double xb, double yb, double radius, Rgb c) {
    const double length = std::hypot(xb - xa, yb - ya);
    const int steps = std::max(1, static_cast<int>(std::ceil(length * 2.0)));
    for (int k = 0; k <= steps; ++k) {
      const double t = static_cast<double>(k) / steps;
      disc(xa + (xb - xa) * t, ya + (yb - ya) * t, radius, c);
    }
  }
  void frame(int x0, int y0, int w, int h, Rgb c) {
    fill(x0, y0, w, 1, c);
    fill(x0, y0 + h - 1, w, 1, c);
    fill(x0, y0, 1, h, c);
    fill(x0 + w - 1, y0, 1, h, c);
  }
  int textWidth(const std::string& text, double size) const {
    if (!hasFont_) return 0;
    const float scale = stbtt_ScaleForPixelHeight(&info_, static_cast<float>(size));
    int width = 0;
    for (const char c : text) {
      int advance = 0, bearing = 0;
      stbtt_GetCodepointHMetrics(&info_, static_cast<unsigned char>(c), &advance, &bearing);
      width += static_cast<int>(std::lround(static_cast<double>(advance) * static_cast<double>(scale)));
    }
    return width;
  }
  // Draws `text` with its baseline at y.
  void text(int x, int y, const std::string& text, double size, Rgb colour = {0, 0, 0}) {
    if (!hasFont_) return;
    const float scale = stbtt_ScaleForPixelHeight(&info_, static_cast<float>(size));
    for (const char c : text) {
      const int codepoint = static_cast<unsigned char>(c);
      int w = 0, h = 0, xoff = 0, yoff = 0;
      unsigned char* bitmap = stbtt_GetCodepointBitmap(&info_, 0, scale, codepoint, &w, &h, &xoff, &yoff);
      for (int j = 0; j < h; ++j)
        for (int i = 0; i < w; ++i)
          if (const int a = bitmap[j * w + i]) set(x + xoff + i, y + yoff + j, colour, a / 255.0);
      stbtt_FreeBitmap(bitmap, nullptr);
      int advance = 0, bearing = 0;
      stbtt_GetCodepointHMetrics(&info_, codepoint, &advance, &bearing);
      x += static_cast<int>(std::lround(static_cast<double>(advance) * static_cast<double>(scale)));
    }
  }
  MapImage take() { return {width_, height_, std::move(rgba_)}; }

 private:
  int width_, height_;
  std::vector<std::uint8_t> rgba_;
  std::vector<char> font_;
  stbtt_fontinfo info_{};
  bool hasFont_ = false;
};

std::string shortNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", value);
  return buffer;
}

struct AxisTicks {
  std::vector<double> positions;  // 0 to 1 along the axis
  std::vector<std::string> labels;
};

AxisTicks linearTicks(double lo, double hi) {
  const double span = hi - lo;
  const double rough = span / 5.0;
  const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
  double step = magnitude;
  for (const double m : {1.0, 2.0, 5.0, 10.0})
    if (m * magnitude >= rough) {
      step = m * magnitude;
      break;
    }
  AxisTicks ticks;
  for (double v = std::ceil(lo / step) * step; v <= hi + 1e-9 * span; v += step) {
    ticks.positions.push_back((v - lo) / span);
    ticks.labels.push_back(shortNumber(std::fabs(v) < 1e-12 * span ? 0.0 : v));
  }
  return ticks;
}

AxisTicks logTicks(double lo, double hi) {
  AxisTicks ticks;
  const double a = std::log10(lo), b = std::log10(hi);
  const int every = std::max(1, static_cast<int>(std::ceil((b - a) / 6.0)));
  for (int e = static_cast<int>(std::ceil(a - 1e-9)); e <= b + 1e-9; e += every) {
    ticks.positions.push_back((e - a) / (b - a));
    ticks.labels.push_back(concat("1e", std::to_string(e)));
  }
  return ticks;
}

// Hyper maps sample the range with LO at the first pixel's centre and HI at the last one's.
AxisTicks axisTicks(const MapRequest& request, bool horizontal) {
  if (request.kind == MapKind::Basin)
    return horizontal ? linearTicks(request.range.xMin, request.range.xMax)
                      : linearTicks(request.range.yMin, request.range.yMax);
  const HyperAxis& axis = horizontal ? request.x : request.y;
  AxisTicks ticks = axis.log ? logTicks(axis.lo, axis.hi) : linearTicks(axis.lo, axis.hi);
  const int n = horizontal ? request.width : request.height;
  for (double& t : ticks.positions) t = (t * (n - 1) + 0.5) / n;
  return ticks;
}

// The theory over a hyper map: the convergence edge in white on black (it reads on every colour of the
// scale), the optimum as a ringed dot with its label.
void drawTheory(Canvas& canvas, const TheoryOverlay& theory, int left, int top, int width, int height) {
  const auto at = [&](Vec2 f) { return std::array<double, 2>{left + f.x * width, top + f.y * height}; };
  for (const double radius : {2.2, 1.0})
    for (const auto& piece : theory.boundary)
      for (std::size_t i = 0; i + 1 < piece.size(); ++i) {
        const auto a = at(piece[i]), b = at(piece[i + 1]);
        canvas.line(a[0], a[1], b[0], b[1], radius, radius > 2.0 ? Rgb{0, 0, 0} : Rgb{255, 255, 255});
      }
  if (!theory.optimum) return;
  const auto c = at(*theory.optimum);
  canvas.disc(c[0], c[1], 6.0, {0, 0, 0});
  canvas.disc(c[0], c[1], 4.5, {255, 255, 255});
  canvas.disc(c[0], c[1], 2.0, {0, 0, 0});
  // The label beside the mark where it fits on the map (right, else left), else above or below it; y is
  // the text's baseline.
  const int textWidth = canvas.textWidth(theory.optimumLabel, 12);
  const int cx = static_cast<int>(std::lround(c[0])), cy = static_cast<int>(std::lround(c[1]));
  int x = cx + 10, y = cy + 4;
  if (x + textWidth > left + width - 3) x = cx - 10 - textWidth;
  if (x < left + 3) {
    x = std::clamp(cx - textWidth / 2, left + 3, std::max(left + width - textWidth - 3, left + 3));
    y = cy - 10 - 12 < top + 2 ? cy + 10 + 12 : cy - 10;
  }
  y = std::clamp(y, top + 14, top + height - 4);
  canvas.fill(x - 3, y - 12, textWidth + 6, 16, {255, 255, 255});
  canvas.text(x, y, theory.optimumLabel, 12);
}

std::string point(Vec2 p) { return concat("(", shortNumber(p.x), ", ", shortNumber(p.y), ")"); }

}  // namespace

void metricRange(const MapRequest& request, const MapResult& result, double& low, double& high) {
  low = std::numeric_limits<double>::infinity();
  high = -low;
  const bool logScale = request.metric == HyperMetric::FinalLoss;
  for (const auto& pixel : result.pixels) {
    const double value = result.metricValue(pixel, request.metric);
    if (!std::isfinite(value) || (logScale && value <= 0.0)) continue;
    low = std::min(low, value);
    high = std::max(high, value);
  }
  if (logScale && request.kind == MapKind::Hyper && request.surface.evaluator) {
    // Anything worse than the start itself is "not converging" alike: the scale ends at f(start) - f*,
    // so a few runs on their way to 1e15 do not squash every converging pixel into one colour.
    const double startGap = request.surface.evaluator->value(request.start) - result.fStar;
    if (std::isfinite(startGap) && startGap > 0.0) high = std::min(high, startGap);
  }
  if (!(low <= high)) low = high = logScale ? 1.0 : 0.0;
  if (logScale) low = std::max(low, high * 1e-16);  // at most 16 decades: below that is "at f*"
}

void mapPixelColour(const MapRequest& request, const MapResult& result, const MapPixel& pixel, double low,
                    double high, std::uint8_t rgb[3]) {
  Rgb colour = kMoving;
  const double steps = std::max<double>(1.0, static_cast<double>(request.settings.steps));
  if (pixel.kind == EndKind::Undefined)
    colour = kUndefined;
  else if (pixel.kind == EndKind::Diverged)
    colour = kDiverged;
  else if (request.kind == MapKind::Basin) {
    const double darkness = pixel.closeStep >= 0 ? static_cast<double>(pixel.closeStep) / steps : 1.0;
    if (pixel.kind == EndKind::Minimum)
      colour = shade(kMinimumColours[static_cast<std::size_t>(pixel.index) % std::size(kMinimumColours)],
                     darkness);
    else if (pixel.kind == EndKind::Cluster && pixel.index >= 0)
      colour = shade(kClusterColours[static_cast<std::size_t>(pixel.index) % std::size(kClusterColours)],
                     darkness);
  } else {
    const double value = result.metricValue(pixel, request.metric);
    if (request.metric == HyperMetric::FinalLoss) {
      // Low f - f* is bright (good); values at or below the map's floor are the brightest.
      const double t = high > low ? (std::log10(std::max(value, low)) - std::log10(low)) /
                                        (std::log10(high) - std::log10(low))
                                  : 0.0;
      colour = std::isfinite(value) ? viridis(1.0 - t) : kMoving;
    } else {
      colour = std::isfinite(value) ? viridis(1.0 - value / steps) : kMoving;  // never reached: grey
    }
  }
  std::copy(colour.begin(), colour.end(), rgb);
}

MapImage drawMapImage(const MapRequest& request, const MapResult& result, const std::string& caption) {
  const int scale = std::max(1, 256 / std::max(result.width, result.height));
  const int mapW = result.width * scale, mapH = result.height * scale;
  constexpr int kLeft = 64, kTop = 52, kBottom = 48, kKey = 190;
  const int captionWidth = Canvas(1, 1).textWidth(caption, 14);
  const auto theory = request.kind == MapKind::Hyper ? theoryOverlay(request) : std::nullopt;
  constexpr int kNoteLine = 16;
  const int notesHeight = theory ? static_cast<int>(theory->notes.size()) * kNoteLine + 8 : 0;
  int notesWidth = 0;
  if (theory)
    for (const auto& note : theory->notes)
      notesWidth = std::max(notesWidth, Canvas(1, 1).textWidth(note, 12));
  Canvas canvas(std::max({kLeft + mapW + 16 + kKey, kLeft + captionWidth + 12, kLeft + notesWidth + 12}),
                kTop + mapH + kBottom + notesHeight);
  double low = 0, high = 0;
  if (request.kind == MapKind::Hyper) metricRange(request, result, low, high);
  for (int py = 0; py < result.height; ++py)
    for (int px = 0; px < result.width; ++px) {
      std::uint8_t rgb[3];
      const MapPixel& pixel = result.at(px, py);
      mapPixelColour(request, result, pixel, low, high, rgb);
      for (int j = 0; j < scale; ++j)
        for (int i = 0; i < scale; ++i) {
          const int x = kLeft + px * scale + i, y = kTop + py * scale + j;
          // A NaN region is hatched so it reads as "no value" even in grey print.
          const bool hatch = pixel.kind == EndKind::Undefined && ((x + y) / 3) % 2 == 0;
          canvas.set(x, y, hatch ? Rgb{255, 255, 255} : Rgb{rgb[0], rgb[1], rgb[2]});
        }
    }
  if (theory) drawTheory(canvas, *theory, kLeft, kTop, mapW, mapH);
  canvas.frame(kLeft - 1, kTop - 1, mapW + 2, mapH + 2, {0, 0, 0});
  if (theory)
    for (std::size_t i = 0; i < theory->notes.size(); ++i)
      canvas.text(kLeft, kTop + mapH + kBottom + 4 + static_cast<int>(i + 1) * kNoteLine - 4,
                  theory->notes[i], 12);
  // Axes: ticks and numbers below and left of the map, the axis names beside them.
  const AxisTicks xTicks = axisTicks(request, true), yTicks = axisTicks(request, false);
  for (std::size_t i = 0; i < xTicks.positions.size(); ++i) {
    const int x = kLeft + static_cast<int>(std::lround(xTicks.positions[i] * mapW));
    canvas.fill(x, kTop + mapH, 1, 5, {0, 0, 0});
    canvas.text(x - canvas.textWidth(xTicks.labels[i], 12) / 2, kTop + mapH + 18, xTicks.labels[i], 12);
  }
  for (std::size_t i = 0; i < yTicks.positions.size(); ++i) {
    const int y = kTop + mapH - static_cast<int>(std::lround(yTicks.positions[i] * mapH));
    canvas.fill(kLeft - 6, y, 5, 1, {0, 0, 0});
    canvas.text(kLeft - 9 - canvas.textWidth(yTicks.labels[i], 12), y + 4, yTicks.labels[i], 12);
  }
  const std::string xName = request.kind == MapKind::Basin ? "start x" : request.x.name;
  const std::string yName = request.kind == MapKind::Basin ? "start y" : request.y.name;
  canvas.text(kLeft + mapW / 2 - canvas.textWidth(xName, 13) / 2, kTop + mapH + 38, xName, 13);
  canvas.text(4, kTop - 8, yName, 13);
  canvas.text(kLeft, 20, caption, 14);
  // The colour key.
  const int keyX = kLeft + mapW + 16;
  int keyY = kTop + 4;
  auto swatch = [&](Rgb colour, const std::string& label) {
    canvas.fill(keyX, keyY, 14, 14, colour);
    canvas.frame(keyX, keyY, 14, 14, {0, 0, 0});
    canvas.text(keyX + 20, keyY + 12, label, 12);
    keyY += 20;
  };
  if (request.kind == MapKind::Basin) {
    for (std::size_t i = 0; i < request.surface.minima.size() && i < 8; ++i)
      swatch(kMinimumColours[i % std::size(kMinimumColours)],
             concat("minimum ", std::to_string(i), " ", point(request.surface.minima[i].point)));
    for (std::size_t i = 0; i < result.clusters.size() && i < 6; ++i)
      swatch(kClusterColours[i % std::size(kClusterColours)],
             concat("ends near ", point(result.clusters[i])));
    if (result.clusters.size() > 6)
      canvas.text(keyX, (keyY += 16) - 4, concat("(", std::to_string(result.clusters.size()), " clusters)"),
                  12);
    swatch(kMoving, "still moving");
    swatch(kDiverged, "diverged");
    swatch(kUndefined, "f undefined at start");
    canvas.text(keyX, keyY + 12, "darker: more steps to", 12);
    canvas.text(keyX, keyY + 28, "come within 1e-3 of it", 12);
  } else {
    const bool logScale = request.metric == HyperMetric::FinalLoss;
    canvas.text(keyX, keyY + 8, logScale ? "final f - f*" : "steps to f - f* <= tol", 12);
    keyY += 18;
    constexpr int kBar = 150;
    for (int j = 0; j < kBar; ++j)
      canvas.fill(keyX, keyY + j, 16, 1, viridis(1.0 - static_cast<double>(j) / (kBar - 1)));
    canvas.frame(keyX, keyY, 16, kBar, {0, 0, 0});
    const std::string top = logScale ? shortNumber(low) : "0";
    const std::string bottom =
        logScale ? shortNumber(high) : shortNumber(static_cast<double>(request.settings.steps));
    canvas.text(keyX + 22, keyY + 10, top, 12);
    canvas.text(keyX + 22, keyY + kBar, bottom, 12);
    if (logScale) canvas.text(keyX + 22, keyY + kBar / 2, "(log)", 12);
    keyY += kBar + 10;
    swatch(kMoving, logScale ? "no value" : "not reached");
    swatch(kDiverged, "diverged");
    swatch(kUndefined, "f undefined");
  }
  return canvas.take();
}

std::optional<std::string> writeMapPng(const std::string& path, const MapRequest& request,
                                       const MapResult& result, const std::string& caption) {
  const MapImage image = drawMapImage(request, result, caption);
  return writePng(path, image.width, image.height, image.rgba);
}

}  // namespace gs::cli
