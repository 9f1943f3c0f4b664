// The step-by-step explainer: sub-step `ui.explainSubStep` of the selected run's last update, its formula
// with the live numbers (its glyph is drawn on both views by render/explainer_glyphs).
#pragma once
#include "model.hpp"
#include "ui/panels.hpp"

namespace gs {

// Panel: the Teach panel's section, every control first. Presentation: what the audience reads first
// (navigation, the run, the sub-step's title, sentence and formula), the other controls folded under it.
enum class ExplainerLayout { Panel, Presentation };
// The explainer section of the Teach panel, or of presentation mode's window.
void drawExplainerSection(Model& model, UiState& ui, ExplainerLayout layout = ExplainerLayout::Panel);
// Navigation over the selected run's sub-steps. Next past the last sub-step steps the runner (pausing
// playback) and starts again at sub-step 0; Previous stops at 0.
int explainerSubStepCount(const Model& model, const UiState& ui);
void explainerPrevious(Model& model, UiState& ui);
void explainerNext(Model& model, UiState& ui);
// Keeps selectedRun and explainSubStep in range (and resets the sub-step when the run has stepped).
void syncExplainer(const Model& model, UiState& ui);

}  // namespace gs
