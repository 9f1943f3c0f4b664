#include "core/io/atomic_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>

namespace gs {
namespace {

namespace fs = std::filesystem;

std::string describe(const std::string& path, const char* what, int error) {
  return "cannot " + std::string(what) + " '" + path + "': " + std::strerror(error);
}

// ---- temporaries removed on SIGINT, SIGTERM and SIGHUP --------------------------------------------------
// A fixed table, because a signal handler may not allocate or lock: it reads the slots' states
// (lock-free atomics) and unlinks the pending paths, both async-signal-safe, then lets the signal's
// default action end the process.

constexpr std::size_t kPendingSlots = 16;
constexpr std::size_t kMaxPendingPath = 4096;
enum SlotState : int { kFree = 0, kClaimed = 1, kPending = 2 };

struct PendingTemporary {
  std::atomic<int> state{kFree};
  char path[kMaxPendingPath];
};
PendingTemporary gPending[kPendingSlots];
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void removePendingTemporaries(int signal) {
  for (auto& slot : gPending)
    if (slot.state.load(std::memory_order_acquire) == kPending) ::unlink(slot.path);
  // SA_RESETHAND has restored the default action and the signal is blocked while this runs: raised
  // again, it ends the process as soon as the handler returns, with the status the sender meant.
  ::raise(signal);
}

// Only where nothing else handles the signal: a program with its own handler (or one that ignores
// the signal) keeps it, and its writes clean up when they return normally.
void installCleanupHandlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction current {};
      if (::sigaction(signal, nullptr, &current) != 0 || current.sa_handler != SIG_DFL) continue;
      struct sigaction cleanup {};
      cleanup.sa_handler = removePendingTemporaries;
      sigemptyset(&cleanup.sa_mask);
      cleanup.sa_flags = SA_RESETHAND;
      ::sigaction(signal, &cleanup, nullptr);
    }
  });
}

// Registers `path` for removal on a signal while it exists; unregisters when destroyed. With every slot
// taken (16 saves at once), the write goes ahead unregistered.
class PendingRegistration {
 public:
  explicit PendingRegistration(const std::string& path) {
    if (path.size() >= kMaxPendingPath) return;
    installCleanupHandlers();
    for (auto& slot : gPending) {
      int expected = kFree;
      if (!slot.state.compare_exchange_strong(expected, kClaimed, std::memory_order_acq_rel)) continue;
      std::memcpy(slot.path, path.c_str(), path.size() + 1);
      slot.state.store(kPending, std::memory_order_release);
      slot_ = &slot;
      return;
    }
  }
  ~PendingRegistration() {
    if (slot_) slot_->state.store(kFree, std::memory_order_release);
  }
  PendingRegistration(const PendingRegistration&) = delete;
  PendingRegistration& operator=(const PendingRegistration&) = delete;

 private:
  PendingTemporary* slot_ = nullptr;
};

// ---- names ------------------------------------------------------------------------------------------

// The file a path finally names, following symbolic links as editors do, so that saving to a link
// replaces the file it points to and keeps the link. A dangling link names the file it would create.
// nullopt for a loop (or more than 40 links), which the writers report.
std::optional<fs::path> followLinks(const fs::path& path) {
  fs::path current = path;
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(current, ec))) return current;
    const fs::path target = fs::read_symlink(current, ec);
    if (ec) return std::nullopt;
    current = target.is_absolute() ? target : current.parent_path() / target;
  }
  return std::nullopt;
}

std::string temporaryPrefixFor(const fs::path& target) {
  // Built with append: GCC 12 reports a false -Wrestrict on chained operator+ here.
  std::string name = ".";
  name.append(target.filename().string()).append(".tmp");
  return name;
}

// A unique name next to `target`, so the final rename never crosses file systems:
// ".NAME.tmpPID_N", which removeStaleTemporaries recognises.
fs::path temporaryNameFor(const fs::path& target) {
  static std::atomic<int> counter{0};
  std::string name = temporaryPrefixFor(target);
  name.append(std::to_string(::getpid())).append("_").append(std::to_string(++counter));
  return target.parent_path() / name;
}

bool isAllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

// Temporaries of ours beside `target` whose writer is gone (killed with SIGKILL, or the machine lost
// power): ".NAME.tmpPID_N" where no process PID exists. A live PID's may be a save in progress.
void removeStaleTemporaries(const fs::path& target) {
  const std::string prefix = temporaryPrefixFor(target);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  DIR* directory = ::opendir(folder.c_str());
  if (!directory) return;
  while (const dirent* entry = ::readdir(directory)) {
    const std::string_view name = entry->d_name;
    if (name.substr(0, prefix.size()) != prefix) continue;
    const std::string_view rest = name.substr(prefix.size());
    const auto underscore = rest.find('_');
    if (underscore == std::string_view::npos || !isAllDigits(rest.substr(0, underscore)) ||
        !isAllDigits(rest.substr(underscore + 1)) || underscore > 9)
      continue;
    const auto pid = static_cast<pid_t>(std::stol(std::string(rest.substr(0, underscore))));
    if (pid <= 0 || pid == ::getpid()) continue;
    if (::kill(pid, 0) != 0 && errno == ESRCH) ::unlinkat(::dirfd(directory), entry->d_name, 0);
  }
  ::closedir(directory);
}

