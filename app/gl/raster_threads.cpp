#include "gl/raster_threads.hpp"

#include <algorithm>
#include <cstdlib>

namespace gs::gl {

std::string useMoreRasterThreads(unsigned cores) {
  constexpr unsigned kMostThreads = 16;  // llvmpipe's LP_MAX_THREADS
  if (const char* set = std::getenv("LP_NUM_THREADS")) return set;
  if (cores == 0) return "";
  const std::string threads = std::to_string(std::min(2 * cores, kMostThreads));
  setenv("LP_NUM_THREADS", threads.c_str(), 0);
  return threads;
}

}  // namespace gs::gl
