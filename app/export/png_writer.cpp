#include "export/png_writer.hpp"

#include <stb/stb_image_write.h>

#include "core/io/atomic_file.hpp"
#include "export/image.hpp"

namespace gs {
namespace {

void appendBytes(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

}  // namespace

std::optional<std::string> writePng(const std::string& path, int width, int height,
                                    std::span<const std::uint8_t> rgba) {
  if (auto error = checkImage(width, height, rgba)) return "cannot write '" + path + "': " + *error;
  // Encoded in memory, then written by writeFileAtomically: stbi_write_png ignores fwrite errors, so a
  // full disk would otherwise pass for success.
  std::string encoded;
  if (stbi_write_png_to_func(appendBytes, &encoded, width, height, 4, rgba.data(), width * 4) == 0)
    return "cannot write '" + path + "': PNG encoding failed";
  return writeFileAtomically(path, encoded);
}

}  // namespace gs
