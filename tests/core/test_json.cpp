// The strict JSON reader/writer: what it accepts, what it refuses and where it says the problem is.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "core/io/json.hpp"

namespace gs {
namespace {

Json parseOk(std::string_view text) {
  auto result = Json::parse(text);
  if (auto* error = std::get_if<std::string>(&result))
    ADD_FAILURE() << "parse failed: " << *error << "\n" << text;
  return std::holds_alternative<Json>(result) ? std::get<Json>(result) : Json();
}

std::string parseError(std::string_view text) {
  auto result = Json::parse(text);
  if (std::holds_alternative<Json>(result)) {
    ADD_FAILURE() << "expected an error for: " << text;
    return {};
  }
  return std::get<std::string>(result);
}

TEST(Json, ReadsEveryKindOfValue) {
  const Json v = parseOk(R"({"a": [1, -2.5e3, true, false, null], "b": {"c": "d"}, "e": ""})");
  ASSERT_TRUE(v.isObject());
  const auto& a = v.find("a")->asArray();
  ASSERT_EQ(a.size(), 5u);
  EXPECT_EQ(a[0].asNumber(), 1.0);
  EXPECT_EQ(a[1].asNumber(), -2500.0);
  EXPECT_TRUE(a[2].asBool());
  EXPECT_FALSE(a[3].asBool());
  EXPECT_TRUE(a[4].isNull());
  EXPECT_EQ(v.find("b")->find("c")->asString(), "d");
  EXPECT_EQ(v.find("e")->asString(), "");
  EXPECT_EQ(v.find("missing"), nullptr);
}

TEST(Json, KeepsMemberOrder) {
  const Json v = parseOk(R"({"z": 1, "a": 2, "m": 3})");
  const auto& members = v.asObject();
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[0].first, "z");
  EXPECT_EQ(members[1].first, "a");
  EXPECT_EQ(members[2].first, "m");
}

TEST(Json, DecodesEscapesAndUnicode) {
  const Json v = parseOk(R"(["a\"b\\c\/d\n\t", "\u00e9\u20ac", "\ud83d\ude00"])");
  EXPECT_EQ(v.asArray()[0].asString(), "a\"b\\c/d\n\t");
  EXPECT_EQ(v.asArray()[1].asString(), "\xC3\xA9\xE2\x82\xAC");  // é €
  EXPECT_EQ(v.asArray()[2].asString(), "\xF0\x9F\x98\x80");      // U+1F600 from a surrogate pair
}

struct BadInput {
  const char* text;
  const char* position;  // "line:column"
  const char* reason;    // part of the message
};

class JsonRefuses : public testing::TestWithParam<BadInput> {};

TEST_P(JsonRefuses, WithLineAndColumn) {
  const BadInput& bad = GetParam();
  const std::string error = parseError(bad.text);
  EXPECT_EQ(error.rfind(std::string(bad.position) + ": ", 0), 0u) << error;
  EXPECT_NE(error.find(bad.reason), std::string::npos) << error;
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, JsonRefuses,
    testing::Values(
        BadInput{"", "1:1", "unexpected end"}, BadInput{"{", "1:2", "end of input"},
        BadInput{"{\"a\": 1,}", "1:9", "trailing comma"}, BadInput{"[1, 2,]", "1:7", "trailing comma"},
        BadInput{"{\"a\" 1}", "1:6", "expected ':'"},
        BadInput{"{\n  \"a\": 1\n  \"b\": 2\n}", "3:3", "expected ','"},
        BadInput{"[01]", "1:3", "expected ','"}, BadInput{"[1.]", "1:2", "malformed number"},
        BadInput{"[.5]", "1:2", "unexpected character"}, BadInput{"[+1]", "1:2", "unexpected character"},
        BadInput{"[NaN]", "1:2", "NaN and Infinity"}, BadInput{"[-Infinity]", "1:2", "NaN and Infinity"},
        BadInput{"[1e999]", "1:2", "out of range"}, BadInput{"[tru]", "1:2", "invalid literal"},
        BadInput{"{\"a\": 1, \"a\": 2}", "1:10", "duplicate key"},
        BadInput{"\"abc", "1:1", "unterminated string"}, BadInput{"\"a\tb\"", "1:3", "control character"},
        BadInput{"\"\\x\"", "1:3", "invalid escape"}, BadInput{"\"\\ud800\"", "1:2", "surrogate"},
        BadInput{"{} {}", "1:4", "unexpected text after"},
        BadInput{"// c\n{}", "1:1", "unexpected character"},
        BadInput{"{1: 2}", "1:2", "expected a quoted key"},
        BadInput{"[\"\xC3\xA9\", x]", "1:7", "unexpected character 'x'"}));

TEST(Json, ColumnsCountCharactersNotBytes) {
  // "é" is two bytes in UTF-8 but one column for the person reading the message.
  EXPECT_EQ(parseError("[\"\xC3\xA9\" x]").rfind("1:6: ", 0), 0u);
}

