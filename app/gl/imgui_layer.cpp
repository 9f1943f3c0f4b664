#include "gl/imgui_layer.hpp"

#include <backends/imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <span>
#include <unordered_set>

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
GlRect vertexBounds(const ImDrawList& list, const ImDrawCmd& command, const ImDrawData& data, int height) {
  ImVec2 low(1e30f, 1e30f), high(-1e30f, -1e30f);
  for (unsigned int k = 0; k < command.ElemCount; ++k) {
    const unsigned int index = command.VtxOffset + list.IdxBuffer[static_cast<int>(command.IdxOffset + k)];
    const ImVec2 p = list.VtxBuffer[static_cast<int>(index)].pos;
    low = ImVec2(std::min(low.x, p.x), std::min(low.y, p.y));
    high = ImVec2(std::max(high.x, p.x), std::max(high.y, p.y));
  }
  const ImVec2 a = framebufferPoint(low, data), b = framebufferPoint(high, data);
  const auto floorOf = [](float v) { return static_cast<int>(std::floor(std::clamp(v, -1e8f, 1e8f))); };
  const auto ceilOf = [](float v) { return static_cast<int>(std::ceil(std::clamp(v, -1e8f, 1e8f))); };
  return {floorOf(a.x), height - ceilOf(b.y), ceilOf(b.x) - floorOf(a.x), ceilOf(b.y) - floorOf(a.y)};
}

// The scissor rectangle ImGui's OpenGL3 backend sets for `command`, computed the same way; empty if it
// draws nothing.
GlRect scissorOf(const ImDrawCmd& command, const ImDrawData& data, int height) {
  const ImVec2 low = framebufferPoint(ImVec2(command.ClipRect.x, command.ClipRect.y), data);
  const ImVec2 high = framebufferPoint(ImVec2(command.ClipRect.z, command.ClipRect.w), data);
  if (high.x <= low.x || high.y <= low.y) return {};
  return {static_cast<int>(low.x), static_cast<int>(static_cast<float>(height) - high.y),
          static_cast<int>(high.x - low.x), static_cast<int>(high.y - low.y)};
}

std::unordered_set<ImTextureID>& stableTextures() {
  static std::unordered_set<ImTextureID> textures;
  return textures;
}

struct ListInfo {
  GlRect bounds;  // every pixel the list can touch; empty: it draws nothing
  bool keepable = true;
};

// The pixels a list can touch: for each command, its scissor rectangle cut down to the box around its
// vertices (a window's frame is drawn with the whole screen as clip rectangle) and, for a window's list,
// to the window. Only windows' lists are kept: their frames' anti-aliased edges fade out to nothing at
// the window's edge, so the list is drawn clipped to it and neighbouring panels share no pixel.
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
    if (window != nullptr) touched = intersection(touched, *window);
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

void ImGuiLayer::Snapshot::take(const ImDrawList& list, const GlRect& listBounds) {
  vertices.assign(list.VtxBuffer.begin(), list.VtxBuffer.end());
  indices.assign(list.IdxBuffer.begin(), list.IdxBuffer.end());
  commands.clear();
  for (const ImDrawCmd& command : list.CmdBuffer)
    commands.push_back(
        {command.ClipRect, command.TextureId, command.VtxOffset, command.IdxOffset, command.ElemCount});
  bounds = listBounds;
}

void ImGuiLayer::render(ImDrawData* data, const GlRect& scene, const std::array<float, 3>& background) {
  if (data == nullptr || !data->Valid) return;
  const int width = static_cast<int>(data->DisplaySize.x * data->FramebufferScale.x);
  const int height = static_cast<int>(data->DisplaySize.y * data->FramebufferScale.y);
  if (width <= 0 || height <= 0) return;
  if (!frameCachesEnabled()) {
    valid_ = false;  // the target would be stale when the cache is switched on again
    snapshots_.clear();
    ImGui_ImplOpenGL3_RenderDrawData(data);
    counts_ = {0, 0, data->CmdListsCount};
    return;
  }

  std::unordered_map<const ImDrawList*, GlRect> windows;
  for (const ImGuiWindow* window : GImGui->Windows)
    if (window->Active)
      windows[window->DrawList] = pixelsOf(window->Rect().Min, window->Rect().Max, *data, height);

  // A list is kept in the target if it stays off the scene and off every list drawn live before it
  // (those are drawn after the copy, so they must not be under a kept one).
  std::vector<Kept> kept;
  std::vector<ImDrawList*> live;
  std::vector<GlRect> liveBounds;
  for (ImDrawList* list : std::span(data->CmdLists, static_cast<std::size_t>(data->CmdListsCount))) {
    const auto window = windows.find(list);
    const ListInfo info =
        inspect(*list, *data, width, height, window == windows.end() ? nullptr : &window->second);
    if (info.bounds.empty()) continue;
    // A list that changed in the last frame is likely to change again (a slider being dragged, the
    // plots of a playing run): drawn straight, it costs one pass over its pixels instead of three
    // (clearing its part of the target, drawing it there, copying it out).
    const bool changing = info.keepable && changing_.contains(list);
    if (changing) noteChanges(*list, info.bounds);
    const bool keep = info.keepable && !changing && !intersects(info.bounds, scene) &&
                      std::none_of(liveBounds.begin(), liveBounds.end(),
                                   [&](const GlRect& other) { return intersects(info.bounds, other); });
    if (keep) {
      kept.push_back({list, info.bounds, false});
    } else {
      live.push_back(list);
      liveBounds.push_back(info.bounds);
    }
  }

  // Lists seen changing that this frame does not hold are forgotten.
  std::erase_if(changing_, [&](const auto& entry) {
    return std::find(data->CmdLists, data->CmdLists + data->CmdListsCount, entry.first) ==
           data->CmdLists + data->CmdListsCount;
  });
  const bool fresh = !valid_ || target_.width() != width || target_.height() != height;
  if (fresh && !target_.resize(width, height)) {
    snapshots_.clear();
    valid_ = false;
    ImGui_ImplOpenGL3_RenderDrawData(data);  // no target: everything as usual
    return;
  }
  const std::vector<GlRect> stale = planRedraw(kept, fresh);
  if (!stale.empty()) {
    const gl::FramebufferBindings bindings;
    target_.bind();
    glEnable(GL_SCISSOR_TEST);
    glClearColor(background[0], background[1], background[2], 1.0f);
    for (const GlRect& region : stale) {
      glScissor(region.x, region.y, region.width, region.height);
      glClear(GL_COLOR_BUFFER_BIT);
    }
    glDisable(GL_SCISSOR_TEST);
    drawKept(*data, kept, height);
  }
  valid_ = true;

  std::vector<GlRect> copied;
  for (const Kept& entry : kept) {
    if (std::any_of(copied.begin(), copied.end(), [&](const GlRect& r) { return contains(r, entry.bounds); }))
      continue;  // a child window inside its parent
    copier_.copy(target_, entry.bounds, entry.bounds.x, entry.bounds.y);
    copied.push_back(entry.bounds);
  }
  drawLists(*data, live);
  counts_ = {0, 0, static_cast<int>(live.size())};
  for (const Kept& entry : kept) ++(entry.redraw ? counts_.redrawn : counts_.copied);
}

