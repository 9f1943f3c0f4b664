// Fonts and style: DejaVu Sans from Debian's fonts-dejavu-core, rasterised at the UI scale so text stays
// crisp on a projector.
#pragma once

#include <imgui.h>

struct ImFont;

namespace gs {

// (Re)builds ImGui's font atlas and style for `uiScale`; call between frames (before NewFrame).
// Uploads the new font texture through the OpenGL3 backend.
void applyStyle(float uiScale, bool presentation);
// The same without the upload: builds the atlas on the CPU and sets the style (used by UI tests, which
// measure the real fonts without a GL context).
void buildStyle(float uiScale, bool presentation);
// DejaVu Sans Mono at the same size, for columns of numbers; nullptr before applyStyle or if missing.
ImFont* monoFont();
// Sets the colours for the dark theme or the light one (projectors); cheap when nothing changed, so the
// UI calls it every frame with the display options' theme. Later (re)builds keep the theme.
void useTheme(bool light);
// Whether the light theme is in use (the last useTheme).
bool lightTheme();
// Colours drawn by hand (plots, overlays, error and accent text) that read on either theme's panels.
struct ThemeColors {
  ImU32 ink;         // text and lines on a panel
  ImU32 grid;        // faint grid lines
  ImU32 frame;       // a plot's outline
  ImU32 plotGround;  // under a plot's lines
  ImVec4 error;      // an error message
  ImVec4 accent;     // the explainer's sub-step title (yellow on dark, dark amber on light)
};
const ThemeColors& themeColors();
// The font's pixel size for a UI scale (16 px at scale 1, larger in presentation mode).
float fontPixelSize(float uiScale, bool presentation);

}  // namespace gs
