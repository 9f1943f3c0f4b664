// A dark theme with high contrast (projectors wash out mid greys) and DejaVu fonts rasterised at the
// final pixel size, so text is crisp at any UI scale rather than a scaled-up bitmap.
#include "style.hpp"

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <string>

namespace gs {
namespace {

ImFont* addFont(const char* fileName, float pixels) {
  const std::string path = std::string(GRADSCAPE_FONT_DIR) + "/" + fileName;
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return nullptr;
  ImFontConfig config;
  config.OversampleH = 3;  // sharper glyph positioning at small sizes
  config.OversampleV = 2;
  config.PixelSnapH = false;
  // Latin-1 plus Greek and a few math symbols the panels use (alpha, beta, nabla, sqrt).
  static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x0370, 0x03FF, 0x2190, 0x21FF, 0x2200, 0x22FF, 0};
  return ImGui::GetIO().Fonts->AddFontFromFileTTF(path.c_str(), pixels, &config, kRanges);
}

bool gLightTheme = false;  // the theme the style was last given (useTheme)

// Dark ink on near-white panels, with saturated widget colours: a washed-out projector keeps the
// contrast of dark lines on a light ground, where mid greys and pale blues vanish.
void applyLightColors(ImGuiStyle& style) {
  ImGui::StyleColorsLight(&style);
  ImVec4* colors = style.Colors;
  colors[ImGuiCol_Text] = ImVec4(0.04f, 0.04f, 0.06f, 1.0f);
  colors[ImGuiCol_TextDisabled] = ImVec4(0.30f, 0.31f, 0.34f, 1.0f);
  colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.96f, 0.98f);
  colors[ImGuiCol_ChildBg] = ImVec4(0.93f, 0.93f, 0.92f, 1.0f);
  colors[ImGuiCol_PopupBg] = ImVec4(0.99f, 0.99f, 0.98f, 0.99f);
  colors[ImGuiCol_Border] = ImVec4(0.35f, 0.36f, 0.40f, 0.9f);
  colors[ImGuiCol_FrameBg] = ImVec4(0.84f, 0.86f, 0.90f, 1.0f);
  colors[ImGuiCol_FrameBgHovered] = ImVec4(0.76f, 0.81f, 0.90f, 1.0f);
  colors[ImGuiCol_FrameBgActive] = ImVec4(0.68f, 0.76f, 0.90f, 1.0f);
  colors[ImGuiCol_TitleBg] = ImVec4(0.80f, 0.82f, 0.86f, 1.0f);
  colors[ImGuiCol_TitleBgActive] = ImVec4(0.70f, 0.77f, 0.89f, 1.0f);
  colors[ImGuiCol_Header] = ImVec4(0.72f, 0.79f, 0.91f, 1.0f);
  colors[ImGuiCol_HeaderHovered] = ImVec4(0.62f, 0.72f, 0.90f, 1.0f);
  colors[ImGuiCol_HeaderActive] = ImVec4(0.52f, 0.65f, 0.88f, 1.0f);
  colors[ImGuiCol_Button] = ImVec4(0.66f, 0.76f, 0.92f, 1.0f);
  colors[ImGuiCol_ButtonHovered] = ImVec4(0.55f, 0.68f, 0.90f, 1.0f);
  colors[ImGuiCol_ButtonActive] = ImVec4(0.40f, 0.56f, 0.86f, 1.0f);
  colors[ImGuiCol_SliderGrab] = ImVec4(0.10f, 0.30f, 0.70f, 1.0f);
  colors[ImGuiCol_SliderGrabActive] = ImVec4(0.05f, 0.22f, 0.60f, 1.0f);
  colors[ImGuiCol_CheckMark] = ImVec4(0.05f, 0.25f, 0.65f, 1.0f);
}

