#include "gl/imgui_layer.hpp"

#include <backends/imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <span>
#include <unordered_set>
#include <utility>

#include "gl/frame_caches.hpp"

namespace gs {

namespace {

using gl::GlRect;

bool intersects(const GlRect& a, const GlRect& b) {
  return !a.empty() && !b.empty() && a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height &&
         b.y < a.y + a.height;
}

bool contains(const GlRect& outer, const GlRect& inner) {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width &&
         inner.y + inner.height <= outer.y + outer.height;
}

GlRect intersection(const GlRect& a, const GlRect& b) {
  const int x = std::max(a.x, b.x), y = std::max(a.y, b.y);
  const int right = std::min(a.x + a.width, b.x + b.width), top = std::min(a.y + a.height, b.y + b.height);
  return {x, y, std::max(right - x, 0), std::max(top - y, 0)};
}

GlRect unite(const GlRect& a, const GlRect& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  const int x = std::min(a.x, b.x), y = std::min(a.y, b.y);
  return {x, y, std::max(a.x + a.width, b.x + b.width) - x, std::max(a.y + a.height, b.y + b.height) - y};
}

ImVec2 framebufferPoint(ImVec2 p, const ImDrawData& data) {
  return {(p.x - data.DisplayPos.x) * data.FramebufferScale.x,
          (p.y - data.DisplayPos.y) * data.FramebufferScale.y};
}

// The pixels whose centres lie in ImGui's rectangle [low, high).
GlRect pixelsOf(ImVec2 low, ImVec2 high, const ImDrawData& data, int height) {
  const auto pixel = [](float v) { return static_cast<int>(std::ceil(std::clamp(v, -1e8f, 1e8f) - 0.5f)); };
  const ImVec2 a = framebufferPoint(low, data), b = framebufferPoint(high, data);
  const int x0 = pixel(a.x), x1 = pixel(b.x), y0 = pixel(a.y), y1 = pixel(b.y);
  return {x0, height - y1, x1 - x0, y1 - y0};  // ImGui's y runs down, GL's up
}

// The pixels whose centres the triangles of `command` can cover: the box around its vertices.
GlRect vertexBounds(const ImDrawList& list, const ImDrawCmd& command, const ImDrawData& data, int height);

// The scissor rectangle ImGui's OpenGL3 backend sets for `command`, computed the same way; empty if it
// draws nothing.
GlRect scissorOf(const ImDrawCmd& command, const ImDrawData& data, int height) {
  const ImVec2 low = framebufferPoint(ImVec2(command.ClipRect.x, command.ClipRect.y), data);
  const ImVec2 high = framebufferPoint(ImVec2(command.ClipRect.z, command.ClipRect.w), data);
  if (high.x <= low.x || high.y <= low.y) return {};
  return {static_cast<int>(low.x), static_cast<int>(static_cast<float>(height) - high.y),
          static_cast<int>(high.x - low.x), static_cast<int>(high.y - low.y)};
}

// The pixels whose centres can lie in the box [low, high] (ImGui coordinates): whole pixels around it.
GlRect pixelBox(ImVec2 low, ImVec2 high, const ImDrawData& data, int height) {
  const ImVec2 a = framebufferPoint(low, data), b = framebufferPoint(high, data);
  const auto floorOf = [](float v) { return static_cast<int>(std::floor(std::clamp(v, -1e8f, 1e8f))); };
  const auto ceilOf = [](float v) { return static_cast<int>(std::ceil(std::clamp(v, -1e8f, 1e8f))); };
  return {floorOf(a.x), height - ceilOf(b.y), ceilOf(b.x) - floorOf(a.x), ceilOf(b.y) - floorOf(a.y)};
}

// A whole-pixel rectangle of the framebuffer back in ImGui's coordinates, which the backend's scissor maps
// back exactly.
ImVec4 imguiRect(const GlRect& r, const ImDrawData& data, int height) {
  const ImVec2 offset = data.DisplayPos, scale = data.FramebufferScale;
  return {static_cast<float>(r.x) / scale.x + offset.x,
          static_cast<float>(height - r.y - r.height) / scale.y + offset.y,
          static_cast<float>(r.x + r.width) / scale.x + offset.x,
          static_cast<float>(height - r.y) / scale.y + offset.y};
}

long long area(const GlRect& r) { return r.empty() ? 0 : static_cast<long long>(r.width) * r.height; }

// A list's triangles as drawn: its vertices and indices, and for each triangle its command.
struct Triangles {
  const ImDrawVert* vertices;
  const ImDrawIdx* indices;
  struct Triangle {
    unsigned int firstIndex;  // into `indices`
    unsigned int vertexOffset;
    int command;
  };
  std::vector<Triangle> list;
  std::vector<ImVec4> clips;
  std::vector<ImTextureID> textures;

