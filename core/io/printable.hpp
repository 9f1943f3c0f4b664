// Text from a file, made safe to quote in an error message: a message reaches a terminal, and a scene,
// CSV or settings file can hold escape sequences (ESC [ ... moves the cursor, clears the screen, or
// retitles the window) that must be shown, not obeyed.
#pragma once
#include <string>
#include <string_view>

namespace gs {

// `text` with every control character written as a JSON-style escape (ESC as \u001b, a C1 control such
// as U+009B as \u009b) and every byte that is not part of valid UTF-8 as \xNN. Printable text, valid
// UTF-8 beyond ASCII included, is unchanged; so is a message that was already printable.
std::string printable(std::string_view text);

}  // namespace gs