void applyColors(ImGuiStyle& style) {
  if (gLightTheme) {
    applyLightColors(style);
    return;
  }
  ImGui::StyleColorsDark(&style);
  ImVec4* colors = style.Colors;
  colors[ImGuiCol_Text] = ImVec4(0.95f, 0.95f, 0.95f, 1.0f);
  colors[ImGuiCol_TextDisabled] = ImVec4(0.66f, 0.68f, 0.72f, 1.0f);
  colors[ImGuiCol_WindowBg] = ImVec4(0.09f, 0.10f, 0.12f, 0.97f);
  colors[ImGuiCol_ChildBg] = ImVec4(0.07f, 0.08f, 0.10f, 1.0f);
  colors[ImGuiCol_PopupBg] = ImVec4(0.11f, 0.12f, 0.15f, 0.98f);
  colors[ImGuiCol_Border] = ImVec4(0.30f, 0.32f, 0.38f, 0.8f);
  colors[ImGuiCol_FrameBg] = ImVec4(0.18f, 0.20f, 0.25f, 1.0f);
  colors[ImGuiCol_FrameBgHovered] = ImVec4(0.25f, 0.29f, 0.37f, 1.0f);
  colors[ImGuiCol_FrameBgActive] = ImVec4(0.30f, 0.36f, 0.47f, 1.0f);
  colors[ImGuiCol_TitleBg] = ImVec4(0.13f, 0.15f, 0.19f, 1.0f);
  colors[ImGuiCol_TitleBgActive] = ImVec4(0.16f, 0.22f, 0.32f, 1.0f);
  colors[ImGuiCol_Header] = ImVec4(0.20f, 0.27f, 0.38f, 1.0f);
  colors[ImGuiCol_HeaderHovered] = ImVec4(0.26f, 0.36f, 0.52f, 1.0f);
  colors[ImGuiCol_HeaderActive] = ImVec4(0.30f, 0.42f, 0.60f, 1.0f);
  colors[ImGuiCol_Button] = ImVec4(0.20f, 0.30f, 0.45f, 1.0f);
  colors[ImGuiCol_ButtonHovered] = ImVec4(0.27f, 0.40f, 0.60f, 1.0f);
  colors[ImGuiCol_ButtonActive] = ImVec4(0.32f, 0.48f, 0.72f, 1.0f);
  colors[ImGuiCol_SliderGrab] = ImVec4(0.45f, 0.65f, 0.95f, 1.0f);
  colors[ImGuiCol_SliderGrabActive] = ImVec4(0.60f, 0.78f, 1.0f, 1.0f);
  colors[ImGuiCol_CheckMark] = ImVec4(0.55f, 0.80f, 1.0f, 1.0f);
}

}  // namespace

void useTheme(bool light) {
  if (light == gLightTheme) return;
  gLightTheme = light;
  applyColors(ImGui::GetStyle());
}

bool lightTheme() { return gLightTheme; }

const ThemeColors& themeColors() {
  // The light theme's accent and error colours keep a contrast of about 4.5:1 on its near-white panels.
  static const ThemeColors kDark{IM_COL32(215, 215, 220, 255),    IM_COL32(255, 255, 255, 28),
                                 IM_COL32(255, 255, 255, 90),     IM_COL32(0, 0, 0, 90),
                                 ImVec4(1.0f, 0.45f, 0.4f, 1.0f), ImVec4(1.0f, 0.84f, 0.04f, 1.0f)};
  static const ThemeColors kLight{IM_COL32(20, 20, 28, 255),         IM_COL32(0, 0, 0, 40),
                                  IM_COL32(40, 40, 50, 150),         IM_COL32(255, 255, 255, 200),
                                  ImVec4(0.72f, 0.08f, 0.05f, 1.0f), ImVec4(0.55f, 0.33f, 0.0f, 1.0f)};
  return gLightTheme ? kLight : kDark;
}

float fontPixelSize(float uiScale, bool presentation) {
  return 16.0f * std::clamp(uiScale, 0.5f, 4.0f) * (presentation ? 1.5f : 1.0f);
}

// The atlas holds the UI font first and, when DejaVu was found, the monospaced one second.
ImFont* monoFont() {
  const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  return atlas->Fonts.Size > 1 ? atlas->Fonts[1] : nullptr;
}

void applyStyle(float uiScale, bool presentation) {
  buildStyle(uiScale, presentation);
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

void buildStyle(float uiScale, bool presentation) {
  const float pixels = fontPixelSize(uiScale, presentation);
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  if (!addFont("DejaVuSans.ttf", pixels)) {
    ImFontConfig fallback;
    fallback.SizePixels = pixels;
    io.Fonts->AddFontDefault(&fallback);
  } else {
    addFont("DejaVuSansMono.ttf", pixels);
  }
  io.Fonts->Build();

  ImGuiStyle style;
  applyColors(style);
  style.WindowRounding = 0.0f;  // panels tile the window edge to edge
  style.FrameRounding = 3.0f;
  style.GrabRounding = 3.0f;
  style.FramePadding = ImVec2(6.0f, 4.0f);
  style.ItemSpacing = ImVec2(8.0f, 6.0f);
  style.ScaleAllSizes(pixels / 16.0f);
  ImGui::GetStyle() = style;
}

}  // namespace gs