  Triangles(const ImDrawVert* v, const ImDrawIdx* i) : vertices(v), indices(i) {}
  void addCommand(const ImVec4& clip, ImTextureID texture, unsigned int vertexOffset,
                  unsigned int indexOffset, unsigned int count) {
    const int command = static_cast<int>(clips.size());
    clips.push_back(clip);
    textures.push_back(texture);
    for (unsigned int k = 0; k + 3 <= count; k += 3) list.push_back({indexOffset + k, vertexOffset, command});
  }
  const ImDrawVert& vertex(std::size_t triangle, int corner) const {
    const Triangle& t = list[triangle];
    return vertices[t.vertexOffset + indices[t.firstIndex + static_cast<unsigned int>(corner)]];
  }
  // Its vertices, texture and clip rectangle: what decides its pixels.
  std::uint64_t key(std::size_t triangle) const {
    std::uint64_t h = 0x9e3779b97f4a7c15ull;
    const auto mix = [&h](std::uint64_t word) {
      h ^= word;
      h *= 0xbf58476d1ce4e5b9ull;
      h ^= h >> 31;
    };
    const auto bits = [](float v) {
      std::uint32_t b;
      std::memcpy(&b, &v, sizeof b);
      return std::uint64_t{b};
    };
    for (int corner = 0; corner < 3; ++corner) {
      const ImDrawVert& v = vertex(triangle, corner);
      mix(bits(v.pos.x) | bits(v.pos.y) << 32);
      mix(bits(v.uv.x) | bits(v.uv.y) << 32);
      mix(v.col);
    }
    const ImVec4& clip = clips[static_cast<std::size_t>(list[triangle].command)];
    mix(bits(clip.x) | bits(clip.y) << 32);
    mix(bits(clip.z) | bits(clip.w) << 32);
    mix(static_cast<std::uint64_t>(
        reinterpret_cast<std::uintptr_t>(textures[static_cast<std::size_t>(list[triangle].command)])));
    return h;
  }
  bool same(std::size_t triangle, const Triangles& other, std::size_t otherTriangle) const {
    const auto command = static_cast<std::size_t>(list[triangle].command);
    const auto otherCommand = static_cast<std::size_t>(other.list[otherTriangle].command);
    if (textures[command] != other.textures[otherCommand] ||
        std::memcmp(&clips[command], &other.clips[otherCommand], sizeof(ImVec4)) != 0)
      return false;
    for (int corner = 0; corner < 3; ++corner)
      if (std::memcmp(&vertex(triangle, corner), &other.vertex(otherTriangle, corner), sizeof(ImDrawVert)) !=
          0)
        return false;
    return true;
  }
  // The pixels it can cover, drawn clipped to `bounds`.
  GlRect pixels(std::size_t triangle, const ImDrawData& data, int height, const GlRect& bounds) const {
    const ImDrawVert &a = vertex(triangle, 0), &b = vertex(triangle, 1), &c = vertex(triangle, 2);
    const ImVec2 low(std::min({a.pos.x, b.pos.x, c.pos.x}), std::min({a.pos.y, b.pos.y, c.pos.y}));
    const ImVec2 high(std::max({a.pos.x, b.pos.x, c.pos.x}), std::max({a.pos.y, b.pos.y, c.pos.y}));
    const ImVec4& clip = clips[static_cast<std::size_t>(list[triangle].command)];
    ImDrawCmd command;
    command.ClipRect = clip;
    return intersection(intersection(pixelBox(low, high, data, height), scissorOf(command, data, height)),
                        bounds);
  }
};

Triangles trianglesOf(const ImDrawList& list) {
  Triangles triangles(list.VtxBuffer.Data, list.IdxBuffer.Data);
  for (const ImDrawCmd& command : list.CmdBuffer)
    if (command.UserCallback == nullptr)
      triangles.addCommand(command.ClipRect, command.TextureId, command.VtxOffset, command.IdxOffset,
                           command.ElemCount);
  return triangles;
}

// Adds `r` to `rects`, joined with the last one when they are on one line a few pixels apart (the glyphs
// of one changed number), so that a changed text is one rectangle, not one per glyph.
void addRect(std::vector<GlRect>& rects, const GlRect& r) {
  if (r.empty()) return;
  if (!rects.empty()) {
    GlRect& last = rects.back();
    constexpr int kGap = 8;
    const bool sameLine = r.y < last.y + last.height && last.y < r.y + r.height;
    const bool near = r.x <= last.x + last.width + kGap && last.x <= r.x + r.width + kGap;
    if (sameLine && near) {
      last = unite(last, r);
      return;
    }
  }
  rects.push_back(r);
}

// `r` less `cut`: up to four rectangles (below, above, left and right of it).
void subtract(const GlRect& r, const GlRect& cut, std::vector<GlRect>& out) {
  const GlRect overlap = intersection(r, cut);
  if (overlap.empty()) {
    if (!r.empty()) out.push_back(r);
    return;
  }
  const GlRect parts[] = {
      {r.x, r.y, r.width, overlap.y - r.y},
      {r.x, overlap.y + overlap.height, r.width, r.y + r.height - (overlap.y + overlap.height)},
      {r.x, overlap.y, overlap.x - r.x, overlap.height},
      {overlap.x + overlap.width, overlap.y, r.x + r.width - (overlap.x + overlap.width), overlap.height},
  };
  for (const GlRect& part : parts)
    if (!part.empty()) out.push_back(part);
}

// Joins rectangles that share a pixel until none do (each stale pixel is then drawn once); with more than
// `most` left, their union.
void makeDisjoint(std::vector<GlRect>& rects, std::size_t most) {
  std::erase_if(rects, [](const GlRect& r) { return r.empty(); });
  for (bool joined = true; joined;) {
    joined = false;
    for (std::size_t i = 0; i < rects.size() && !joined; ++i)
      for (std::size_t j = i + 1; j < rects.size(); ++j)
        if (intersects(rects[i], rects[j])) {
          rects[i] = unite(rects[i], rects[j]);
          rects.erase(rects.begin() + static_cast<std::ptrdiff_t>(j));
          joined = true;
          break;
        }
  }
  if (rects.size() > most) {
    GlRect all;
    for (const GlRect& r : rects) all = unite(all, r);
    rects.assign(1, all);
  }
}

// The pixels where `now` draws differently from `before`: around every triangle added, removed, or drawn
// in another order relative to the others. Triangles are matched by their key, then compared. Outside
// these rectangles every pixel is covered by the same triangles in the same order, so it is unchanged.
std::vector<GlRect> changedRects(const Triangles& before, const std::vector<std::uint64_t>& beforeKeys,
                                 const Triangles& now, const std::vector<std::uint64_t>& nowKeys,
                                 const ImDrawData& data, int height, const GlRect& bounds) {
  struct Entry {
    std::uint64_t key;
    std::size_t triangle;
    bool operator<(const Entry& other) const {
      return key != other.key ? key < other.key : triangle < other.triangle;
    }
  };
  // The same triangles at the start and at the end (most of a panel whose numbers change) are matched
  // in place; the rest by key.
  const std::size_t shorter = std::min(beforeKeys.size(), nowKeys.size());
  std::size_t prefix = 0, suffix = 0;
  while (prefix < shorter && beforeKeys[prefix] == nowKeys[prefix] && now.same(prefix, before, prefix))
    ++prefix;
  while (suffix < shorter - prefix &&
         beforeKeys[beforeKeys.size() - 1 - suffix] == nowKeys[nowKeys.size() - 1 - suffix] &&
         now.same(nowKeys.size() - 1 - suffix, before, beforeKeys.size() - 1 - suffix))
    ++suffix;
  const std::size_t beforeEnd = beforeKeys.size() - suffix, nowEnd = nowKeys.size() - suffix;
  std::vector<Entry> sorted;
  sorted.reserve(beforeEnd - prefix);
  for (std::size_t i = prefix; i < beforeEnd; ++i) sorted.push_back({beforeKeys[i], i});
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::size_t> taken(sorted.size(), 0);  // per run of equal keys, at its first entry
  std::vector<char> kept(beforeKeys.size(), 0);
  std::vector<GlRect> rects;
  std::size_t last = 0;
  bool any = false;
  for (std::size_t j = prefix; j < nowEnd; ++j) {
    const auto first = std::lower_bound(sorted.begin(), sorted.end(), Entry{nowKeys[j], 0}) - sorted.begin();
    const auto group = static_cast<std::size_t>(first);
    const std::size_t k = group + (group < taken.size() ? taken[group] : 0);
    if (k < sorted.size() && sorted[k].key == nowKeys[j]) {
      ++taken[group];
      const std::size_t i = sorted[k].triangle;
      if ((!any || i > last) && now.same(j, before, i)) {
        kept[i] = 1;
        last = i;
        any = true;
        continue;
      }
    }
    addRect(rects, now.pixels(j, data, height, bounds));
  }
  for (std::size_t i = prefix; i < beforeEnd; ++i)
    if (!kept[i]) addRect(rects, before.pixels(i, data, height, bounds));
  return rects;
}

GlRect vertexBounds(const ImDrawList& list, const ImDrawCmd& command, const ImDrawData& data, int height) {
  ImVec2 low(1e30f, 1e30f), high(-1e30f, -1e30f);
  for (unsigned int k = 0; k < command.ElemCount; ++k) {
    const unsigned int index = command.VtxOffset + list.IdxBuffer[static_cast<int>(command.IdxOffset + k)];
    const ImVec2 p = list.VtxBuffer[static_cast<int>(index)].pos;
    low = ImVec2(std::min(low.x, p.x), std::min(low.y, p.y));
    high = ImVec2(std::max(high.x, p.x), std::max(high.y, p.y));
  }
  return pixelBox(low, high, data, height);
}

std::unordered_set<ImTextureID>& stableTextures() {
  static std::unordered_set<ImTextureID> textures;
  return textures;
}

struct PictureSize {
  int width, height;
  std::uint64_t serial;  // a new one at every registration: a new picture (see Picture)
};

std::unordered_map<ImTextureID, PictureSize>& livePictures() {
  static std::unordered_map<ImTextureID, PictureSize> pictures;
  return pictures;
}

// The pixels (GL coordinates) of `command` when it draws its texture of `size` as an untinted image:
// one quad, axis-aligned at whole pixels, one texel per pixel, texture coordinates from (0, 0) at its top
// left to (1, 1); empty otherwise.
GlRect imageQuad(const ImDrawList& list, const ImDrawCmd& command, PictureSize size, const ImDrawData& data,
                 int height) {
  if (command.UserCallback != nullptr || command.ElemCount != 6) return {};
  ImVec2 low(1e30f, 1e30f), high(-1e30f, -1e30f);
  std::array<const ImDrawVert*, 6> corners{};
  for (unsigned int k = 0; k < 6; ++k) {
    const unsigned int index = command.VtxOffset + list.IdxBuffer[static_cast<int>(command.IdxOffset + k)];
    if (index >= static_cast<unsigned int>(list.VtxBuffer.Size)) return {};
    corners[k] = &list.VtxBuffer[static_cast<int>(index)];
    low = ImVec2(std::min(low.x, corners[k]->pos.x), std::min(low.y, corners[k]->pos.y));
    high = ImVec2(std::max(high.x, corners[k]->pos.x), std::max(high.y, corners[k]->pos.y));
  }
  for (const ImDrawVert* v : corners) {
    const bool left = v->pos.x == low.x, right = v->pos.x == high.x;
    const bool top = v->pos.y == low.y, bottom = v->pos.y == high.y;
    if (v->col != IM_COL32_WHITE || !(left || right) || !(top || bottom)) return {};
    if (v->uv.x != (left ? 0.0f : 1.0f) || v->uv.y != (top ? 0.0f : 1.0f)) return {};
  }
  const ImVec2 a = framebufferPoint(low, data), b = framebufferPoint(high, data);
  const auto whole = [](float v) { return std::abs(v - std::round(v)) < 1e-3f; };
  if (!whole(a.x) || !whole(a.y) || !whole(b.x) || !whole(b.y)) return {};
  const int x0 = static_cast<int>(std::round(a.x)), y0 = static_cast<int>(std::round(a.y));
  const int x1 = static_cast<int>(std::round(b.x)), y1 = static_cast<int>(std::round(b.y));
  if (x1 - x0 != size.width || y1 - y0 != size.height) return {};
  return {x0, height - y1, x1 - x0, y1 - y0};
}

struct ListInfo {
  GlRect bounds;  // every pixel the list can touch; empty: it draws nothing
  bool keepable = true;
};

// The pixels a list can touch: for each command, its scissor rectangle cut down to the box around its
// vertices (a window's frame is drawn with the whole screen as clip rectangle) and, for a window's list,
// to the window. Only windows' lists are kept: their frames' anti-aliased edges fade out to nothing at
// the window's edge, so the list is drawn clipped to it and neighbouring panels share no pixel. A window
// that draws further out than that (a modal dialog dims the whole screen from its own list) is drawn
// straight, over all it reaches: cut to the window, the dimming would pile up, frame after frame, on the
// panels kept under it.
ListInfo inspect(const ImDrawList& list, const ImDrawData& data, int width, int height,
                 const GlRect* window) {
  ListInfo info;
  info.keepable = window != nullptr;
  const GlRect frame{0, 0, width, height};
  const ImTextureID font = ImGui::GetIO().Fonts->TexID;
  for (const ImDrawCmd& command : list.CmdBuffer) {
    if (command.UserCallback != nullptr) {
      if (command.UserCallback == ImDrawCallback_ResetRenderState) continue;
      info.keepable = false;  // a callback may draw anywhere
      info.bounds = frame;
      return info;
    }
    if (command.ElemCount == 0) continue;
    GlRect touched = intersection(intersection(scissorOf(command, data, height), frame),
                                  vertexBounds(list, command, data, height));
    if (touched.empty()) continue;
    constexpr int kFringe = 2;  // anti-aliased edges reach about a pixel past the window
    if (window != nullptr) {
      if (contains({window->x - kFringe, window->y - kFringe, window->width + 2 * kFringe,
                    window->height + 2 * kFringe},
                   touched))
        touched = intersection(touched, *window);
      else
        info.keepable = false;
    }
    if (touched.empty()) continue;
    info.bounds = unite(info.bounds, touched);
    if (command.GetTexID() != font && !stableTextures().contains(command.GetTexID()))
      info.keepable = false;  // its texture may change under it
  }
  return info;
}

}  // namespace

void registerStableTexture(ImTextureID texture) { stableTextures().insert(texture); }
void forgetStableTexture(ImTextureID texture) { stableTextures().erase(texture); }
void registerLivePicture(ImTextureID texture, int width, int height) {
  static std::uint64_t serial = 0;
  livePictures()[texture] = {width, height, ++serial};
}
void forgetLivePicture(ImTextureID texture) { livePictures().erase(texture); }

bool ImGuiLayer::Command::operator==(const Command& other) const {
  return clip.x == other.clip.x && clip.y == other.clip.y && clip.z == other.clip.z &&
         clip.w == other.clip.w && texture == other.texture && vertexOffset == other.vertexOffset &&
         indexOffset == other.indexOffset && elementCount == other.elementCount;
}

bool ImGuiLayer::Snapshot::matches(const ImDrawList& list, const GlRect& listBounds) const {
  if (listBounds.x != bounds.x || listBounds.y != bounds.y || listBounds.width != bounds.width ||
      listBounds.height != bounds.height)
    return false;
  if (vertices.size() != static_cast<std::size_t>(list.VtxBuffer.Size) ||
      indices.size() != static_cast<std::size_t>(list.IdxBuffer.Size) ||
      commands.size() != static_cast<std::size_t>(list.CmdBuffer.Size))
    return false;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const ImDrawCmd& command = list.CmdBuffer[static_cast<int>(i)];
    if (!(commands[i] == Command{command.ClipRect, command.TextureId, command.VtxOffset, command.IdxOffset,
                                 command.ElemCount}))
      return false;
  }
  return std::memcmp(vertices.data(), list.VtxBuffer.Data, vertices.size() * sizeof(ImDrawVert)) == 0 &&
         std::memcmp(indices.data(), list.IdxBuffer.Data, indices.size() * sizeof(ImDrawIdx)) == 0;
}

