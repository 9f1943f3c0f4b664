// gradscape's window (app.cpp), opened with the options of its command line (cli/app_options.hpp).
#pragma once
#include "cli/app_options.hpp"

namespace gs {

// Opens the window on the scene (or the default one) and runs it until closed; returns the exit status.
int runApp(const cli::AppOptions& options);

}  // namespace gs
