// ImGui's draw data drawn into the window, with the panels kept in an offscreen copy: one of the two
// frame caches for software rasterisers, which gl/frame_caches.hpp describes and switches off.
//
// The panels cover more than half of a 1920 x 1080 window and mostly hold still while the scene moves
// (an orbiting camera, a playing run). On a software rasteriser drawing their blended pixels every frame
// costs more than the whole scene, so each draw list that lies outside the scene (a panel) is drawn into
// a window-sized target only when its vertices change, and the target is copied into the window each
// frame. A list that changes two frames running (a dragged slider, the plots while runs play) is drawn
// straight into the window until it holds still again: redrawing it in the target and copying it would
// cost three passes over its pixels every frame instead of one. Lists that reach into the scene (tooltips and
// popups over it, the explainer's glyph), that are not a window's, that use another texture than the font
// atlas or that hold callbacks are drawn as usual. The result is the same picture (to a level or two of
// rounding; tests/app/test_imgui_layer.cpp): the target starts from the colour the window was cleared to, and
// the lists keep their order.
#pragma once
#include <imgui.h>

#include <array>
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

class ImGuiLayer {
 public:
  // Draws `data` into the bound framebuffer, the window's. `scene`: where the scene was drawn (GL window
  // coordinates); `background`: the colour the window was cleared to, which lies under the panels.
  // Needs a current context and ImGui's OpenGL3 backend.
  void render(ImDrawData* data, const gl::GlRect& scene, const std::array<float, 3>& background);
  // The font atlas was rebuilt: it may have changed under unchanged vertices.
  void invalidate() { valid_ = false; }
  // How the last render() drew the lists: copied from the target unchanged, drawn into it again, or drawn
  // straight into the window (over the scene, or changing frame after frame).
  struct Counts {
    int copied = 0, redrawn = 0, straight = 0;
  };
  const Counts& lastCounts() const { return counts_; }

 private:
  struct Command {
    ImVec4 clip;
    ImTextureID texture;
    unsigned int vertexOffset, indexOffset, elementCount;
    bool operator==(const Command& other) const;
  };
  // What a list drew when it was last drawn into the target.
  struct Snapshot {
    std::vector<ImDrawVert> vertices;
    std::vector<ImDrawIdx> indices;
    std::vector<Command> commands;
    gl::GlRect bounds;
    bool matches(const ImDrawList& list, const gl::GlRect& listBounds) const;
    void take(const ImDrawList& list, const gl::GlRect& listBounds);
  };
  struct Kept {
    ImDrawList* list;
    gl::GlRect bounds;
    bool redraw;
  };
  // Which kept lists must be drawn into the target again, and the target's regions to clear first.
  std::vector<gl::GlRect> planRedraw(std::vector<Kept>& kept, bool fresh);
  void drawKept(const ImDrawData& data, std::vector<Kept>& kept, int height);
  static void drawLists(const ImDrawData& data, const std::vector<ImDrawList*>& lists);
  void noteChanges(const ImDrawList& list, const gl::GlRect& bounds);

  gl::ColorTarget target_;
  gl::TextureCopier copier_;
  std::unordered_map<const ImDrawList*, Snapshot> snapshots_;  // the lists the target holds
  // The lists that changed in the last frame, drawn straight into the window (not kept) until they
  // hold still for a frame, with what each drew last.
  std::unordered_map<const ImDrawList*, Snapshot> changing_;
  bool valid_ = false;
  Counts counts_;
};

}  // namespace gs