void ImGuiLayer::Snapshot::take(const ImDrawList& list, const GlRect& listBounds,
                                std::vector<std::uint64_t>* triangleKeys) {
  vertices.assign(list.VtxBuffer.begin(), list.VtxBuffer.end());
  indices.assign(list.IdxBuffer.begin(), list.IdxBuffer.end());
  commands.clear();
  for (const ImDrawCmd& command : list.CmdBuffer)
    commands.push_back(
        {command.ClipRect, command.TextureId, command.VtxOffset, command.IdxOffset, command.ElemCount});
  if (triangleKeys != nullptr) {
    keys.swap(*triangleKeys);
  } else {
    const Triangles triangles = trianglesOf(list);
    keys.resize(triangles.list.size());
    for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = triangles.key(i);
  }
  bounds = listBounds;
}

void ImGuiLayer::prepare(ImDrawData* data, const GlRect& scene, const std::array<float, 3>& background) {
  // Prepared again before render() (for another scene rectangle): the target already holds what the
  // first time redrew, which the window still needs copied in.
  putBack(prepared_.lifted);
  std::vector<GlRect> redrawnBefore;
  long long redrawnPixelsBefore = 0;
  if (prepared_.mode == Prepared::Mode::Cached) {
    redrawnBefore = std::move(prepared_.stale);
    redrawnPixelsBefore = counts_.redrawnPixels;
  }
  prepared_ = Prepared{};
  prepared_.data = data;
  if (data == nullptr || !data->Valid) return;
  const int width = static_cast<int>(data->DisplaySize.x * data->FramebufferScale.x);
  const int height = static_cast<int>(data->DisplaySize.y * data->FramebufferScale.y);
  if (width <= 0 || height <= 0) return;
  prepared_.width = width;
  prepared_.height = height;
  prepared_.scene = scene;
  counts_ = {};
  counts_.redrawnPixels = redrawnPixelsBefore;
  if (!frameCachesEnabled()) {
    valid_ = false;  // the target would be stale when the cache is switched on again
    snapshots_.clear();
    prepared_.mode = Prepared::Mode::Straight;
    return;
  }

  std::unordered_map<const ImDrawList*, GlRect> windows;
  for (const ImGuiWindow* window : GImGui->Windows)
    if (window->Active)
      windows[window->DrawList] = pixelsOf(window->Rect().Min, window->Rect().Max, *data, height);

  // A list is kept in the target if it stays off the scene and off every list drawn live before it
  // (those are drawn after the copy, so they must not be under a kept one).
  std::vector<Kept>& kept = prepared_.kept;
  for (ImDrawList* list : std::span(data->CmdLists, static_cast<std::size_t>(data->CmdListsCount))) {
    const auto window = windows.find(list);
    const ListInfo info =
        inspect(*list, *data, width, height, window == windows.end() ? nullptr : &window->second);
    if (info.bounds.empty()) continue;
    const bool keep = info.keepable && !intersects(info.bounds, scene) &&
                      std::none_of(prepared_.liveBounds.begin(), prepared_.liveBounds.end(),
                                   [&](const GlRect& other) { return intersects(info.bounds, other); });
    if (keep) {
      kept.push_back({list, info.bounds, Redraw::None});
    } else {
      prepared_.live.push_back(list);
      prepared_.liveBounds.push_back(info.bounds);
    }
  }

  prepared_.fresh = !valid_ || target_.width() != width || target_.height() != height;
  if (prepared_.fresh && !target_.resize(width, height)) {
    snapshots_.clear();
    valid_ = false;
    prepared_.mode = Prepared::Mode::Straight;  // no target: everything as usual
    return;
  }
  liftPictures(kept, *data, height, prepared_.pictures, prepared_.lifted);
  prepared_.stale = planRedraw(kept, prepared_.fresh, *data, height);
  if (!prepared_.stale.empty()) {
    const gl::FramebufferBindings bindings;
    target_.bind();
    glEnable(GL_SCISSOR_TEST);
    glClearColor(background[0], background[1], background[2], 1.0f);
    for (const GlRect& region : prepared_.stale) {
      glScissor(region.x, region.y, region.width, region.height);
      glClear(GL_COLOR_BUFFER_BIT);
      counts_.redrawnPixels += area(region);
    }
    glDisable(GL_SCISSOR_TEST);
    drawStale(*data, kept, prepared_.stale, height);
    glFlush();  // the panels' target is rasterised while the scene is drawn
  }
  prepared_.stale.insert(prepared_.stale.end(), redrawnBefore.begin(), redrawnBefore.end());
  valid_ = true;
  prepared_.mode = Prepared::Mode::Cached;
}

