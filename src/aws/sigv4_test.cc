#include "aws/sigv4.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "core/clock.h"
#include "tests/testing/testing.h"

namespace arm::sigv4 {
namespace {

namespace fs = std::filesystem;

std::string VectorDir() { return arm::testing::SourceDir() + "/tests/data/sigv4"; }

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Parses the suite's request.txt: request line, "Name:value" lines (a line
// starting with whitespace continues the previous value), blank line, body.
HttpRequest ParseRequestFile(const std::string& text) {
  HttpRequest req;
  req.headers.clear();
  size_t pos = 0;
  auto next_line = [&](std::string* line) {
    if (pos > text.size()) return false;
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    *line = text.substr(pos, nl - pos);
    pos = nl + 1;
    return true;
  };
  std::string line;
  next_line(&line);
  size_t sp = line.find(' ');
  size_t http = line.rfind(" HTTP/");
  req.method = line.substr(0, sp);
  std::string target = line.substr(sp + 1, http - sp - 1);
  size_t q = target.find('?');
  req.path = target.substr(0, q);
  req.query = q == std::string::npos ? "" : target.substr(q + 1);
  while (next_line(&line) && !line.empty()) {
    if (line[0] == ' ' || line[0] == '\t') {
      req.headers.back().second += " " + line;
      continue;
    }
    size_t colon = line.find(':');
    req.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  if (pos < text.size()) req.body = text.substr(pos);
  if (const std::string* host = req.Header("Host")) req.host = *host;
  return req;
}

struct VectorCase {
  std::string name;
  nlohmann::json context;
  fs::path dir;
};

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(VectorDir())) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class SigV4VectorTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = fs::path(VectorDir()) / GetParam();
    ctx_ = nlohmann::json::parse(ReadFile(dir_ / "context.json"));
    params_.access_key_id = ctx_["credentials"]["access_key_id"];
    params_.secret_access_key = ctx_["credentials"]["secret_access_key"];
    params_.region = ctx_["region"];
    params_.service = ctx_["service"];
    ASSERT_TRUE(ParseIso8601(ctx_["timestamp"], &params_.time));
    params_.normalize_path = ctx_["normalize"];
    // sign_body = the signed x-amz-content-sha256 header, which our API ties
    // to s3_style. Only the path "/" is used with it, so the S3 path rules
    // (no normalising, no second encoding) make no difference there.
    params_.s3_style = ctx_["sign_body"];
  }
  std::string Expected(const std::string& file) { return ReadFile(dir_ / file); }

  fs::path dir_;
  nlohmann::json ctx_;
  SigningParams params_;
};

TEST_P(SigV4VectorTest, HeaderForm) {
  HttpRequest req = ParseRequestFile(Expected("request.txt"));
  const auto& creds = ctx_["credentials"];
  bool omit_token = ctx_.value("omit_session_token", false);
  if (creds.contains("token") && !omit_token) params_.session_token = creds["token"];

  SignRequest(req, params_);
  std::string signed_headers;
  std::string canonical = CanonicalRequest(req, params_, &signed_headers);
  EXPECT_EQ(canonical, Expected("header-canonical-request.txt"));
  std::string sts = StringToSign(canonical, params_);
  EXPECT_EQ(sts, Expected("header-string-to-sign.txt"));
  EXPECT_EQ(Signature(sts, params_), Expected("header-signature.txt"));

  std::string signed_request = Expected("header-signed-request.txt");
  size_t at = signed_request.find("\nAuthorization:");
  ASSERT_NE(at, std::string::npos);
  std::string expected_auth =
      signed_request.substr(at + 15, signed_request.find('\n', at + 1) - at - 15);
  ASSERT_NE(req.Header("Authorization"), nullptr);
  EXPECT_EQ(*req.Header("Authorization"), expected_auth);
  ASSERT_NE(req.Header("X-Amz-Date"), nullptr);
  EXPECT_EQ(*req.Header("X-Amz-Date"), "20150830T123600Z");
  EXPECT_EQ(req.Header("X-Amz-Security-Token") != nullptr, !params_.session_token.empty());
}

