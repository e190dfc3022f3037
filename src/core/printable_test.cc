#include "core/printable.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

TEST(PrintableTest, PlainTextAndUtf8AreUnchanged) {
  EXPECT_EQ(Printable("user-journey-analytics-events"), "user-journey-analytics-events");
  EXPECT_EQ(Printable("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\x80 a\\b"),
            "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\x80 a\\b");
  EXPECT_EQ(Printable(""), "");
}

TEST(PrintableTest, EscapeAndOscSequencesAreShownNotSent) {
  // CSI (clear screen), OSC 0 (window title) ended by BEL, OSC 8 ended by ST.
  EXPECT_EQ(Printable("a\x1b[2Jb"), "a\\x1b[2Jb");
  EXPECT_EQ(Printable("\x1b]0;pwned\x07"), "\\x1b]0;pwned\\x07");
  EXPECT_EQ(Printable("\x1b]8;;http://x\x1b\\link"), "\\x1b]8;;http://x\\x1b\\link");
}

TEST(PrintableTest, EveryC0ByteDelAndC1CodePointIsEscaped) {
  for (int c = 0; c < 0x20; ++c) {
    std::string out = Printable(std::string(1, static_cast<char>(c)));
    EXPECT_EQ(out.size(), 4u) << c;
    EXPECT_EQ(out.substr(0, 2), "\\x") << c;
  }
  EXPECT_EQ(Printable("\n\t\r"), "\\x0a\\x09\\x0d");
  EXPECT_EQ(Printable("\x7f"), "\\x7f");
  // U+009B (CSI) and U+0085 (NEL) as UTF-8.
  EXPECT_EQ(Printable("\xc2\x9b"
                      "31m"),
            "\\u009b31m");
  EXPECT_EQ(Printable("\xc2\x85"), "\\u0085");
  // U+00A0 is the first code point after C1: printable.
  EXPECT_EQ(Printable("\xc2\xa0"), "\xc2\xa0");
}

TEST(PrintableTest, BytesThatAreNotUtf8AreEscaped) {
  // A raw 0x9b is CSI on an 8-bit terminal; overlong ESC, a lone
  // continuation byte, a surrogate and a truncated sequence.
  EXPECT_EQ(Printable("\x9b"
                      "2J"),
            "\\x9b2J");
  EXPECT_EQ(Printable("\xc0\x9b"), "\\xc0\\x9b");
  EXPECT_EQ(Printable("\x80"), "\\x80");
  EXPECT_EQ(Printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");
  EXPECT_EQ(Printable("ab\xe2\x82"), "ab\\xe2\\x82");
}

TEST(PrintableTest, OutputNeverHoldsAControlByte) {
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  for (int c = 0x80; c < 0xA0; ++c) all += "\xc2" + std::string(1, static_cast<char>(c));
  std::string out = Printable(all);
  for (size_t i = 0; i < out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    EXPECT_FALSE(c < 0x20 || c == 0x7f) << i;
    if (c == 0xc2 && i + 1 < out.size()) {
      unsigned char n = static_cast<unsigned char>(out[i + 1]);
      EXPECT_FALSE(n >= 0x80 && n <= 0x9f) << i;
    }
  }
}

}  // namespace
TEST(PrintableTest, IsValidUtf8TellsWhatJsonCanHold) {
  EXPECT_TRUE(IsValidUtf8("Weihnachten \xc3\xa4 \xe2\x82\xac"));
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_FALSE(IsValidUtf8("x\xffy"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // a surrogate
}

}  // namespace arm