void ImGuiLayer::render(ImDrawData* data, const GlRect& scene, const std::array<float, 3>& background,
                        bool windowHoldsLastFrame) {
  if (prepared_.data != data || !(prepared_.scene == scene) || prepared_.mode == Prepared::Mode::None)
    prepare(data, scene, background);
  const Prepared prepared = std::exchange(prepared_, Prepared{});
  if (prepared.mode == Prepared::Mode::None) return;
  const int width = prepared.width, height = prepared.height;
  const GlRect wholeWindow{0, 0, width, height};
  // Where the window must show the background again before lists are drawn straight over it (only when
  // it was not cleared: it holds the last frame).
  const auto clearOutsideScene = [&] {
    if (!windowHoldsLastFrame) return;
    std::vector<GlRect> outside;
    subtract(wholeWindow, scene, outside);
    glEnable(GL_SCISSOR_TEST);
    glClearColor(background[0], background[1], background[2], 1.0f);
    for (const GlRect& r : outside) {
      glScissor(r.x, r.y, r.width, r.height);
      glClear(GL_COLOR_BUFFER_BIT);
    }
    glDisable(GL_SCISSOR_TEST);
  };
  const std::vector<GlRect> lastLive = std::exchange(lastLive_, {});
  const GlRect lastScene = std::exchange(lastScene_, scene);
  if (prepared.mode == Prepared::Mode::Straight) {
    clearOutsideScene();
    ImGui_ImplOpenGL3_RenderDrawData(data);
    counts_.straight = data->CmdListsCount;
    lastLive_.push_back(wholeWindow);
    lastPictures_.clear();
    return;
  }
  const std::vector<Kept>& kept = prepared.kept;
  const std::vector<GlRect>& liveBounds = prepared.liveBounds;
  std::vector<GlRect> copied;
  std::vector<char> blend(prepared.pictures.size(), windowHoldsLastFrame ? 0 : 1);  // pictures blended in
  if (windowHoldsLastFrame) {
    // The target holds the background with every kept list over it, everywhere off the scene: copying a
    // region of it shows there what a cleared window with the kept lists copied in would show. Regions:
    // what changed in the target, and where lists were or will be drawn straight.
    std::vector<GlRect> changed = prepared.fresh ? std::vector<GlRect>{wholeWindow} : prepared.stale;
    changed.insert(changed.end(), lastLive.begin(), lastLive.end());
    if (lastScene != scene) changed.push_back(lastScene);  // what was scene may now be background
    changed.insert(changed.end(), liveBounds.begin(), liveBounds.end());
    // A picture the window shows already stays, unless something is copied over any of it: then its
    // place is copied whole (the panel under it) and it is blended again, never twice over itself.
    for (std::size_t i = 0; i < prepared.pictures.size(); ++i)
      if (std::find(lastPictures_.begin(), lastPictures_.end(), prepared.pictures[i]) == lastPictures_.end())
        blend[i] = 1;
    std::vector<GlRect> pieces;
    for (bool more = true; more;) {
      copied.clear();
      for (const GlRect& r : changed) subtract(intersection(r, wholeWindow), scene, copied);
      for (std::size_t i = 0; i < blend.size(); ++i)
        if (blend[i]) subtract(prepared.pictures[i].drawn, scene, copied);
      makeDisjoint(copied, 64);
      pieces.clear();  // the union of more than 64 may reach into the scene again
      for (const GlRect& r : copied) subtract(r, scene, pieces);
      more = false;
      for (std::size_t i = 0; i < blend.size(); ++i)
        if (!blend[i] && std::any_of(pieces.begin(), pieces.end(), [&](const GlRect& r) {
              return intersects(r, prepared.pictures[i].drawn);
            }))
          blend[i] = more = true;
    }
    std::vector<gl::CopyRect> rects;
    for (const GlRect& r : pieces) {
      rects.push_back({r, r.x, r.y});
      counts_.copiedPixels += area(r);
    }
    copier_.copy(target_, rects, wholeWindow.width, wholeWindow.height);
  } else {
    std::vector<gl::CopyRect> rects;
    for (const Kept& entry : kept) {
      if (std::any_of(copied.begin(), copied.end(),
                      [&](const GlRect& r) { return contains(r, entry.bounds); }))
        continue;  // a child window inside its parent
      rects.push_back({entry.bounds, entry.bounds.x, entry.bounds.y});
      copied.push_back(entry.bounds);
      counts_.copiedPixels += area(entry.bounds);
    }
    copier_.copy(target_, rects, wholeWindow.width, wholeWindow.height);
  }
  for (std::size_t i = 0; i < blend.size(); ++i) {
    if (!blend[i]) continue;
    const Picture& picture = prepared.pictures[i];
    copier_.blendPicture(static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(picture.texture)),
                         picture.textureWidth, picture.textureHeight, picture.source, picture.drawn.x,
                         picture.drawn.y, wholeWindow.width, wholeWindow.height);
    ++counts_.pictures;
  }
  lastPictures_ = prepared.pictures;
  putBack(prepared.lifted);
  drawLists(*data, prepared.live);
  for (const GlRect& r : liveBounds) lastLive_.push_back(intersection(r, wholeWindow));
  counts_.straight = static_cast<int>(prepared.live.size());
  for (const Kept& entry : kept) {
    if (entry.redraw == Redraw::None) ++counts_.copied;
    if (entry.redraw == Redraw::Partly) ++counts_.partial;
    if (entry.redraw == Redraw::Whole) ++counts_.redrawn;
  }
}

