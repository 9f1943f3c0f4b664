// The frame caches, which exist only for software rasterisers.
//
// On a GPU, drawing the panels and the scene again every frame costs next to nothing. On Mesa's llvmpipe
// (the project's 2-core machine under Xvfb, remote desktops, virtual machines without a GPU) every blended
// pixel is computed by the CPU, and the panels alone cost more than the whole scene. Two caches keep
// pictures that hold still in offscreen targets and copy them instead of drawing them again:
//   - ImGuiLayer (gl/imgui_layer.hpp): each panel's draw list, redrawn only where its triangles change;
//   - PictureCache (render/picture_cache.hpp): the heatmap and the 2D view, redrawn only when their
//     inputs change.
// Where the window's back buffer survives a swap (Window::keepsBackBuffer: Mesa's software rasterisers),
// both also leave in the window what did not change since the last frame, instead of copying it in again.
// Both give the same picture as drawing directly (tests/app/test_imgui_layer.cpp), at the price of an
// offscreen target the size of the window. Switch them off (to compare, to rule them out when something
// looks stale, or on a GPU where the copy is pure overhead) with the Display panel's "Frame caches" box or
// by starting gradscape with GRADSCAPE_FRAME_CACHES=0 in the environment.
#pragma once

namespace gs {

// On unless GRADSCAPE_FRAME_CACHES=0 (read once, on first use) or switched off since.
bool frameCachesEnabled();
void setFrameCachesEnabled(bool enabled);

}  // namespace gs
