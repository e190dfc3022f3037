#pragma once
// Text from outside (resource names, AWS strings, error messages) made safe
// to print on a terminal: a name holding ESC or an OSC sequence must show as
// text, never act on the terminal (retitle it, hide lines, move the cursor).
#include <string>
#include <string_view>

namespace arm {

// `text` with every control character escaped: C0 (newline and tab too) and
// DEL as \xHH, C1 (U+0080..U+009F) as \u00HH, and bytes that are not valid
// UTF-8 as \xHH. Everything else, other UTF-8 included, is unchanged. For
// text output only: JSON output keeps the exact strings (the JSON encoder
// escapes control characters itself).
std::string Printable(std::string_view text);

// True when `text` is valid UTF-8 (what a JSON document can hold).
bool IsValidUtf8(std::string_view text);

}  // namespace arm
