// The legend of runs drawn on the views (and in every export), without GL: one row per run with its
// colour, name, the hyperparameters that differ from its optimizer's defaults and its status, laid out
// so that it is never cut at the view's edge. Its rows are also what a click on the legend hits.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model.hpp"
#include "view/view2d.hpp"

namespace gs {

struct RunLegendRow {
  static constexpr std::size_t kImported = static_cast<std::size_t>(-1);
  std::size_t run = 0;  // index into model.runner; kImported: an imported CSV path
  Color color{};
  std::string name;    // the user's label, or the optimizer's name while the label is its default
  std::string params;  // "lr=0.1 beta1=0.8": only what differs from the optimizer's defaults
  std::string status;  // "running", "off the surface", "converged at 40", "diverged at 8"
  bool shown = true;   // hidden runs stay listed (dimmed) so a click can bring them back
};

// The runs, then the imported paths (named "... (imported)", with no settings or status).
std::vector<RunLegendRow> runLegendRows(const Model& model);
// Whether `label` only restates the optimizer and settings ("sgd lr=0.01", or empty): such labels go stale
// when the settings change, so the legend shows the live settings instead.
bool isSettingsLabel(std::string_view label, std::string_view optimizer);
// "lr=0.1 beta1=0.8" from a toSpec string ("adam:lr=0.1,beta1=0.8"); empty for the defaults.
std::string paramsFromSpec(std::string_view spec);

// Where the legend's rows go: a box at the bottom-left of `viewport` above `bottomMargin` pixels. A row
// too wide for the view puts its hyperparameters and status on a second line, and a line still too wide
// is shortened with "..." rather than cut. When the rows do not fit the view's height, each takes one line
// (name and status) in as many columns as fit, and what still does not fit is counted in `more`.
struct RunLegendLayout {
  struct Line {
    Vec2 baseline;
    std::string text;
  };
  struct Row {
    PixelRect box;  // the whole row: what a click hits
    Vec2 swatch;    // centre of the colour sample
    std::vector<Line> lines;
  };
  PixelRect box;          // the legend's background
  bool atRight = false;   // at the view's bottom right (off balls it would hide at the left)
  std::vector<Row> rows;  // rows[k] is the k-th row given, for the first rows.size() of them
  // When the view cannot hold a row for every run: "+ N more runs", after the last row.
  std::optional<Line> more;
};
// Which bottom corner the legend goes to: chosen by layoutRunLegend, or fixed by the caller (presentation
// mode, whose step counter made room for the legend where the UI's own measure of it went).
enum class LegendCorner { Choose, BottomLeft, BottomRight };
// `topMargin` pixels at the top of the view are kept free too (where the glyph legend is drawn). Where the
// box would cover some of `avoid` (pixels: the runs' balls and the start, see legendAvoidPoints), it goes
// to the bottom right instead if that covers fewer of them (LegendCorner::Choose); where both corners cover
// as many, it goes where fewer segments of `paths` cross it (see legendPaths).
RunLegendLayout layoutRunLegend(const std::vector<RunLegendRow>& rows, const PixelRect& viewport,
                                double bottomMargin, double textPixels,
                                const std::function<double(std::string_view)>& textWidth,
                                double topMargin = 0.0, const std::vector<Vec2>& avoid = {},
                                LegendCorner corner = LegendCorner::Choose,
                                const std::vector<std::vector<Vec2>>& paths = {});
// The start marker and the shown runs' current points where the 2D view `view2d` (pixels) draws them,
// those inside it: what the legend keeps clear of on the 2D view.
std::vector<Vec2> legendAvoidPoints(const Model& model, const PixelRect& view2d);
// The shown runs' paths where the 2D view `view2d` draws them (pixels), a polyline per run (a run's
// non-finite points break it; a long path followed every few points): what the legend keeps off after the
// balls and the start.
std::vector<std::vector<Vec2>> legendPaths(const Model& model, const PixelRect& view2d);
// How many segments of `paths` cross or touch `box`.
std::size_t segmentsIn(const PixelRect& box, const std::vector<std::vector<Vec2>>& paths);
// Shortens `text` with "..." until it is at most `width` wide.
std::string elide(std::string text, double width, const std::function<double(std::string_view)>& textWidth);

}  // namespace gs
