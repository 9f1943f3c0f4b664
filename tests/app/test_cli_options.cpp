// The window's command line and what every command shares (CLI11 underneath, gradscape's words on top).
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "cli/app_options.hpp"
#include "cli/arguments.hpp"
#include "cli/commands.hpp"

namespace gs::cli {
namespace {

struct Parsed {
  std::optional<int> status;
  AppOptions options;
  std::string out, err;
};

Parsed parse(const Args& args) {
  Parsed parsed;
  std::ostringstream out, err;
  parsed.status = parseAppOptions(args, parsed.options, out, err);
  parsed.out = out.str();
  parsed.err = err.str();
  return parsed;
}

TEST(AppOptions, EveryWindowOptionIsReadInBothSpellings) {
  const Parsed p = parse({"scene.json", "--size", "1280x720", "--presentation", "--steps=250", "--screenshot",
                          "out.png", "--frames", "7", "--explain=2:5"});
  ASSERT_EQ(p.status, std::nullopt) << p.err;
  EXPECT_EQ(p.options.scenePath, "scene.json");
  EXPECT_EQ(p.options.width, 1280);
  EXPECT_EQ(p.options.height, 720);
  EXPECT_TRUE(p.options.presentation);
  EXPECT_EQ(p.options.steps, 250);
  EXPECT_EQ(p.options.screenshotPath, "out.png");
  EXPECT_EQ(p.options.frames, 7);
  EXPECT_EQ(p.options.explainRun, 2);
  EXPECT_EQ(p.options.explainSubStep, 5);
  EXPECT_TRUE(p.out.empty());
  EXPECT_TRUE(p.err.empty());

  const Parsed none = parse({});
  ASSERT_EQ(none.status, std::nullopt);
  EXPECT_TRUE(none.options.scenePath.empty());
  EXPECT_EQ(none.options.width, 0);  // from the settings
  EXPECT_FALSE(none.options.presentation);
  EXPECT_EQ(none.options.explainRun, 0);  // the explainer as the settings left it
}

TEST(AppOptions, HelpAndVersionPrintAndExitZero) {
  for (const char* ask : {"--help", "-h"}) {
    const Parsed p = parse({"scene.json", ask});
    EXPECT_EQ(p.status, 0) << ask;
    EXPECT_TRUE(p.err.empty()) << ask;
    EXPECT_NE(p.out.find("usage: gradscape"), std::string::npos) << p.out;
    for (const char* option :
         {"--size", "--presentation", "--steps", "--explain", "--screenshot", "--frames", "--version"})
      EXPECT_NE(p.out.find(option), std::string::npos) << option;
  }
  const Parsed version = parse({"--version"});
  EXPECT_EQ(version.status, 0);
  EXPECT_EQ(version.out, std::string("gradscape ") + GRADSCAPE_VERSION + "\n");
  EXPECT_EQ(versionLine(), std::string("gradscape ") + GRADSCAPE_VERSION);
}

struct BadInput {
  Args args;
  std::string mentions;
};

class AppOptionsBadInput : public testing::TestWithParam<BadInput> {};

TEST_P(AppOptionsBadInput, OneLineNamingTheArgumentAndExitTwo) {
  const Parsed p = parse(GetParam().args);
  EXPECT_EQ(p.status, 2);
  EXPECT_TRUE(p.out.empty());
  ASSERT_FALSE(p.err.empty());
  EXPECT_EQ(p.err.find('\n'), p.err.size() - 1) << p.err;  // exactly one line
  EXPECT_EQ(p.err.rfind("gradscape: ", 0), 0u) << p.err;
  EXPECT_NE(p.err.find(GetParam().mentions), std::string::npos) << p.err;
}

INSTANTIATE_TEST_SUITE_P(
    Table, AppOptionsBadInput,
    testing::Values(BadInput{{"--bogus"}, "'--bogus'"}, BadInput{{"--bogus=1"}, "'--bogus'"},
                    BadInput{{"a.json", "b.json"}, "'b.json'"}, BadInput{{"--size"}, "--size needs a value"},
                    BadInput{{"--size", "63x100"}, "'63x100'"}, BadInput{{"--size", "800"}, "'800'"},
                    BadInput{{"--size", "800x600x"}, "'800x600x'"}, BadInput{{"--steps", "-1"}, "'-1'"},
                    BadInput{{"--steps", "10000001"}, "'10000001'"}, BadInput{{"--steps", "1e3"}, "'1e3'"},
                    BadInput{{"--frames", "0"}, "--frames"}, BadInput{{"--screenshot"}, "--screenshot"},
                    BadInput{{"--screenshot", ""}, "--screenshot"},
                    BadInput{{"--presentation=yes"}, "--presentation takes no value"},
                    BadInput{{"--explain", "3"}, "'3'"}, BadInput{{"--explain", "0:2"}, "'0:2'"},
                    BadInput{{"--explain", "1:x"}, "'1:x'"}));

TEST(Arguments, SizesAndWholeNumbersAreExact) {
  int width = 0, height = 0;
  EXPECT_TRUE(parseSize("640x480", 1, 8192, width, height));
  EXPECT_EQ(width, 640);
  EXPECT_EQ(height, 480);
  EXPECT_TRUE(parseSize("64X64", 64, 100, width, height));
  for (const char* bad :
       {"", "x", "640x", "x480", "640*480", "+640x480", "640x480 ", "0x1", "8193x1", "1x-1"})
    EXPECT_FALSE(parseSize(bad, 1, 8192, width, height)) << bad;
  long long value = 0;
  EXPECT_TRUE(parseWhole("0", 0, 5, value));
  EXPECT_FALSE(parseWhole("6", 0, 5, value));
  EXPECT_FALSE(parseWhole(" 1", 0, 5, value));
  EXPECT_FALSE(parseWhole("99999999999999999999999", 0, 5, value));
}

// Every subcommand's --help is usage on `out` and exit 0, before any other argument is checked.
TEST(Arguments, EveryCommandsHelpExitsZero) {
  for (const Args& args : {Args{"--help"}, Args{"-h"}, Args{"--surface", "nowhere", "-h"}}) {
    std::ostringstream out, err;
    EXPECT_EQ(trace(args, out, err), 0);
    EXPECT_NE(out.str().find("usage: gradscape trace"), std::string::npos);
    EXPECT_TRUE(err.str().empty()) << err.str();
  }
  for (const Args& args : {Args{"--help"}, Args{"-h"}, Args{"scene.json", "--steps", "x", "--help"}}) {
    std::ostringstream out, err;
    EXPECT_EQ(render(args, out, err), 0);
    EXPECT_NE(out.str().find("Usage: gradscape render"), std::string::npos) << out.str();
    EXPECT_TRUE(err.str().empty()) << err.str();
  }
}

}  // namespace
}  // namespace gs::cli
