#include "export/frame_store.hpp"

namespace gs {

void FrameStore::add(std::span<const std::uint32_t> frame) {
  std::vector<std::uint32_t> encoded;
  const std::size_t n = previous_.size();
  std::size_t i = 0;
  while (i < n) {
    std::size_t zeros = 0;
    while (i + zeros < n && frame[i + zeros] == previous_[i + zeros]) ++zeros;
    const std::size_t literalStart = i + zeros;
    std::size_t literals = 0;
    while (literalStart + literals < n &&
           frame[literalStart + literals] != previous_[literalStart + literals])
      ++literals;
    encoded.push_back(static_cast<std::uint32_t>(zeros));
    encoded.push_back(static_cast<std::uint32_t>(literals));
    for (std::size_t k = 0; k < literals; ++k)
      encoded.push_back(frame[literalStart + k] ^ previous_[literalStart + k]);
    i = literalStart + literals;
  }
  encoded.shrink_to_fit();
  frames_.push_back(std::move(encoded));
  previous_.assign(frame.begin(), frame.end());
}

std::size_t FrameStore::storedBytes() const {
  std::size_t bytes = 0;
  for (const auto& f : frames_) bytes += f.size() * sizeof(std::uint32_t);
  return bytes;
}

bool FrameStore::Cursor::next() {
  if (index_ >= store_->frames_.size()) return false;
  const auto& encoded = store_->frames_[index_++];
  std::size_t pixel = 0;
  for (std::size_t k = 0; k + 1 < encoded.size();) {
    pixel += encoded[k];
    const std::uint32_t literals = encoded[k + 1];
    k += 2;
    for (std::uint32_t j = 0; j < literals; ++j) frame_[pixel++] ^= encoded[k++];
  }
  return true;
}

}  // namespace gs
