# Turns a data file into a .cc defining `std::string_view arm::FUNCTION()`.
# Usage: cmake -DIN=data/prices.json -DOUT=gen.cc -DFUNCTION=EmbeddedPricesJson -P embed_file.cmake
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x..,){16})" "\\1\n    " bytes "${bytes}")
file(WRITE "${OUT}.tmp"
"// Generated from ${IN} by cmake/embed_file.cmake. Do not edit.
#include <string_view>

namespace arm {
namespace {
const unsigned char kData[] = {
    ${bytes}0x00};
}  // namespace

std::string_view ${FUNCTION}() { return std::string_view(reinterpret_cast<const char*>(kData), ${size}); }

}  // namespace arm
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
