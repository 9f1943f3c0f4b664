#include "core/io/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace gs {
namespace {

std::string describe(const std::string& path, const char* what, int error) {
  return "cannot " + std::string(what) + " '" + path + "': " + std::strerror(error);
}

// A unique name next to `path`, so the final rename never crosses file systems.
std::string temporaryNameFor(const std::string& path) {
  static std::atomic<int> counter{0};
  const std::filesystem::path target(path);
  // Built with append: GCC 12 reports a false -Wrestrict on chained operator+ here.
  std::string name = ".";
  name.append(target.filename().string()).append(".tmp").append(std::to_string(::getpid()));
  name.append("_").append(std::to_string(++counter));
  return (target.parent_path() / name).string();
}

std::optional<std::string> checkTarget(const std::string& path) {
  if (path.empty()) return "no file name given";
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(status)) return "cannot write '" + path + "': it is a folder";
  // A device, a pipe or a socket would be replaced by the rename (as root even /dev/null): refuse.
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
    return "cannot write '" + path + "': it is not a regular file";
  return std::nullopt;
}

// fsync then rename; the temporary is removed on failure.
std::optional<std::string> commit(const std::string& temporary, const std::string& path) {
  const int fd = ::open(temporary.c_str(), O_RDONLY);
  if (fd < 0) {
    const int error = errno;
    std::remove(temporary.c_str());
    return describe(path, "write", error);
  }
  const bool synced = ::fchmod(fd, 0644) == 0 && ::fsync(fd) == 0;
  const int syncError = errno;
  ::close(fd);
  if (!synced) {
    std::remove(temporary.c_str());
    return describe(path, "write", syncError);
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::remove(temporary.c_str());
    return describe(path, "replace", error);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> checkWritablePath(const std::string& path) {
  if (auto error = checkTarget(path)) return error;
  namespace fs = std::filesystem;
  const std::string prefix = "cannot write '" + path + "': ";
  const fs::path target(path);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::exists(folder, ec)) return prefix + "the folder '" + folder.string() + "' does not exist";
  if (!fs::is_directory(folder, ec)) return prefix + "'" + folder.string() + "' is not a folder";
  if (::access(folder.c_str(), W_OK | X_OK) != 0)
    return prefix + "the folder '" + folder.string() + "' is not writable (" + std::strerror(errno) + ")";
  return std::nullopt;
}

std::optional<std::string> writeViaTemporary(
    const std::string& path,
    const std::function<std::optional<std::string>(const std::string&)>& writeTemporary) {
  if (auto error = checkTarget(path)) return error;
  const std::string temporary = temporaryNameFor(path);
  if (auto error = writeTemporary(temporary)) {
    std::remove(temporary.c_str());
    return error;
  }
  return commit(temporary, path);
}

std::optional<std::string> writeFileAtomically(const std::string& path, std::string_view contents) {
  return writeViaTemporary(path, [&](const std::string& temporary) -> std::optional<std::string> {
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) return describe(path, "create", errno);
    std::size_t written = 0;
    while (written < contents.size()) {
      const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const int error = n < 0 ? errno : ENOSPC;
        ::close(fd);
        return describe(path, "write", error);
      }
      written += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) return describe(path, "write", errno);
    return std::nullopt;
  });
}

std::optional<std::string> readWholeFile(const std::string& path, std::string& contents,
                                         std::size_t maxBytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return "cannot read '" + path + "': it is a directory";
  std::ifstream in(path, std::ios::binary);
  if (!in) return describe(path, "open", errno);
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > maxBytes)
      return "cannot read '" + path + "': larger than " + std::to_string(maxBytes >> 20) + " MB";
  }
  if (in.bad()) return describe(path, "read", errno);
  contents = std::move(text);
  return std::nullopt;
}

}  // namespace gs
