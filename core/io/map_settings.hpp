// What the Maps panel shows, as a scene saves it (issue "#9"): which map (basin of attraction or
// hyperparameter map), for which run, at what size, over which two hyperparameters. Plain values; the app
// turns them into a MapRequest (core/maps/map.hpp) for the run they name. In a scene file:
//   "maps": {"shown": true, "kind": "hyper", "run": 0, "steps": 300, "size": 128,
//            "x": {"name": "lr", "range": [1e-4, 1], "log": true},
//            "y": {"name": "momentum", "range": [0, 0.99], "log": false},
//            "metric": "final", "tolerance": 1e-6, "opacity": 0.75}
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "core/io/json.hpp"
#include "core/maps/map.hpp"

namespace gs {

struct MapSettings {
  bool shown = false;  // the map is computed and drawn
  MapKind kind = MapKind::Basin;
  int run = 0;  // index of the run the map is for
  std::int64_t steps = 300;
  int size = 128;  // the finest level is size x size pixels
  HyperAxis x{"lr", 1e-4, 1.0, true}, y{"momentum", 0.0, 0.99, false};  // hyper maps
  HyperMetric metric = HyperMetric::FinalLoss;
  double tolerance = 1e-6;      // the steps metric: f - f* counted as reached
  double opacity = 0.75;        // of the basin map drawn over the 2D view
  std::optional<Domain> range;  // basin maps: the starts' rectangle; absent: the surface's domain
  bool operator==(const MapSettings& other) const;
};

// Checks every field and its range ("maps.size: 0 is out of range [1, 4096]", "maps.x.range: min must be
// less than max"); unknown fields are refused, naming the ones known. `path` prefixes the messages.
std::variant<MapSettings, std::string> readMapSettings(const Json& value, const std::string& path);
Json mapSettingsJson(const MapSettings& settings);

}  // namespace gs
