#include "export/export_path.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace gs {

std::optional<std::string> checkExportPath(const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty()) return std::string("no file name given");
  const std::string prefix = "cannot write '" + path + "': ";
  std::error_code ec;
  const fs::path target(path);
  if (fs::is_directory(target, ec)) return prefix + "it is a folder";
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::exists(folder, ec)) return prefix + "the folder '" + folder.string() + "' does not exist";
  if (!fs::is_directory(folder, ec)) return prefix + "'" + folder.string() + "' is not a folder";
  if (::access(folder.c_str(), W_OK) != 0)
    return prefix + "the folder '" + folder.string() + "' is not writable (" + std::strerror(errno) + ")";
  return std::nullopt;
}

}  // namespace gs