// The presigned form: the X-Amz-* parameters are already in the query (taken
// from query-signed-request.txt minus X-Amz-Signature), no X-Amz-Date header.
TEST_P(SigV4VectorTest, QueryForm) {
  HttpRequest req = ParseRequestFile(Expected("query-signed-request.txt"));
  // omit_session_token: the token was added to the query after signing.
  bool omit_token = ctx_.value("omit_session_token", false);
  std::string query;
  std::stringstream parts(req.query);
  for (std::string part; std::getline(parts, part, '&');) {
    if (part.rfind("X-Amz-Signature=", 0) == 0) continue;
    if (omit_token && part.rfind("X-Amz-Security-Token=", 0) == 0) continue;
    query += (query.empty() ? "" : "&") + part;
  }
  req.query = query;
  params_.s3_style = false;  // the query form carries the body hash without the header

  std::string canonical = CanonicalRequest(req, params_, nullptr);
  EXPECT_EQ(canonical, Expected("query-canonical-request.txt"));
  std::string sts = StringToSign(canonical, params_);
  EXPECT_EQ(sts, Expected("query-string-to-sign.txt"));
  EXPECT_EQ(Signature(sts, params_), Expected("query-signature.txt"));
}

INSTANTIATE_TEST_SUITE_P(Aws, SigV4VectorTest, ::testing::ValuesIn(CaseNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(SigV4VectorSuiteTest, AllThirtyEightCasesPresent) { EXPECT_EQ(CaseNames().size(), 38u); }

SigningParams S3Params() {
  SigningParams p;
  p.access_key_id = "AKIAIOSFODNN7EXAMPLE";
  p.secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  p.region = "us-east-1";
  p.service = "s3";
  p.time = std::chrono::system_clock::from_time_t(1369353600);  // 2013-05-24T00:00:00Z
  p.s3_style = true;
  p.normalize_path = false;
  return p;
}

// The "GET Object" example of the S3 SigV4 documentation
// (sig-v4-header-based-auth.html), signature as published there.
TEST(SigV4S3Test, DocumentationGetObjectExample) {
  HttpRequest req;
  req.method = "GET";
  req.host = "examplebucket.s3.amazonaws.com";
  req.path = "/test.txt";
  req.headers = {{"Range", "bytes=0-9"}};
  SignRequest(req, S3Params());
  ASSERT_NE(req.Header("x-amz-content-sha256"), nullptr);
  EXPECT_EQ(*req.Header("x-amz-content-sha256"),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(*req.Header("Authorization"),
            "AWS4-HMAC-SHA256 "
            "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature="
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4S3Test, PathIsNeitherNormalisedNorEncodedTwice) {
  HttpRequest req;
  req.host = "bucket.s3.amazonaws.com";
  req.path = "/a%20b//./c%2Bd/../e";
  req.SetHeader("X-Amz-Date", "20130524T000000Z");
  std::string canonical = CanonicalRequest(req, S3Params(), nullptr);
  EXPECT_EQ(canonical.substr(0, canonical.find('\n', 4)), "GET\n/a%20b//./c%2Bd/../e");

  SigningParams other = S3Params();
  other.s3_style = false;
  other.normalize_path = true;
  canonical = CanonicalRequest(req, other, nullptr);
  EXPECT_EQ(canonical.substr(0, canonical.find('\n', 4)), "GET\n/a%2520b/e");
}

TEST(SigV4S3Test, ContentSha256IsSignedAndKeptWhenPreset) {
  HttpRequest req;
  req.method = "PUT";
  req.host = "bucket.s3.amazonaws.com";
  req.path = "/key";
  req.body = "hello";
  SignRequest(req, S3Params());
  EXPECT_EQ(*req.Header("x-amz-content-sha256"), Sha256Hex("hello"));
  EXPECT_NE(
      req.Header("Authorization")->find("SignedHeaders=host;x-amz-content-sha256;x-amz-date,"),
      std::string::npos);

  HttpRequest unsigned_payload = req;
  unsigned_payload.SetHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
  SignRequest(unsigned_payload, S3Params());
  std::string canonical = CanonicalRequest(unsigned_payload, S3Params(), nullptr);
  EXPECT_EQ(canonical.substr(canonical.rfind('\n') + 1), "UNSIGNED-PAYLOAD");
}

// Signing keys are cached per thread by secret, day, region and service: a
// key derived for other parameters must never be reused, and the documented
// answer must come out after any of them.
TEST(SigV4Test, SigningKeyCacheKeepsSecretsDaysRegionsAndServicesApart) {
  const std::string sts =
      "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\nabc";
  const SigningParams base = S3Params();
  const std::string expected = Signature(sts, base);
  std::vector<SigningParams> others(4, base);
  others[0].secret_access_key += "x";
  others[1].time += std::chrono::hours(24);
  others[2].region = "eu-west-1";
  others[3].service = "kinesis";
  for (const SigningParams& other : others) {
    EXPECT_NE(Signature(sts, other), expected);
    EXPECT_EQ(Signature(sts, base), expected);
  }
  // Many other keys (more than the cache holds), then the first again.
  for (int i = 0; i < 40; ++i) {
    SigningParams p = base;
    p.region = "region-" + std::to_string(i);
    EXPECT_NE(Signature(sts, p), expected);
  }
  EXPECT_EQ(Signature(sts, base), expected);
  HttpRequest req;
  req.method = "GET";
  req.host = "examplebucket.s3.amazonaws.com";
  req.path = "/test.txt";
  req.headers = {{"Range", "bytes=0-9"}};
  SignRequest(req, base);
  EXPECT_NE(req.Header("Authorization")
                ->find("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
            std::string::npos);
}

TEST(SigV4Test, SignRequestSignsHostFromRequestAndSkipsUserAgent) {
  HttpRequest req;
  req.method = "POST";
  req.host = "127.0.0.1:4566";
  req.headers = {{"User-Agent", "aws-resource-manager/0.1.0"},
                 {"Content-Type", "application/x-amz-json-1.1"}};
  SigningParams p = S3Params();
  p.s3_style = false;
  p.normalize_path = true;
  p.service = "kinesis";
  p.session_token = "token";
  SignRequest(req, p);
  std::string signed_headers;
  std::string canonical = CanonicalRequest(req, p, &signed_headers);
  EXPECT_EQ(signed_headers, "content-type;host;x-amz-date;x-amz-security-token");
  EXPECT_NE(canonical.find("\nhost:127.0.0.1:4566\n"), std::string::npos);
  EXPECT_EQ(req.Header("Host"),
            nullptr);  // the transport sends it from the URL
}

TEST(SigV4Test, ParseAuthorizationRoundTrip) {
  HttpRequest req;
  req.host = "kinesis.eu-west-1.amazonaws.com";
  req.headers = {{"X-Amz-Target", "Kinesis_20131202.ListStreams"}};
  SigningParams p = S3Params();
  p.s3_style = false;
  p.region = "eu-west-1";
  p.service = "kinesis";
  SignRequest(req, p);

  auto parsed = ParseAuthorization(*req.Header("Authorization"));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->access_key_id, "AKIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(parsed->date, "20130524");
  EXPECT_EQ(parsed->region, "eu-west-1");
  EXPECT_EQ(parsed->service, "kinesis");
  EXPECT_EQ(parsed->signed_headers, "host;x-amz-date;x-amz-target");
  EXPECT_EQ(parsed->signature.size(), 64u);
  // A verifier recomputes the same signature from the received request.
  EXPECT_EQ(parsed->signature, Signature(StringToSign(CanonicalRequest(req, p, nullptr), p), p));
}

TEST(SigV4Test, ParseAuthorizationRejectsMalformedValues) {
  EXPECT_FALSE(ParseAuthorization("").ok());
  EXPECT_FALSE(ParseAuthorization("AWS AKID:sig").ok());
  EXPECT_FALSE(
      ParseAuthorization("AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/svc/aws4_request, "
                         "SignedHeaders=host")
          .ok());
  EXPECT_FALSE(ParseAuthorization("AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/aws4_request, "
                                  "SignedHeaders=host, Signature=ab")
                   .ok());
  auto ok = ParseAuthorization(
      "AWS4-HMAC-SHA256 "
      "Credential=AK/20150830/us-east-1/svc/"
      "aws4_request,SignedHeaders=host,Signature=ab");
  EXPECT_TRUE(ok.ok());
}

TEST(SigV4Test, HashPrimitives) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // RFC 4231 test case 2.
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace
}  // namespace arm::sigv4
