#include "maps/map_runner.hpp"

#include <utility>

namespace gs {

void MapRunner::start(MapRequest request) {
  if (job_) {
    job_->restart(std::move(request));
  } else {
    job_ = std::make_unique<MapJob>(std::move(request));
  }
  setAnimating(animating_);
}

void MapRunner::cancel() {
  if (job_) job_->cancel();
}

void MapRunner::wait() {
  if (job_) job_->wait();
}

void MapRunner::waitForCoarse(std::chrono::milliseconds timeout) {
  if (job_) job_->waitForCoarse(timeout);
}

void MapRunner::setAnimating(bool animating) {
  animating_ = animating;
  if (job_) job_->setActiveWorkers(animating ? 1 : job_->workerCount());
}

}  // namespace gs