std::vector<GlRect> ImGuiLayer::planRedraw(std::vector<Kept>& kept, bool fresh, const ImDrawData& data,
                                           int height) {
  std::vector<GlRect> stale;
  if (fresh) {
    snapshots_.clear();
    stale.push_back({0, 0, target_.width(), target_.height()});
    for (Kept& entry : kept) entry.redraw = Redraw::Whole;
  } else {
    std::unordered_map<const ImDrawList*, Snapshot> previous;
    previous.swap(snapshots_);
    for (Kept& entry : kept) {
      const auto found = previous.find(entry.list);
      if (found == previous.end()) {
        entry.redraw = Redraw::Whole;
        stale.push_back(entry.bounds);
        continue;
      }
      const Snapshot& before = found->second;
      const GlRect& b = before.bounds;
      if (b.x != entry.bounds.x || b.y != entry.bounds.y || b.width != entry.bounds.width ||
          b.height != entry.bounds.height) {
        entry.redraw = Redraw::Whole;  // moved or resized
        stale.push_back(b);
        stale.push_back(entry.bounds);
      } else if (!before.matches(*entry.list, entry.bounds)) {
        Triangles old(before.vertices.data(), before.indices.data());
        for (const Command& command : before.commands)
          old.addCommand(command.clip, command.texture, command.vertexOffset, command.indexOffset,
                         command.elementCount);
        const Triangles now = trianglesOf(*entry.list);
        std::vector<std::uint64_t> keys(now.list.size());
        for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = now.key(i);
        std::vector<GlRect> changed = changedRects(old, before.keys, now, keys, data, height, entry.bounds);
        makeDisjoint(changed, 64);
        long long changedArea = 0;
        for (const GlRect& r : changed) changedArea += area(r);
        // Most of it changed (a scrolled panel): all of it, in one rectangle.
        if (changedArea * 2 > area(entry.bounds)) changed.assign(1, entry.bounds);
        entry.redraw = Redraw::Partly;
        stale.insert(stale.end(), changed.begin(), changed.end());
        found->second.take(*entry.list, entry.bounds, &keys);
      }
      snapshots_.insert(previous.extract(found));
    }
    for (const auto& [list, snapshot] : previous) stale.push_back(snapshot.bounds);  // gone, or now live
  }
  for (GlRect& r : stale) r = intersection(r, {0, 0, target_.width(), target_.height()});
  makeDisjoint(stale, 64);
  for (const Kept& entry : kept)
    if (entry.redraw == Redraw::Whole) snapshots_[entry.list].take(*entry.list, entry.bounds);
  return stale;
}

