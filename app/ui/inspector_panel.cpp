// State inspector: per run, where it is and what its optimizer holds, read straight from core's public
// state and the terms of its last update (nothing recomputed except f and the gradient at the point).
#include <imgui.h>

#include <optional>

#include "core/optim/program.hpp"
#include "format.hpp"
#include "panel_common.hpp"
#include "style.hpp"

namespace gs {
namespace {

void nameCell(const char* name, const char* tooltip) {
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  ImGui::TextUnformatted(name);
  if (tooltip && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip);
}

void row(const char* name, const std::string& value, const char* tooltip = nullptr) {
  nameCell(name, tooltip);
  ImGui::TableSetColumnIndex(1);
  ImGui::TextUnformatted(value.c_str());
}

// Vectors get one column per coordinate, so long exponents never push the y value out of sight; where the
// panel is too narrow for that (large UI scales), x and y stack in one cell.
void row(const char* name, const std::optional<Vec2>& value, bool stacked, const char* tooltip = nullptr) {
  nameCell(name, tooltip);
  ImGui::TableSetColumnIndex(1);
  ImGui::TextUnformatted(value ? formatValue(value->x).c_str() : "-");
  if (!value) return;
  if (!stacked) ImGui::TableSetColumnIndex(2);
  ImGui::TextUnformatted(formatValue(value->y).c_str());
}

void drawRunState(const Model& model, std::size_t index) {
  const Run& run = model.runner.run(index);
  const Terms& terms = run.optimizer().terms();
  const ValueGrad here = model.runner.surface().evaluator->valueGrad(run.point());
  const std::string status = statusText(run.status(), run.statusStep());
  ImGui::TextUnformatted(status.c_str());
  ImFont* mono = monoFont();
  if (mono) ImGui::PushFont(mono);
  // The name column is as wide as its longest name, so the numbers get everything else.
  const float padding = ImGui::GetStyle().CellPadding.x * 2.0f;
  const float nameWidth = ImGui::CalcTextSize("second moment").x + padding;
  const float numberWidth = ImGui::CalcTextSize("-0.000e-00").x + padding;
  const bool stacked = ImGui::GetContentRegionAvail().x < nameWidth + 2.0f * numberWidth;
  if (ImGui::BeginTable("values", stacked ? 2 : 3,
                        ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchSame)) {
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, nameWidth);
    ImGui::TableSetupColumn(stacked ? "x / y" : "x");
    if (!stacked) ImGui::TableSetupColumn("y");
    ImGui::TableHeadersRow();
    row("point", run.point(), stacked);
    row("gradient", here.gradient, stacked, "Exact gradient of f at the current point.");
    row("first moment", terms.firstMoment, stacked, "Momentum buffer / m after the last update.");
    row("second moment", terms.secondMoment, stacked, "v / squared-gradient average after the last update.");
    row("effective lr", terms.effectiveLearningRate, stacked,
        "Per-coordinate learning rate of the last step.");
    row("last step", terms.step > 0 ? std::optional<Vec2>(terms.delta) : std::nullopt, stacked,
        "x_t+1 - x_t.");
    // A program's state and named intermediates, under the names the program gives them.
    if (const ProgramRun* program = run.optimizer().programRun()) {
      for (const NamedValue& value : program->state())
        row(value.name.c_str(), std::optional<Vec2>(value.value), stacked,
            "The program's state, after the last step.");
      for (const NamedValue& value : program->intermediates()) {
        constexpr const char* kTooltip = "Named in the program: its value in the last step.";
        if (value.perCoordinate)
          row(value.name.c_str(), std::optional<Vec2>(value.value), stacked, kTooltip);
        else
          row(value.name.c_str(), formatValue(value.value.x), kTooltip);
      }
    }
    row("f", formatValue(here.value));
    row("|gradient|", formatValue(norm(here.gradient)));
    row("step", std::to_string(run.step()));
    row("grad evals", std::to_string(run.counts().gradients),
        "Gradient evaluations so far (line searches use more).");
    ImGui::EndTable();
  }
  if (mono) ImGui::PopFont();
  hintText("Convention: " + run.optimizer().convention());
}

}  // namespace

void drawInspectorPanel(Model& model, UiState& ui, bool* open) {
  (void)ui;
  if (ImGui::Begin("State inspector", open, kPanelFlags)) {
    ImGui::Text("Step %lld", static_cast<long long>(model.runner.currentStep()));
    for (std::size_t i = 0; i < model.runner.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      colorSwatch(model.runner.run(i).look().color);
      const std::string header = model.runner.run(i).label() + "###state";
      if (ImGui::CollapsingHeader(header.c_str(), i < 4 ? ImGuiTreeNodeFlags_DefaultOpen : 0))
        drawRunState(model, i);
      ImGui::PopID();
    }
  }
  ImGui::End();
}

}  // namespace gs
