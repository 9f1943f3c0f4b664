// An early check of an export path, for exports whose file is written long after the user asked (a GIF
// is written when its recording stops): a missing or unwritable folder is reported before recording
// starts. The write itself still reports anything this check cannot foresee (a full disk).
#pragma once
#include <optional>
#include <string>

namespace gs {

// nullopt when `path` names a file that can likely be created; else a message naming the path and why.
std::optional<std::string> checkExportPath(const std::string& path);

}  // namespace gs