void ImGuiLayer::liftPictures(const std::vector<Kept>& kept, const ImDrawData& data, int height,
                              std::vector<Picture>& pictures, std::vector<Lifted>& lifted) {
  if (livePictures().empty()) return;
  for (std::size_t k = 0; k < kept.size(); ++k) {
    ImDrawList& list = *kept[k].list;
    const auto live = [](const ImDrawCmd& command) {
      return command.UserCallback == nullptr && livePictures().contains(command.GetTexID());
    };
    if (std::none_of(list.CmdBuffer.begin(), list.CmdBuffer.end(), live)) continue;
    const Triangles triangles = trianglesOf(list);
    int index = -1;  // the command's index in `triangles` (which skips callbacks)
    for (ImDrawCmd& command : list.CmdBuffer) {
      if (command.UserCallback != nullptr) continue;
      ++index;
      if (!live(command)) continue;
      const PictureSize size = livePictures().at(command.GetTexID());
      const GlRect quad = imageQuad(list, command, size, data, height);
      const GlRect drawn = intersection(intersection(quad, scissorOf(command, data, height)), kept[k].bounds);
      if (drawn.empty()) continue;
      // Blended after the copy, it must lie under nothing of its list drawn after it, nor of a later kept
      // list (lists drawn straight come after it anyway).
      bool covered = false;
      const auto after =
          std::partition_point(triangles.list.begin(), triangles.list.end(),
                               [&](const Triangles::Triangle& t) { return t.command <= index; });
      for (auto t = static_cast<std::size_t>(after - triangles.list.begin());
           t < triangles.list.size() && !covered; ++t)
        covered = intersects(triangles.pixels(t, data, height, kept[k].bounds), drawn);
      for (std::size_t later = k + 1; later < kept.size() && !covered; ++later)
        covered = intersects(kept[later].bounds, drawn);
      if (covered) continue;
      pictures.push_back(
          {command.GetTexID(),
           size.serial,
           size.width,
           size.height,
           drawn,
           {drawn.x - quad.x, quad.y + quad.height - (drawn.y + drawn.height), drawn.width, drawn.height}});
      lifted.push_back({&command, command.ElemCount, command.TextureId});
      command.ElemCount = 0;
      command.TextureId = ImTextureID{};
    }
  }
}

