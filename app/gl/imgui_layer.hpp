// ImGui's draw data drawn into the window, with the panels kept in an offscreen copy: one of the two
// frame caches for software rasterisers, which gl/frame_caches.hpp describes and switches off.
//
// The panels cover more than half of a 1920 x 1080 window and mostly hold still while the scene moves
// (an orbiting camera, a playing run). On a software rasteriser drawing their blended pixels every frame
// costs more than the whole scene, so each draw list that lies outside the scene (a panel) is drawn into
// a window-sized target, and the target is copied into the window each frame. When a list changes (a
// dragged slider, the inspector's numbers, the plots while runs play), only the triangles that changed are
// found (those added, removed or drawn in another order, compared with what the target holds), and only
// the rectangles they cover are cleared and drawn again, with every kept list's triangles that reach into
// them, in order. On llvmpipe a panel costs about a microsecond per triangle, most of them text, so a
// slider row redrawn instead of its whole panel is most of that panel's cost saved. Lists that reach into
// the scene (tooltips and popups over it, the explainer's glyph), that are not a window's, that use
// another texture than the font atlas or a stable one, or that hold callbacks are drawn as usual; a live
// picture (a plot's curves, see registerLivePicture) is blended into the window after the copy. The
// result is the same picture (to a level or two of rounding; tests/app/test_imgui_layer.cpp): the target
// starts from the colour the window was cleared to, and the lists and their triangles keep their order.
// The target always holds the window's background with every kept list over it, so where the window keeps
// its last frame (Mesa's software rasteriser keeps its back buffer through a swap) only the target's
// regions that changed, and those under lists drawn straight then or now, are copied in, not every panel.
#pragma once
#include <imgui.h>

#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "gl/color_target.hpp"

namespace gs {

// Textures whose texels never change while they keep their id: a new picture comes under a new id (as
// render/curve_image.hpp's CurveTexture does). A list that draws only the font and such textures can be
// kept and copied like any other; one that draws any other texture is drawn every frame, since its
// texture may change under it. Register a texture when it is made, forget it before it is deleted (GL
// reuses ids).
void registerStableTexture(ImTextureID texture);
void forgetStableTexture(ImTextureID texture);

// Stable textures that hold a picture meant to be shown one texel per pixel, whose id changes with every
// new picture, as often as every frame (the plots' curves while a slider is dragged). Where a kept list
// draws one as an image (an untinted quad of the texture's size at whole pixels) and nothing of its own
// or a later kept list lies over it, the layer keeps the list without it and blends it into the window
// after the copy, where the window does not show it yet: a new picture then redraws nothing of its panel
// in the target (on llvmpipe the panel's ground, frame and lines under the plots were drawn again every
// frame a slider was dragged, about 100 000 blended pixels for three plots). `width` x `height`: its size
// in texels. Register it again whenever its texels change (each registration is a new picture).
void registerLivePicture(ImTextureID texture, int width, int height);
void forgetLivePicture(ImTextureID texture);

class ImGuiLayer {
 public:
  // Draws `data` into the bound framebuffer, the window's. `scene`: where the scene was drawn (GL window
  // coordinates); `background`: the colour the window was cleared to, which lies under the panels.
  // `windowHoldsLastFrame`: the window still holds, outside `scene`, what the last render() left there
  // (its back buffer survives a swap, see Window::keepsBackBuffer, and only the scene was drawn since);
  // then only what changed since is copied in (or cleared), not every panel. Otherwise the window must
  // have been cleared to `background`. Needs a current context and ImGui's OpenGL3 backend.
  void render(ImDrawData* data, const gl::GlRect& scene, const std::array<float, 3>& background,
              bool windowHoldsLastFrame = false);
  // The first half of render(), which it does itself when not called before it with the same data and
  // scene: which lists changed, and those redrawn into the panels' target (offscreen). Called before the
  // scene is drawn, llvmpipe rasterises them before the scene's draws instead of after, and render() then
  // copies them into the window without waiting for the scene.
  void prepare(ImDrawData* data, const gl::GlRect& scene, const std::array<float, 3>& background);
  // The font atlas was rebuilt: it may have changed under unchanged vertices.
  void invalidate() { valid_ = false; }
  // How the last render() drew the lists: copied from the target unchanged, drawn into it again whole,
  // drawn into it again only where they changed, or drawn straight into the window (over the scene);
  // and how many of the target's pixels were cleared and drawn again; and how many of the window's
  // pixels were copied from the target.
  struct Counts {
    int copied = 0, redrawn = 0, straight = 0, partial = 0, pictures = 0;  // pictures: blended in
    long long redrawnPixels = 0, copiedPixels = 0;
  };
  const Counts& lastCounts() const { return counts_; }
  // Where the last render() drew lists straight into the window (GL window coordinates), over the scene
  // among others.
  const std::vector<gl::GlRect>& lastLive() const { return lastLive_; }

