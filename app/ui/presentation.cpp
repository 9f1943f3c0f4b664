// Presentation mode: panels hidden, fonts enlarged (applyStyle scales them), and the scene's title and
// explanation in a translucent box at the top left of the plot.
#include "ui/presentation.hpp"

#include <imgui.h>

#include <algorithm>

#include "panel_common.hpp"

namespace gs {

void togglePresentation(UiState& ui) {
  ui.presentation = !ui.presentation;
  ui.fontsDirty = true;  // applyStyle rebuilds the atlas at the presentation size before the next frame
}

void drawPresentationOverlay(const UiState& ui, const Rect& views) {
  if (views.width < 50.0f || views.height < 50.0f) return;
  ImDrawList* list = ImGui::GetForegroundDrawList();
  ImFont* font = ImGui::GetFont();
  const float fontSize = ImGui::GetFontSize();
  const float pad = fontSize * 0.8f;
  // Top left, leaving the top-right corner to the scene's legend (at most a third of the width; the
  // legend hides itself where it does not fit).
  const float legendRoom = std::min(views.width / 3.0f, fontSize * 22.0f);
  const float boxWidth = std::max(std::min(views.width - 3.0f * pad - legendRoom, fontSize * 48.0f),
                                  std::min(views.width - 2.0f * pad, fontSize * 16.0f));
  const float wrap = boxWidth - 2.0f * pad;
  const float left = views.x + pad;
  const float top = views.y + pad;
  const std::string title = ui.sceneTitle.empty() ? std::string("gradscape") : ui.sceneTitle;
  const float titleSize = fontSize * 1.35f;
  const ImVec2 titleExtent = font->CalcTextSizeA(titleSize, wrap, wrap, title.c_str());
  ImVec2 bodyExtent(0, 0);
  if (!ui.sceneExplanation.empty())
    bodyExtent = font->CalcTextSizeA(fontSize, wrap, wrap, ui.sceneExplanation.c_str());
  const float gap = ui.sceneExplanation.empty() ? 0.0f : fontSize * 0.5f;
  const float boxHeight = std::min(pad + titleExtent.y + gap + bodyExtent.y + pad, views.height - 2.0f * pad);
  const ImVec2 lo(left, top), hi(left + boxWidth, top + boxHeight);
  list->PushClipRect(lo, hi, true);
  list->AddRectFilled(lo, hi, IM_COL32(10, 12, 16, 200), fontSize * 0.4f);
  list->AddRect(lo, hi, IM_COL32(255, 255, 255, 60), fontSize * 0.4f);
  list->AddText(font, titleSize, ImVec2(left + pad, top + pad), IM_COL32(255, 255, 255, 255), title.c_str(),
                nullptr, wrap);
  if (!ui.sceneExplanation.empty())
    list->AddText(font, fontSize, ImVec2(left + pad, top + pad + titleExtent.y + gap),
                  IM_COL32(225, 228, 235, 255), ui.sceneExplanation.c_str(), nullptr, wrap);
  list->PopClipRect();
  const char* hint = "P: leave presentation";
  const ImVec2 hintSize = ImGui::CalcTextSize(hint);
  list->AddText(ImVec2(views.x + views.width - hintSize.x - pad, views.y + views.height - hintSize.y - pad),
                IM_COL32(255, 255, 255, 110), hint);
}

}  // namespace gs
