// State of the export panel (PNG, GIF recording, CSV/JSON, CSV import), kept in UiState.
#pragma once
#include <string>

namespace gs {

struct ExportState {
  std::string message;  // last result or error, shown in the panel
  bool messageIsError = false;
};

}  // namespace gs
