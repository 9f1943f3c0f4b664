// Writing a file so that a crash, a full disk or an unwritable path never leaves a half-written file:
// the contents go to a temporary file in the same directory, are flushed to disk, then renamed over
// the destination (rename within one directory is atomic on POSIX file systems). Like an editor's save:
// a path that is a symbolic link replaces the file the link points to (the link stays), a replaced file
// keeps its permissions (a new one gets 0666 less the umask), and the folder is fsynced after the rename.
// The temporary, ".NAME.tmpPID_N", never outlives the save: it is removed on failure, on SIGINT, SIGTERM
// and SIGHUP (where the program has no handler of its own for them), and, when its writer was killed
// outright, by the next save beside it once no process PID exists.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace gs {

// Can the writers below create or replace `path`? nullopt, or a message naming the path and why: no name,
// a folder, something other than a regular file (the rename would replace a device or a pipe), or a
// parent folder that is missing, not a folder or not writable. For callers that write long after they are
// asked (a GIF when its recording stops, `gradscape render` once it has rendered); the writers check the
// target again, and report anything this cannot foresee (a full disk).
std::optional<std::string> checkWritablePath(const std::string& path);

// Writes `contents` to `path` atomically. Returns an error message naming the path and the reason,
// or nullopt on success. On failure nothing is left behind: neither a temporary nor a partial file.
std::optional<std::string> writeFileAtomically(const std::string& path, std::string_view contents);

// For writers that need a file name of their own (giflib, stb): `writeTemporary` writes the whole file
// to the temporary path it is given and returns an error message or nullopt; the temporary is then
// given the replaced file's mode, flushed and renamed to `path`, or removed on any failure.
std::optional<std::string> writeViaTemporary(
    const std::string& path,
    const std::function<std::optional<std::string>(const std::string&)>& writeTemporary);

// Reads the whole file into `contents`; an error message naming the path, or nullopt. A file larger
// than `maxBytes` is refused (a scene path pointing at /dev/zero must not fill memory), and so are a
// folder, a FIFO and a socket (opening a FIFO would wait for a writer forever).
std::optional<std::string> readWholeFile(const std::string& path, std::string& contents,
                                         std::size_t maxBytes);

}  // namespace gs