 private:
  struct Command {
    ImVec4 clip;
    ImTextureID texture;
    unsigned int vertexOffset, indexOffset, elementCount;
    bool operator==(const Command& other) const;
  };
  // What a list drew when it was last drawn into the target, with a key per triangle (its vertices, its
  // texture and its clip rectangle) to find what changed.
  struct Snapshot {
    std::vector<ImDrawVert> vertices;
    std::vector<ImDrawIdx> indices;
    std::vector<Command> commands;
    std::vector<std::uint64_t> keys;  // one per triangle, in drawing order
    gl::GlRect bounds;
    bool matches(const ImDrawList& list, const gl::GlRect& listBounds) const;
    // `triangleKeys`: the list's keys when they are known (taken, not copied).
    void take(const ImDrawList& list, const gl::GlRect& listBounds,
              std::vector<std::uint64_t>* triangleKeys = nullptr);
  };
  enum class Redraw { None, Partly, Whole };
  struct Kept {
    ImDrawList* list;
    gl::GlRect bounds;
    Redraw redraw;
  };
  // Which kept lists changed, and the target's regions to clear and draw again (disjoint).
  std::vector<gl::GlRect> planRedraw(std::vector<Kept>& kept, bool fresh, const ImDrawData& data, int height);
  // Every kept list's triangles that reach into `stale`, drawn into the bound target clipped to it.
  void drawStale(const ImDrawData& data, const std::vector<Kept>& kept, const std::vector<gl::GlRect>& stale,
                 int height);
  static void drawLists(const ImDrawData& data, const std::vector<ImDrawList*>& lists);

  // A live picture (see registerLivePicture) blended into the window instead of kept in the target.
  struct Picture {
    ImTextureID texture;
    std::uint64_t serial;  // its registration: the window shows it already if the last frame's had it
    int textureWidth, textureHeight;
    gl::GlRect drawn;   // the window's pixels it covers (GL coordinates), clipped as its command is
    gl::GlRect source;  // its texels there, rows counted from the picture's top
    bool operator==(const Picture&) const = default;
  };
  // A command taken out of its list while the layer draws (its triangles drawn as a Picture instead).
  struct Lifted {
    ImDrawCmd* command;
    unsigned int elementCount;
    ImTextureID texture;
  };
  // The kept lists' live pictures that can be blended into the window: each taken out of its list (no
  // triangles, no texture, so that a new picture does not change the list) until putBack().
  static void liftPictures(const std::vector<Kept>& kept, const ImDrawData& data, int height,
                           std::vector<Picture>& pictures, std::vector<Lifted>& lifted);
  static void putBack(const std::vector<Lifted>& lifted);

  // What prepare() found, for render().
  struct Prepared {
    enum class Mode { None, Straight, Cached } mode = Mode::None;  // Straight: no target, draw as ImGui does
    ImDrawData* data = nullptr;
    gl::GlRect scene;
    int width = 0, height = 0;
    std::vector<Kept> kept;
    std::vector<ImDrawList*> live;
    std::vector<gl::GlRect> liveBounds;
    std::vector<gl::GlRect> stale;
    std::vector<Picture> pictures;
    std::vector<Lifted> lifted;
    bool fresh = false;
  };
  Prepared prepared_;
  gl::ColorTarget target_;
  gl::TextureCopier copier_;
  std::unordered_map<const ImDrawList*, Snapshot> snapshots_;  // the lists the target holds
  std::vector<gl::GlRect> lastLive_;   // where the last render() drew lists straight into the window
  std::vector<Picture> lastPictures_;  // the live pictures the window shows since the last render()
  gl::GlRect lastScene_;               // and where the scene was then
  bool valid_ = false;
  Counts counts_;
};

}  // namespace gs
