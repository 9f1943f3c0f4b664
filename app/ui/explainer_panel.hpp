// The step-by-step explainer: sub-step `ui.explainSubStep` of the selected run's last update, its formula
// with the live numbers (its glyph is drawn on both views by render/explainer_glyphs).
#pragma once
#include "model.hpp"
#include "ui/panels.hpp"

namespace gs {

// The explainer section of the Teach panel.
void drawExplainerSection(Model& model, UiState& ui);
// Navigation over the selected run's sub-steps. Next past the last sub-step steps the runner (pausing
// playback) and starts again at sub-step 0; Previous stops at 0.
int explainerSubStepCount(const Model& model, const UiState& ui);
void explainerPrevious(Model& model, UiState& ui);
void explainerNext(Model& model, UiState& ui);
// Keeps selectedRun and explainSubStep in range (and resets the sub-step when the run has stepped).
void syncExplainer(const Model& model, UiState& ui);

}  // namespace gs
