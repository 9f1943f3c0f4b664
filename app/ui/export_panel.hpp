// The export panel: PNG of the plot area or the window, GIF recording, CSV/JSON of every run, CSV import.
#pragma once
#include "model.hpp"
#include "ui/panels.hpp"

namespace gs {

void drawExportPanel(Model& model, UiState& ui, bool* open);

}  // namespace gs
