#include "view/run_legend.hpp"

#include <algorithm>
#include <charconv>

#include "core/io/spec.hpp"

namespace gs {

std::string paramsFromSpec(std::string_view spec) {
  const std::size_t colon = spec.find(':');
  if (colon == std::string_view::npos) return {};
  std::string params(spec.substr(colon + 1));
  std::replace(params.begin(), params.end(), ',', ' ');
  return params;
}

bool isSettingsLabel(std::string_view label, std::string_view optimizer) {
  if (label.empty()) return true;
  if (label.substr(0, optimizer.size()) != optimizer) return false;
  // After the name, only "key=value" words: "sgd lr=0.01", not "adam, no bias correction".
  std::string_view rest = label.substr(optimizer.size());
  while (!rest.empty()) {
    if (rest.front() != ' ') return false;
    rest.remove_prefix(1);
    const std::size_t space = std::min(rest.find(' '), rest.size());
    if (rest.substr(0, space).find('=') == std::string_view::npos) return false;
    rest.remove_prefix(space);
  }
  return true;
}

namespace {

// "lr=0.00030000000000000003" (a spec keeps every digit) as the run's name writes it: "lr=0.0003".
std::string readableSetting(const std::string& item) {
  const std::size_t equals = item.find('=');
  if (equals == std::string::npos) return item;
  const char* first = item.data() + equals + 1;
  const char* last = item.data() + item.size();
  double value = 0.0;
  const auto parsed = std::from_chars(first, last, value);
  if (parsed.ec != std::errc() || parsed.ptr != last) return item;  // "true", a choice's name
  return item.substr(0, equals + 1) + formatHyperparameter(value);
}

}  // namespace

std::vector<RunLegendRow> runLegendRows(const Model& model) {
  std::vector<RunLegendRow> rows;
  for (std::size_t i = 0; i < model.runner.size(); ++i) {
    const Run& run = model.runner.run(i);
    RunLegendRow row;
    row.run = i;
    row.color = run.look().color;
    row.shown = run.look().enabled;
    const std::string& optimizer = run.optimizer().name();
    // Labels such as "sgd lr=0.01" were made from the settings at the start and go stale when they change;
    // the live settings below say the same, so only a label of the user's own is kept.
    const std::string& label = run.label();
    row.name = isSettingsLabel(label, optimizer) ? optimizer : label;
    // Settings the name already states ("lr=0.9" as a scene's label) are not repeated.
    std::string params;
    const std::string all = paramsFromSpec(toSpec(run.optimizer()));
    std::size_t from = 0;
    while (from < all.size()) {
      const std::size_t space = std::min(all.find(' ', from), all.size());
      const std::string item = readableSetting(all.substr(from, space - from));
      if (row.name.find(item) == std::string::npos) params += (params.empty() ? "" : " ") + item;
      from = space + 1;
    }
    row.params = std::move(params);
    if (run.status() == RunStatus::Diverged)
      row.status = "diverged at " + std::to_string(run.statusStep());
    else if (model.runner.behind(run))  // a what-if edit of long paths, recomputed over the next frames
      row.status = "recomputing: step " + std::to_string(run.step());
    else if (run.status() == RunStatus::Converged)
      row.status = "converged at " + std::to_string(run.statusStep());
    else if (!contains(model.runner.surface().domain, run.point()))
      row.status = "off the surface";  // running, off the view: on its way to diverging, or back
    else
      row.status = "running";
    rows.push_back(std::move(row));
  }
  for (const ImportedOverlay& path : model.importedPaths) {
    RunLegendRow row;
    row.run = RunLegendRow::kImported;
    row.color = path.color;
    row.name = path.label + " (imported)";
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string elide(std::string text, double width, const std::function<double(std::string_view)>& textWidth) {
  if (textWidth(text) <= width) return text;
  while (!text.empty() && textWidth(text + "...") > width) text.pop_back();
  return text.empty() ? std::string() : text + "...";
}

namespace {

// Too many rows for the view's height: one line a row (the name and the status; the settings stay in the
// panel), in as many columns as the width allows. Rows that still do not fit are counted on a last line,
// "+ N more runs", so that no run is left out without a word.
RunLegendLayout layoutCompact(const std::vector<RunLegendRow>& rows, double left, double ceiling,
                              double bottom, double room, double textPixels,
                              const std::function<double(std::string_view)>& textWidth) {
  RunLegendLayout layout;
  const double padding = 6.0, swatchWidth = 2.2 * textPixels, lineHeight = textPixels + 5.0;
  const double rowStep = lineHeight + 0.15 * textPixels;
  const auto perColumn =
      static_cast<std::size_t>(std::max((bottom - ceiling - 2.0 * padding) / rowStep, 0.0));
  const double narrowest = 2.0 * padding + swatchWidth + 7.0 * textPixels;
  if (perColumn == 0 || room < narrowest) return layout;
  const auto maxColumns = std::max<std::size_t>(1, static_cast<std::size_t>(room / narrowest));
  const std::size_t columns = std::min(maxColumns, (rows.size() + perColumn - 1) / perColumn);
  const std::size_t capacity = columns * perColumn;
  const std::size_t shown = rows.size() <= capacity ? rows.size() : capacity - 1;
  const double textRoom = room / double(columns) - 2.0 * padding - swatchWidth;
  std::vector<std::string> texts;
  double widest = 0.0;
  for (std::size_t k = 0; k < shown; ++k) {
    const RunLegendRow& row = rows[k];
    texts.push_back(elide(row.status.empty() ? row.name : row.name + "  " + row.status, textRoom, textWidth));
    widest = std::max(widest, textWidth(texts.back()));
  }
  std::string more;
  if (shown < rows.size()) {
    more =
        elide("+ " + std::to_string(rows.size() - shown) + " more runs", textRoom + swatchWidth, textWidth);
    widest = std::max(widest, textWidth(more) - swatchWidth);
  }
  const double columnWidth = 2.0 * padding + swatchWidth + widest;
  const std::size_t lines = shown + (more.empty() ? 0 : 1);
  const std::size_t usedColumns = (lines + perColumn - 1) / perColumn;
  const std::size_t tallest = std::min(lines, perColumn);
  const double top = bottom - 2.0 * padding - rowStep * double(tallest);
  layout.box = {int(left), int(top), int(std::ceil(columnWidth * double(usedColumns))),
                int(std::ceil(bottom - top))};
  const auto baseline = [&](std::size_t index) {
    return Vec2{left + double(index / perColumn) * columnWidth + padding,
                top + padding + rowStep * double(index % perColumn) + 0.5 * lineHeight + 0.35 * textPixels};
  };
  for (std::size_t k = 0; k < shown; ++k) {
    RunLegendLayout::Row row;
    const Vec2 at = baseline(k);
    const double rowTop = top + padding + rowStep * double(k % perColumn);
    row.box = {int(at.x - padding), int(rowTop), int(std::ceil(columnWidth)), int(std::ceil(rowStep))};
    row.swatch = {at.x + 0.5 * swatchWidth, rowTop + 0.5 * lineHeight};
    row.lines.push_back({{at.x + swatchWidth, at.y}, texts[k]});
    layout.rows.push_back(std::move(row));
  }
  if (!more.empty()) layout.more = RunLegendLayout::Line{baseline(shown), more};
  return layout;
}

}  // namespace

namespace {

// The legend at the bottom left of `viewport` (see layoutRunLegend).
RunLegendLayout layoutAtLeft(const std::vector<RunLegendRow>& rows, const PixelRect& viewport,
                             double bottomMargin, double textPixels,
                             const std::function<double(std::string_view)>& textWidth, double topMargin) {
  RunLegendLayout layout;
  if (rows.empty() || viewport.empty()) return layout;
  const double margin = 8.0, padding = 6.0, swatchWidth = 2.2 * textPixels, gap = 0.6 * textPixels;
  const double lineHeight = textPixels + 5.0;
  const double textRoom = viewport.width - 2.0 * margin - 2.0 * padding - swatchWidth;
  if (textRoom < 4.0 * textPixels) return layout;  // no room for a legend that says anything

  struct Lines {
    std::vector<std::string> texts;
  };
  std::vector<Lines> lines;
  double widest = 0.0;
  for (const RunLegendRow& row : rows) {
    std::string detail = row.params.empty() ? row.status : row.params + "  " + row.status;
    std::string single = detail.empty() ? row.name : row.name + "  " + detail;
    Lines entry;
    if (textWidth(single) <= textRoom) {
      entry.texts.push_back(std::move(single));
    } else {
      entry.texts.push_back(elide(row.name, textRoom, textWidth));
      if (!detail.empty()) entry.texts.push_back(elide(std::move(detail), textRoom, textWidth));
    }
    for (const std::string& text : entry.texts) widest = std::max(widest, textWidth(text));
    lines.push_back(std::move(entry));
  }
  std::size_t lineCount = 0;
  for (const Lines& entry : lines) lineCount += entry.texts.size();
  const double width = 2.0 * padding + swatchWidth + widest;
  const double height = 2.0 * padding + lineHeight * double(lineCount) + gap * double(rows.size() - 1);
  const double left = viewport.x + margin;
  const double bottom = viewport.y + viewport.height - bottomMargin - margin;
  const double ceiling = viewport.y + std::max(topMargin, 0.0) + margin;
  if (height > bottom - ceiling + 0.5)
    return layoutCompact(rows, left, ceiling, bottom, viewport.width - 2.0 * margin, textPixels, textWidth);
  const double top = std::max(ceiling, bottom - height);
  layout.box = {int(left), int(top), int(std::ceil(width)), int(std::ceil(bottom - top))};
  double y = top + padding;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    RunLegendLayout::Row row;
    const double rowHeight = lineHeight * double(lines[k].texts.size());
    if (y + rowHeight > bottom + 0.5) break;  // a view too short for every run lists those that fit
    row.box = {int(left), int(y - 0.5 * gap), int(std::ceil(width)), int(std::ceil(rowHeight + gap))};
    row.swatch = {left + padding + 0.5 * swatchWidth, y + 0.5 * lineHeight};
    for (std::size_t l = 0; l < lines[k].texts.size(); ++l)
      row.lines.push_back(
          {{left + padding + swatchWidth, y + lineHeight * double(l) + 0.5 * lineHeight + 0.35 * textPixels},
           lines[k].texts[l]});
    y += rowHeight + gap;
    layout.rows.push_back(std::move(row));
  }
  return layout;
}

std::size_t pointsIn(const PixelRect& box, const std::vector<Vec2>& points) {
  constexpr double kMargin = 6.0;  // a ball or the start marker half under the box is under it
  return static_cast<std::size_t>(std::count_if(points.begin(), points.end(), [&](Vec2 p) {
    return p.x >= box.x - kMargin && p.x <= box.x + box.width + kMargin && p.y >= box.y - kMargin &&
           p.y <= box.y + box.height + kMargin;
  }));
}

}  // namespace

RunLegendLayout layoutRunLegend(const std::vector<RunLegendRow>& rows, const PixelRect& viewport,
                                double bottomMargin, double textPixels,
                                const std::function<double(std::string_view)>& textWidth, double topMargin,
                                const std::vector<Vec2>& avoid, LegendCorner corner,
                                const std::vector<std::vector<Vec2>>& paths) {
  RunLegendLayout layout = layoutAtLeft(rows, viewport, bottomMargin, textPixels, textWidth, topMargin);
  if (corner == LegendCorner::BottomLeft || layout.box.empty()) return layout;
  // What a box hides: balls and the start first, then the paths.
  const auto hidden = [&](const PixelRect& box) {
    return std::pair{pointsIn(box, avoid), segmentsIn(box, paths)};
  };
  const auto coveredAtLeft = hidden(layout.box);
  if (corner == LegendCorner::Choose && coveredAtLeft == std::pair<std::size_t, std::size_t>{0, 0})
    return layout;
  // At the bottom right instead, where that hides fewer of them.
  const int shift =
      viewport.x + viewport.width - layout.box.width - (layout.box.x - viewport.x) - layout.box.x;
  PixelRect right = layout.box;
  right.x += shift;
  if (shift <= 0 || (corner == LegendCorner::Choose && hidden(right) >= coveredAtLeft)) return layout;
  const Vec2 by{double(shift), 0.0};
  layout.box = right;
  layout.atRight = true;
  for (RunLegendLayout::Row& row : layout.rows) {
    row.box.x += shift;
    row.swatch += by;
    for (RunLegendLayout::Line& line : row.lines) line.baseline += by;
  }
  if (layout.more) layout.more->baseline += by;
  return layout;
}

std::vector<Vec2> legendAvoidPoints(const Model& model, const PixelRect& view2d) {
  std::vector<Vec2> points;
  const auto add = [&](Vec2 p) {
    if (!isFinite(p)) return;
    const Vec2 at = surfaceToScreen(model.view2d, view2d, p);
    if (view2d.contains(at.x, at.y)) points.push_back(at);
  };
  add(model.runner.start());
  for (const Run& run : model.runner.runs())
    if (run.look().enabled && !run.path().empty()) add(run.path().back());
  return points;
}

std::vector<std::vector<Vec2>> legendPaths(const Model& model, const PixelRect& view2d) {
  constexpr std::size_t kPerPath = 1000;  // points of a path followed, at most
  std::vector<std::vector<Vec2>> paths;
  for (const Run& run : model.runner.runs()) {
    if (!run.look().enabled) continue;
    const std::vector<Vec2>& path = run.path();
    const std::size_t stride = std::max<std::size_t>(1, path.size() / kPerPath);
    paths.emplace_back();
    const auto follow = [&](Vec2 p) {
      const Vec2 at = surfaceToScreen(model.view2d, view2d, p);
      if (isFinite(at)) {
        paths.back().push_back(at);
      } else if (!paths.back().empty()) {
        paths.emplace_back();  // a break in the line
      }
    };
    for (std::size_t k = 0; k < path.size(); k += stride) follow(path[k]);
    if (!path.empty() && (path.size() - 1) % stride != 0) follow(path.back());
  }
  return paths;
}

std::size_t segmentsIn(const PixelRect& box, const std::vector<std::vector<Vec2>>& paths) {
  const double left = box.x, top = box.y, right = box.x + box.width, bottom = box.y + box.height;
  // A segment meets the box where their bounding boxes overlap and the box's corners are not all on one
  // side of the segment's line.
  const auto meets = [&](Vec2 a, Vec2 b) {
    if (std::max(a.x, b.x) < left || std::min(a.x, b.x) > right || std::max(a.y, b.y) < top ||
        std::min(a.y, b.y) > bottom)
      return false;
    const auto side = [&](double x, double y) { return (b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x); };
    const double s0 = side(left, top), s1 = side(right, top), s2 = side(left, bottom),
                 s3 = side(right, bottom);
    return !((s0 > 0 && s1 > 0 && s2 > 0 && s3 > 0) || (s0 < 0 && s1 < 0 && s2 < 0 && s3 < 0));
  };
  std::size_t count = 0;
  for (const std::vector<Vec2>& path : paths) {
    if (path.size() == 1) count += meets(path[0], path[0]);
    for (std::size_t k = 0; k + 1 < path.size(); ++k) count += meets(path[k], path[k + 1]);
  }
  return count;
}

}  // namespace gs