TEST(Json, RefusesNestingDeeperThanTheLimit) {
  const std::string ok = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_TRUE(parseOk(ok).isArray());
  const std::string deep(100000, '[');  // deep enough to overflow the stack of a naive recursive parser
  EXPECT_NE(parseError(deep).find("nesting deeper than"), std::string::npos);
  const std::string oneTooMany = std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']');
  EXPECT_NE(parseError(oneTooMany).find("nesting deeper than"), std::string::npos);
}

TEST(Json, NumbersRoundTripExactly) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> mantissa(-1.0, 1.0);
  std::uniform_int_distribution<int> exponent(-300, 300);
  Json::Array numbers{
      0.1, 1.0 / 3.0, -2.0, 1e-300, 4.9e-324, std::numeric_limits<double>::max(), 123456789012345678.0};
  for (int i = 0; i < 2000; ++i) numbers.emplace_back(std::ldexp(mantissa(rng), exponent(rng)));
  const Json original(numbers);
  const Json back = parseOk(original.dump());
  ASSERT_EQ(back.asArray().size(), numbers.size());
  for (std::size_t i = 0; i < numbers.size(); ++i)
    EXPECT_EQ(back.asArray()[i].asNumber(), numbers[i].asNumber()) << i;
}

TEST(Json, WritesShortNumbersAndEscapedStrings) {
  Json v;
  v.set("lr", 0.1);
  v.set("steps", 300);
  v.set("text", "say \"hi\"\n\x01");
  const std::string text = v.dump();
  EXPECT_NE(text.find("\"lr\": 0.1,"), std::string::npos) << text;
  EXPECT_NE(text.find("\"steps\": 300,"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("say \"hi\"\n\u0001")"), std::string::npos) << text;
  EXPECT_EQ(parseOk(text).find("text")->asString(), "say \"hi\"\n\x01");
}

TEST(Json, DumpThenParseGivesTheSameTree) {
  const char* text =
      R"({"title": "t", "runs": [{"p": {"lr": 0.001, "nesterov": true}}, {}], "e": [], "n": null})";
  const Json v = parseOk(text);
  const std::string once = v.dump();
  EXPECT_EQ(parseOk(once).dump(), once);
}

TEST(Json, SetReplacesAnExistingMember) {
  Json v;
  v.set("a", 1);
  v.set("b", 2);
  v.set("a", 3);
  ASSERT_EQ(v.asObject().size(), 2u);
  EXPECT_EQ(v.find("a")->asNumber(), 3.0);
}

TEST(Json, AcceptsAByteOrderMarkAndSurroundingWhitespace) {
  EXPECT_EQ(parseOk("\xEF\xBB\xBF \r\n\t{\"a\": 1}\n\n").find("a")->asNumber(), 1.0);
}

}  // namespace
}  // namespace gs

namespace gs {
namespace {

// The duplicate-key check once compared each key with every earlier one: 150 000 keys took 27 s. Now
// hashed; a quadratic check would run this test into ctest's timeout (Google Benchmark measures it,
// tests/bench/bench_parsers.cpp).
TEST(Json, ManyKeysParseAndADuplicateAmongThemIsFound) {
  const int keys = 150'000;
  std::string text = "{";
  for (int i = 0; i < keys; ++i) text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  const Json many = parseOk(text + "}");
  ASSERT_EQ(many.asObject().size(), static_cast<std::size_t>(keys));
  EXPECT_EQ(many.asObject().back().second.asNumber(), keys - 1);
  const std::string error = parseError(text + ",\"k77777\":0}");
  EXPECT_NE(error.find("duplicate key \"k77777\""), std::string::npos) << error;
  // Small objects are checked too, in both regimes (a linear scan below 8 members, hashing above).
  EXPECT_EQ(parseError("{\"a\":1,\"b\":2,\"a\":3}"), "1:14: duplicate key \"a\"");
  EXPECT_NE(parseError("{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9,\"a\":0}")
                .find("duplicate key \"a\""),
            std::string::npos);
}

// Messages quote the file; a control character in a key must reach the terminal escaped.
TEST(Json, ErrorsEscapeControlCharactersTheyQuote) {
  const std::string error = parseError("{\"\\u001b[2J\":1,\"\\u001b[2J\":2}");
  EXPECT_EQ(error.find('\x1b'), std::string::npos) << error;
  EXPECT_NE(error.find("duplicate key \"\\u001b[2J\""), std::string::npos) << error;
  const std::string c1 = parseError(
      "{\"\xc2\x9b"
      "31m\":1,\"\xc2\x9b"
      "31m\":2}");  // U+009B, CSI
  EXPECT_NE(c1.find("\\u009b31m"), std::string::npos) << c1;
  EXPECT_EQ(parseError("\x80"), "1:1: unexpected character '\\x80'");
}

}  // namespace
}  // namespace gs