std::optional<std::string> checkTarget(const std::string& path, const std::optional<fs::path>& resolved) {
  if (path.empty()) return "no file name given";
  if (!resolved) return "cannot write '" + path + "': too many levels of symbolic links";
  const fs::path& target = *resolved;
  std::error_code ec;
  const auto status = fs::status(target, ec);
  if (fs::is_directory(status)) return "cannot write '" + path + "': it is a folder";
  // A device, a pipe or a socket would be replaced by the rename (as root even /dev/null): refuse.
  if (fs::exists(status) && !fs::is_regular_file(status))
    return "cannot write '" + path + "': it is not a regular file";
  return std::nullopt;
}

// The mode a new file gets: 0666 less the process's umask. Read from /proc rather than by umask(), which
// can only be read by setting it, a race with any thread creating a file meanwhile (GIFs are saved on a
// worker thread). Without /proc, the usual umask 022.
mode_t newFileMode() {
  mode_t mask = 022;
  if (std::FILE* status = std::fopen("/proc/self/status", "re")) {
    char line[256];
    unsigned value = 0;
    while (std::fgets(line, sizeof line, status))
      if (std::sscanf(line, "Umask: %o", &value) == 1) mask = static_cast<mode_t>(value & 0777);
    std::fclose(status);
  }
  return static_cast<mode_t>(0666 & ~mask);
}

// Gives the temporary the replaced file's permissions (a private 0600 file stays private) or a new
// file's, fsyncs it,
// renames it over the target, and fsyncs the folder so the rename itself survives a power cut. The
// temporary is removed on failure.
std::optional<std::string> commit(const fs::path& temporary, const fs::path& target,
                                  const std::string& path) {
  const int fd = ::open(temporary.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    return describe(path, "write", error);
  }
  struct stat existing {};
  bool ok = true;
  // Some writers (giflib) create their file 0600: a new file gets what any new file would.
  const mode_t mode = ::stat(target.c_str(), &existing) == 0 ? (existing.st_mode & 07777) : newFileMode();
  ok = ::fchmod(fd, mode) == 0;
  ok = ok && ::fsync(fd) == 0;
  const int syncError = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(temporary.c_str());
    return describe(path, "write", syncError);
  }
  if (::rename(temporary.c_str(), target.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    return describe(path, "replace", error);
  }
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (const int folderFd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); folderFd >= 0) {
    ::fsync(folderFd);  // best effort: some file systems refuse fsync on a folder
    ::close(folderFd);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> checkWritablePath(const std::string& path) {
  const auto resolved = followLinks(path);
  if (auto error = checkTarget(path, resolved)) return error;
  const fs::path& target = *resolved;
  const std::string prefix = "cannot write '" + path + "': ";
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
  const auto resolved = followLinks(path);
  if (auto error = checkTarget(path, resolved)) return error;
  const fs::path& target = *resolved;
  removeStaleTemporaries(target);
  const fs::path temporary = temporaryNameFor(target);
  const PendingRegistration pending(temporary.string());
  if (auto error = writeTemporary(temporary.string())) {
    ::unlink(temporary.c_str());
    return error;
  }
  return commit(temporary, target, path);
}

std::optional<std::string> writeFileAtomically(const std::string& path, std::string_view contents) {
  return writeViaTemporary(path, [&](const std::string& temporary) -> std::optional<std::string> {
    // 0666 less the umask, as any new file; a replaced file's own mode is restored in commit().
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
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
  // Non-blocking open: opening a FIFO for reading would otherwise wait, forever, for a writer.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return describe(path, "open", errno);
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    return describe(path, "read", error);
  }
  const auto refuse = [&](const char* why) {
    ::close(fd);
    return "cannot read '" + path + "': " + why;
  };
  if (S_ISDIR(info.st_mode)) return refuse("it is a directory");
  if (S_ISFIFO(info.st_mode) || S_ISSOCK(info.st_mode)) return refuse("it is a pipe or socket, not a file");
  if (S_ISREG(info.st_mode) && static_cast<std::uintmax_t>(info.st_size) > maxBytes)
    return refuse(("larger than " + std::to_string(maxBytes >> 20) + " MB").c_str());
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  std::string text;
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      return describe(path, "read", error);
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    // Devices have no size to check first (/dev/zero never ends): stop at the limit.
    if (text.size() > maxBytes)
      return refuse(("larger than " + std::to_string(maxBytes >> 20) + " MB").c_str());
  }
  ::close(fd);
  contents = std::move(text);
  return std::nullopt;
}

}  // namespace gs
