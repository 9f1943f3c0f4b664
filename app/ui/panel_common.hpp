// What every panel shares: the flat list of panels, window flags, small widgets.
#pragma once
#include <imgui.h>

#include <string>

#include "ui/panel_list.hpp"

namespace gs {

// Panels sit at fixed places laid out by drawUi (never overlapping the views or each other).
inline constexpr ImGuiWindowFlags kPanelFlags =
    ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;

inline ImU32 toImColor(const Color& c, float alpha = 1.0f) {
  return ImGui::ColorConvertFloat4ToU32(ImVec4(c[0], c[1], c[2], alpha));
}

// A filled square in the run's colour, inline with the text that follows.
void colorSwatch(const Color& color);
// A "(?)" marker whose tooltip explains something.
// SameLine() when an item `width` pixels wide still fits on the current line; else the next item wraps.
void sameLineIfFits(float width);
void helpMarker(const char* text);
// Text wrapped at the window's edge, at spaces only, so that no number is cut in two (see wrapAtSpaces).
void textWrappedAtSpaces(const std::string& text);
// `text` broken at spaces into lines at most `width` wide in the current font, joined by line breaks.
std::string wrappedAtSpaces(const std::string& text, float width);
// Dimmed, wrapped explanatory text.
void hintText(const std::string& text);
// Red error text.
void errorText(const std::string& text);

}  // namespace gs
