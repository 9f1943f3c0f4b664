#include "maps/map_runner.hpp"

#include <algorithm>
#include <utility>

namespace gs {

MapRunner::~MapRunner() {
  cancel();
  wait();
}

void MapRunner::start(MapRequest request) {
  cancel();
  wait();
  request_ = std::move(request);
  {
    std::lock_guard lock(mutex_);
    result_ = MapResult{};
    result_.kind = request_.kind;
    result_.width = request_.width;
    result_.height = request_.height;
    result_.pixels.assign(
        static_cast<std::size_t>(request_.width) * static_cast<std::size_t>(request_.height), MapPixel{});
  }
  cancel_.store(false);
  finished_.store(false);
  computed_.store(0);
  ++version_;
  started_ = true;
  worker_ = std::thread([this] { work(); });
}

void MapRunner::cancel() { cancel_.store(true); }

void MapRunner::wait() {
  if (worker_.joinable()) worker_.join();
}

double MapRunner::progress() const {
  const double total = static_cast<double>(request_.width) * static_cast<double>(request_.height);
  return started_ && total > 0.0 ? std::min(1.0, static_cast<double>(computed_.load()) / total) : 0.0;
}

MapResult MapRunner::snapshot() const {
  std::lock_guard lock(mutex_);
  return result_;
}

void MapRunner::commitRow(int stride, int py, const std::vector<std::pair<int, MapPixel>>& row) {
  std::lock_guard lock(mutex_);
  const auto width = static_cast<std::size_t>(request_.width);
  for (const auto& [px, source] : row)
    // Until finer levels arrive, the pixel's block shows its value.
    for (int y = py; y < std::min(py + stride, request_.height); ++y)
      for (int x = px; x < std::min(px + stride, request_.width); ++x) {
        MapPixel& target = result_.pixels[static_cast<std::size_t>(y) * width + static_cast<std::size_t>(x)];
        if (target.computed) continue;
        target = source;
        target.computed = x == px && y == py;
      }
  ++version_;
}

void MapRunner::work() {
  PixelTrace trace;
  std::vector<std::pair<int, MapPixel>> row;
  int coarser = 0;
  for (const int stride : {8, 4, 2, 1}) {
    for (int py = 0; py < request_.height; py += stride) {
      row.clear();
      for (int px = 0; px < request_.width; px += stride) {
        if (cancel_.load()) {
          commitRow(stride, py, row);
          finished_.store(true);
          return;
        }
        if (coarser > 0 && px % coarser == 0 && py % coarser == 0) continue;  // done a level before
        MapPixel pixel = computeMapPixel(request_, px, py, trace);
        pixel.computed = true;
        row.emplace_back(px, std::move(pixel));
        ++computed_;
      }
      commitRow(stride, py, row);
    }
    {
      std::lock_guard lock(mutex_);
      finishMap(request_, result_);
      result_.stride = stride;
      result_.complete = stride == 1;
    }
    ++version_;
    coarser = stride;
  }
  finished_.store(true);
}

}  // namespace gs