std::vector<GlRect> ImGuiLayer::planRedraw(std::vector<Kept>& kept, bool fresh) {
  std::vector<GlRect> stale;
  if (fresh) {
    snapshots_.clear();
    stale.push_back({0, 0, target_.width(), target_.height()});
    for (Kept& entry : kept) entry.redraw = true;
  } else {
    std::unordered_map<const ImDrawList*, Snapshot> previous;
    previous.swap(snapshots_);
    for (Kept& entry : kept) {
      const auto found = previous.find(entry.list);
      if (found == previous.end()) {
        entry.redraw = true;
        stale.push_back(entry.bounds);
        continue;
      }
      if (!found->second.matches(*entry.list, entry.bounds)) {
        entry.redraw = true;
        changing_[entry.list].take(*entry.list, entry.bounds);
        stale.push_back(found->second.bounds);
        stale.push_back(entry.bounds);
      }
      snapshots_.insert(previous.extract(found));
    }
    for (const auto& [list, snapshot] : previous) stale.push_back(snapshot.bounds);  // gone, or now live
    // Lists that share pixels with a region drawn again are drawn again too, in their order.
    for (bool grew = true; grew;) {
      grew = false;
      for (Kept& entry : kept) {
        if (entry.redraw) continue;
        if (std::any_of(stale.begin(), stale.end(),
                        [&](const GlRect& r) { return intersects(r, entry.bounds); })) {
          entry.redraw = true;
          stale.push_back(entry.bounds);
          grew = true;
        }
      }
    }
  }
  for (const Kept& entry : kept)
    if (entry.redraw) snapshots_[entry.list].take(*entry.list, entry.bounds);
  return stale;
}

// A list drawn straight because it changed in the last frame: while it keeps changing it stays drawn
// straight; the first frame it holds still, it goes back to the target (drawn there once, then copied).
void ImGuiLayer::noteChanges(const ImDrawList& list, const GlRect& bounds) {
  Snapshot& last = changing_[&list];
  if (last.matches(list, bounds)) {
    changing_.erase(&list);
    return;
  }
  last.take(list, bounds);
}

// The kept lists marked for redrawing, each clipped to its bounds (its window): their clip rectangles are
// narrowed for the backend and put back afterwards.
void ImGuiLayer::drawKept(const ImDrawData& data, std::vector<Kept>& kept, int height) {
  std::vector<ImDrawList*> lists;
  std::vector<ImVec4> saved;
  const ImVec2 offset = data.DisplayPos, scale = data.FramebufferScale;
  for (Kept& entry : kept) {
    if (!entry.redraw) continue;
    lists.push_back(entry.list);
    // Whole pixels back in ImGui's coordinates, which the backend's scissor maps back exactly.
    const ImVec4 bounds(
        static_cast<float>(entry.bounds.x) / scale.x + offset.x,
        static_cast<float>(height - entry.bounds.y - entry.bounds.height) / scale.y + offset.y,
        static_cast<float>(entry.bounds.x + entry.bounds.width) / scale.x + offset.x,
        static_cast<float>(height - entry.bounds.y) / scale.y + offset.y);
    for (ImDrawCmd& command : entry.list->CmdBuffer) {
      saved.push_back(command.ClipRect);
      command.ClipRect =
          ImVec4(std::max(command.ClipRect.x, bounds.x), std::max(command.ClipRect.y, bounds.y),
                 std::min(command.ClipRect.z, bounds.z), std::min(command.ClipRect.w, bounds.w));
    }
  }
  drawLists(data, lists);
  auto next = saved.begin();
  for (ImDrawList* list : lists)
    for (ImDrawCmd& command : list->CmdBuffer) command.ClipRect = *next++;
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
