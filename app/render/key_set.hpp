// A set of 64-bit keys in one flat table (open addressing, linear probing): what PathRenderer's thinning
// asks of it, with no allocation per key. A what-if edit thins every changed run again each frame while a
// slider is dragged, thousands of inserts; std::unordered_set allocated a node for each and freed them all
// at the next clear.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

namespace gs {

class KeySet {
 public:
  // Adds `key`; false when it was there already.
  bool insert(std::uint64_t key) {
    if (key == kEmpty) {
      const bool added = !hasEmptyKey_;
      hasEmptyKey_ = true;
      if (added) ++size_;
      return added;
    }
    if (2 * (size_ + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == key) return false;
      if (slots_[i] == kEmpty) {
        slots_[i] = key;
        ++size_;
        return true;
      }
    }
  }
  std::size_t size() const { return size_; }
  // Empties the set and keeps its table.
  void clear() {
    std::fill(slots_.begin(), slots_.end(), kEmpty);
    hasEmptyKey_ = false;
    size_ = 0;
  }

 private:
  static constexpr std::uint64_t kEmpty = 0;  // marks a free slot; the key 0 itself is kept aside
  static std::size_t mix(std::uint64_t key) {
    key ^= key >> 33;
    key *= 0xFF51AFD7ED558CCDull;
    key ^= key >> 33;
    return static_cast<std::size_t>(key);
  }
  void grow() {
    std::vector<std::uint64_t> old(slots_.empty() ? 64 : 2 * slots_.size(), kEmpty);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const std::uint64_t key : old) {
      if (key == kEmpty) continue;
      std::size_t i = mix(key) & mask;
      while (slots_[i] != kEmpty) i = (i + 1) & mask;
      slots_[i] = key;
    }
  }

  std::vector<std::uint64_t> slots_;  // a power of two of them, at most half full
  std::size_t size_ = 0;
  bool hasEmptyKey_ = false;
};

}  // namespace gs
