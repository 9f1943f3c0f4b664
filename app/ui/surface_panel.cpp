// Surface panel: the catalog with each surface's lesson, parameters of parametric and data surfaces, the
// custom-formula box (errors inline, the current surface stays) and the domain.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>

#include "field_table.hpp"
#include "panel_common.hpp"
#include "style.hpp"

namespace gs {
namespace {

constexpr double kConditionRange[2] = {1.0, 1000.0};
constexpr double kRotationRange[2] = {-90.0, 90.0};

void fillCatalog(UiState& ui) {
  if (!ui.surfaceCatalog.empty()) return;
  for (const std::string& name : surfaceNames())
    if (auto surface = makeSurface(name))
      ui.surfaceCatalog.push_back({name, surface->title, surface->lesson});
}

void loadCatalogSurface(Model& model, UiState& ui, const std::string& name) {
  if (const auto error = surfaceParamsError(model.surfaceParams)) {
    ui.surfaceError = *error;
    return;
  }
  auto surface = makeSurface(name, model.surfaceParams);
  if (!surface) {
    ui.surfaceError = "surface '" + name + "' could not be built with these parameters";
    return;
  }
  ui.surfaceError.clear();
  setSurface(model, std::move(*surface));
}

void drawCatalog(Model& model, UiState& ui) {
  fillCatalog(ui);
  const Surface& current = model.runner.surface();
  const std::string preview = current.custom ? "custom formula" : current.title;
  ImGui::SetNextItemWidth(-1.0f);
  if (ImGui::BeginCombo("##surface", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
    for (const UiState::SurfaceEntry& entry : ui.surfaceCatalog) {
      if (ImGui::Selectable(entry.title.c_str(), !current.custom && entry.name == current.name))
        loadCatalogSurface(model, ui, entry.name);
      if (ImGui::IsItemHovered() && !entry.lesson.empty()) ImGui::SetTooltip("%s", entry.lesson.c_str());
    }
    ImGui::EndCombo();
  }
  if (!current.lesson.empty()) hintText(current.lesson);
}

void drawSurfaceParameters(Model& model, UiState& ui) {
  const Surface& current = model.runner.surface();
  SurfaceParams& params = model.surfaceParams;
  bool changed = false;
  if (current.name == "quadratic" && !current.custom) {
    // Aimed sliders, as the optimizers' (the value in a box beside the track, never under the handle).
    changed |= aimedSlider("condition", params.conditionNumber, kConditionRange[0], kConditionRange[1], true,
                           "%.3g");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Ratio of the Hessian's eigenvalues: how narrow the ravine is.");
    changed |= aimedSlider("rotation", params.rotationDegrees, kRotationRange[0], kRotationRange[1], false,
                           "%.0f deg");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Angle of the principal axes to the coordinate axes.");
  }
  if (current.evaluator && current.evaluator->dataSize() > 0) {
    changed |= ImGui::InputScalar("data seed", ImGuiDataType_U64, &params.dataSeed);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Seed of the generated data set.");
    changed |= ImGui::SliderInt("examples N", &params.dataSize, kMinDataSize, kMaxDataSize, "%d",
                                ImGuiSliderFlags_Logarithmic);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Number of examples the loss averages over.");
  }
  params.conditionNumber = std::clamp(params.conditionNumber, kConditionRange[0], kConditionRange[1]);
  params.rotationDegrees = std::clamp(params.rotationDegrees, kRotationRange[0], kRotationRange[1]);
  params.dataSize = std::clamp(params.dataSize, kMinDataSize, kMaxDataSize);
  if (changed) loadCatalogSurface(model, ui, current.name);
}

// The formula with a caret under the offending column, so the error is found at a glance.
void drawFormulaError(const UiState& ui) {
  errorText(ui.formulaError);
  if (ui.formulaErrorColumn <= 0) return;
  const std::string& text = ui.formulaText;
  const auto column = std::min<std::size_t>(static_cast<std::size_t>(ui.formulaErrorColumn - 1), text.size());
  const float x = ImGui::GetCursorPosX();
  ImGui::TextUnformatted(text.c_str());
  const float offset = ImGui::CalcTextSize(text.c_str(), text.c_str() + column).x;
  ImGui::SetCursorPosX(x + offset);
  ImGui::PushStyleColor(ImGuiCol_Text, themeColors().error);
  ImGui::TextUnformatted("^");
  ImGui::PopStyleColor();
}

void applyFormula(Model& model, UiState& ui) {
  const Surface& current = model.runner.surface();
  const Domain domain = current.custom ? current.domain : Domain{-3, 3, -3, 3};
  const Vec2 start = current.custom ? current.start : Vec2{-2.0, 2.0};
  CustomSurfaceResult result = makeCustomSurface(ui.formulaText, domain, start);
  if (!result.surface) {
    // Column 0: the formula parses but cannot be used (not finite anywhere in the domain); no caret.
    ui.formulaError = result.error.column > 0
                          ? "column " + std::to_string(result.error.column) + ": " + result.error.message
                          : result.error.message;
    ui.formulaErrorColumn = result.error.column;
    return;
  }
  ui.formulaError.clear();
  ui.formulaErrorColumn = 0;
  setSurface(model, std::move(*result.surface));
}

void drawFormulaBox(Model& model, UiState& ui) {
  ImGui::TextUnformatted("Custom formula f(x, y)");
  helpMarker(
      "Numbers, x, y, pi, e, + - * / ^ (or **), parentheses and sin cos tan exp log sqrt abs tanh sinh "
      "cosh atan asin acos min max pow. Press Enter to use it.");
  if (ui.formulaText.empty() && model.runner.surface().custom)
    ui.formulaText = model.runner.surface().formula;
  ImGui::SetNextItemWidth(-1.0f);
  if (ImGui::InputTextWithHint("##formula", "e.g. x^2 + 10*y^2", &ui.formulaText,
                               ImGuiInputTextFlags_EnterReturnsTrue))
    applyFormula(model, ui);
  if (!ui.formulaError.empty()) drawFormulaError(ui);
}

bool validDomain(const Domain& d) {
  return std::isfinite(d.xMin) && std::isfinite(d.xMax) && std::isfinite(d.yMin) && std::isfinite(d.yMax) &&
         d.xMin < d.xMax && d.yMin < d.yMax;
}

void applyDomain(Model& model, UiState& ui) {
  const Domain& d = ui.domainEdit;
  if (!validDomain(d)) {
    ui.surfaceError = "domain: each minimum must be finite and below its maximum";
    return;
  }
  // A domain where f is nowhere finite would leave nothing to explore: refused, the surface stays.
  if (auto error = nowhereFiniteError(*model.runner.surface().evaluator, d)) {
    ui.surfaceError = "domain: " + *error;
    return;
  }
  ui.surfaceError.clear();
  Surface surface = model.runner.surface();
  surface.domain = d;
  // Keep the start inside the new domain, or the runs would begin off the map.
  surface.start = {std::clamp(surface.start.x, d.xMin, d.xMax), std::clamp(surface.start.y, d.yMin, d.yMax)};
  setSurface(model, std::move(surface));
}

void drawDomain(Model& model, UiState& ui) {
  if (ui.domainEditVersion != model.surfaceVersion) {
    ui.domainEdit = model.runner.surface().domain;
    ui.domainEditVersion = model.surfaceVersion;
  }
  if (!ImGui::TreeNode("Domain")) return;
  double xs[2] = {ui.domainEdit.xMin, ui.domainEdit.xMax}, ys[2] = {ui.domainEdit.yMin, ui.domainEdit.yMax};
  // Applied with the button only: half-typed bounds ("-" on the way to "-10") must not rebuild the surface.
  ImGui::InputScalarN("x range", ImGuiDataType_Double, xs, 2, nullptr, nullptr, "%.4g");
  ImGui::InputScalarN("y range", ImGuiDataType_Double, ys, 2, nullptr, nullptr, "%.4g");
  ui.domainEdit = {xs[0], xs[1], ys[0], ys[1]};
  if (ImGui::Button("Apply domain")) applyDomain(model, ui);
  ImGui::SameLine();
  if (ImGui::Button("Reset")) ui.domainEditVersion = UINT64_MAX;  // recopied from the surface next frame
  ImGui::TreePop();
}

}  // namespace

void drawSurfacePanel(Model& model, UiState& ui, bool* open) {
  if (ImGui::Begin("Surface", open, kPanelFlags)) {
    ImGui::PushItemWidth(-ImGui::GetFontSize() * 6.0f);
    drawCatalog(model, ui);
    drawSurfaceParameters(model, ui);
    if (!ui.surfaceError.empty()) errorText(ui.surfaceError);
    ImGui::Separator();
    drawFormulaBox(model, ui);
    drawDomain(model, ui);
    ImGui::PopItemWidth();
  }
  ImGui::End();
}

}  // namespace gs