void ImGuiLayer::putBack(const std::vector<Lifted>& lifted) {
  for (const Lifted& entry : lifted) {
    entry.command->ElemCount = entry.elementCount;
    entry.command->TextureId = entry.texture;
  }
}

// For each kept list, in order, its triangles that reach into a stale rectangle, each command clipped to
// the rectangle and to the list's bounds (its window); the lists' commands and indices are swapped for
// these while they are drawn, and put back.
void ImGuiLayer::drawStale(const ImDrawData& data, const std::vector<Kept>& kept,
                           const std::vector<GlRect>& stale, int height) {
  struct Swapped {
    ImDrawList* list = nullptr;
    ImVector<ImDrawCmd> commands;
    ImVector<ImDrawIdx> indices;
  };
  std::vector<Swapped> swapped;
  swapped.reserve(kept.size());
  std::vector<ImDrawList*> lists;
  for (const Kept& entry : kept) {
    if (std::none_of(stale.begin(), stale.end(),
                     [&](const GlRect& r) { return intersects(r, entry.bounds); }))
      continue;
    const Triangles triangles = trianglesOf(*entry.list);
    std::vector<GlRect> reach(triangles.list.size());
    for (std::size_t t = 0; t < reach.size(); ++t) reach[t] = triangles.pixels(t, data, height, entry.bounds);
    Swapped& subset = swapped.emplace_back();  // filled in place: ImVector copies, it does not move
    subset.list = entry.list;
    for (const GlRect& region : stale) {
      const GlRect clipped = intersection(region, entry.bounds);
      if (clipped.empty()) continue;
      const ImVec4 box = imguiRect(clipped, data, height);
      int current = -1;
      for (std::size_t t = 0; t < reach.size(); ++t) {
        if (!intersects(reach[t], clipped)) continue;
        const Triangles::Triangle& triangle = triangles.list[t];
        const auto command = static_cast<std::size_t>(triangle.command);
        if (triangle.command != current || subset.commands.back().VtxOffset != triangle.vertexOffset) {
          const ImVec4& clip = triangles.clips[command];
          ImDrawCmd drawn;
          drawn.ClipRect = ImVec4(std::max(clip.x, box.x), std::max(clip.y, box.y), std::min(clip.z, box.z),
                                  std::min(clip.w, box.w));
          drawn.TextureId = triangles.textures[command];
          drawn.VtxOffset = triangle.vertexOffset;
          drawn.IdxOffset = static_cast<unsigned int>(subset.indices.Size);
          drawn.ElemCount = 0;
          subset.commands.push_back(drawn);
          current = triangle.command;
        }
        for (unsigned int corner = 0; corner < 3; ++corner)
          subset.indices.push_back(triangles.indices[triangle.firstIndex + corner]);
        subset.commands.back().ElemCount += 3;
      }
    }
    if (subset.commands.empty()) {
      swapped.pop_back();
      continue;
    }
    subset.commands.swap(entry.list->CmdBuffer);
    subset.indices.swap(entry.list->IdxBuffer);
    lists.push_back(entry.list);
  }
  drawLists(data, lists);
  for (Swapped& subset : swapped) {
    subset.commands.swap(subset.list->CmdBuffer);
    subset.indices.swap(subset.list->IdxBuffer);
  }
}

void ImGuiLayer::drawLists(const ImDrawData& data, const std::vector<ImDrawList*>& lists) {
  if (lists.empty()) return;
  ImDrawData subset = data;
  subset.CmdLists = const_cast<ImDrawList**>(lists.data());
  subset.CmdListsCount = static_cast<int>(lists.size());
  subset.TotalVtxCount = subset.TotalIdxCount = 0;
  for (const ImDrawList* list : lists) {
    subset.TotalVtxCount += list->VtxBuffer.Size;
    subset.TotalIdxCount += list->IdxBuffer.Size;
  }
  ImGui_ImplOpenGL3_RenderDrawData(&subset);
}

}  // namespace gs
