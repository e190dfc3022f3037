#include "core/redact.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

// What AWS's InvalidSignatureException says: the canonical request, with
// the session token, and the client's Authorization header.
constexpr char kCanonicalEcho[] =
    "The request signature we calculated does not match the signature you "
    "provided.\n\nThe Canonical String for this request should have been\n"
    "'POST\n/\n\ncontent-type:application/x-amz-json-1.1\n"
    "host:kinesis.us-east-1.amazonaws.com\nx-amz-date:20150830T123600Z\n"
    "x-amz-security-token:FwoGZXIvYXdzEBEaDEXAMPLETOKEN+/=\n\n"
    "content-type;host;x-amz-date;x-amz-security-token\n"
    "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'\n"
    "Authorization: AWS4-HMAC-SHA256 "
    "Credential=ASIAEXAMPLE/20150830/us-east-1/kinesis/aws4_request, "
    "SignedHeaders=content-type;host, "
    "Signature="
    "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";

TEST(RedactTest, SigningValuesAndTokensAreRedactedWhereverTheyAre) {
  std::string out = RedactSecrets(kCanonicalEcho);
  for (const char* leaked : {"FwoGZXIvYXdzEBEaDEXAMPLETOKEN", "ASIAEXAMPLE/20150830",
                             "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"})
    EXPECT_EQ(out.find(leaked), std::string::npos) << leaked << "\n" << out;
  EXPECT_NE(out.find("x-amz-security-token:[redacted]"), std::string::npos) << out;
  EXPECT_NE(out.find("Credential=[redacted],"), std::string::npos) << out;
  EXPECT_NE(out.find("Signature=[redacted]"), std::string::npos) << out;
  // Prose around them is kept.
  EXPECT_NE(out.find("The request signature we calculated does not match"), std::string::npos);
  EXPECT_NE(out.find("host:kinesis.us-east-1.amazonaws.com"), std::string::npos);
}

TEST(RedactTest, QueryStringAndCredentialDocumentsAreRedacted) {
  std::string out = RedactSecrets(
      "GET /?X-Amz-Credential=AKID%2F2015&X-Amz-Security-Token=tok%2Babc"
      "&X-Amz-Signature=abc123 "
      R"({"AccessKeyId":"ASIAX","SecretAccessKey":"json-secret-key","Token":"json-token"})"
      " <SecretAccessKey>xml-secret-key</SecretAccessKey>"
      "<SessionToken>xml-session-token</SessionToken>");
  for (const char* leaked : {"AKID%2F2015", "tok%2Babc", "abc123", "json-secret-key", "json-token",
                             "xml-secret-key", "xml-session-token"})
    EXPECT_EQ(out.find(leaked), std::string::npos) << leaked << "\n" << out;
  EXPECT_NE(out.find("ASIAX"), std::string::npos) << "a key id is no secret";
}

TEST(RedactTest, RememberedSecretsAreRedactedEvenWithoutAMarker) {
  RememberSecret("remembered-secret-6b2f0e");
  RememberSecret("short");  // too short to redact safely: ignored
  std::string out = RedactSecrets(
      "key remembered-secret-6b2f0e is wrong (remembered-secret-6b2f0e), "
      "short words stay");
  EXPECT_EQ(out, "key [redacted] is wrong ([redacted]), short words stay");
}

// A hostile server echoes the request it received: the token as the client
// encoded it, with no marker before it.
TEST(RedactTest, RememberedSecretsAreRedactedInTheirEncodedForms) {
  RememberSecret("FQoGZXIvYXdzE+abc/def==ENCODEDTOKEN7c1");
  for (const char* form : {
           "FQoGZXIvYXdzE%2Babc%2Fdef%3D%3DENCODEDTOKEN7c1",  // SigV4 URI
           "FQoGZXIvYXdzE%2babc%2fdef%3d%3dENCODEDTOKEN7c1",  // lower hex
           "FQoGZXIvYXdzE%2Babc/def%3D%3DENCODEDTOKEN7c1",    // path: / kept
           "FQoGZXIvYXdzE+abc\\/def==ENCODEDTOKEN7c1",        // JSON \/
       }) {
    std::string out = RedactSecrets(std::string("echo: ") + form + " end");
    EXPECT_EQ(out, "echo: [redacted] end") << form;
  }
}

TEST(RedactTest, ASpaceInASecretIsRedactedAsPercent20AndAsPlus) {
  RememberSecret("secret with spaces/9d2e");
  EXPECT_EQ(RedactSecrets("a=secret%20with%20spaces%2F9d2e b"), "a=[redacted] b");
  EXPECT_EQ(RedactSecrets("a=secret+with+spaces%2f9d2e b"), "a=[redacted] b");
  EXPECT_EQ(RedactSecrets("a=secret+with+spaces/9d2e b"), "a=[redacted] b");
}

TEST(RedactTest, ServerTextIsOneLineWithoutControlsAndCapped) {
  EXPECT_EQ(ServerText("a\nb\r\n\tc\x1b[2Jd\x7f"
                       "e\xc2\x9b"
                       "f"),
            "a b c [2Jd e f");
  std::string long_text(2000, 'x');
  std::string capped = ServerText(long_text);
  EXPECT_EQ(capped.size(), kServerTextMaxBytes + 3);
  EXPECT_EQ(capped.substr(kServerTextMaxBytes), "...");
  // Cut on a character boundary: "é" is two bytes.
  std::string accents;
  for (int i = 0; i < 400; ++i) accents += "\xc3\xa9";
  std::string cut = ServerText(accents);
  EXPECT_EQ((cut.size() - 3) % 2, 0u);
  EXPECT_LE(cut.size(), kServerTextMaxBytes + 3);
  std::string line = ServerText(kCanonicalEcho);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.find("FwoGZXIvYXdzEBEaDEXAMPLETOKEN"), std::string::npos);
}

}  // namespace
}  // namespace arm
