// `gradscape trace` in-process: CSV and JSON shape and numbers, and every kind of bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "core/io/json.hpp"
#include "core/optim/optimizer.hpp"
#include "core/surface/surface.hpp"

namespace gs::cli {
namespace {

struct Result {
  int status = 0;
  std::string out, err;
};

Result runTrace(const Args& args) {
  std::ostringstream out, err;
  const int status = trace(args, out, err);
  return {status, out.str(), err.str()};
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream stream(text);
  while (std::getline(stream, part, separator)) parts.push_back(part);
  return parts;
}

using Table = std::vector<std::vector<std::string>>;  // rows of fields, header first

// RFC 4180 fields: a quoted field may hold commas, and "" inside it is one quote.
std::vector<std::string> csvFields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"')
      fields.back() += line[++i];
    else if (c == '"')
      quoted = !quoted;
    else if (c == ',' && !quoted)
      fields.emplace_back();
    else
      fields.back() += c;
  }
  return fields;
}

Table csvOf(const Result& result) {
  Table table;
  for (const auto& line : split(result.out, '\n')) table.push_back(csvFields(line));
  return table;
}

double number(const std::string& field) {
  char* end = nullptr;
  const double value = std::strtod(field.c_str(), &end);
  EXPECT_EQ(*end, '\0') << field;
  return value;
}

TEST(TraceCli, CsvHasAHeaderStepZeroAtTheStartAndAHandComputedFirstStep) {
  // f = x^2 + 3y^2 at (1, 2): gradient (2, 12), so SGD with lr 0.1 moves to (0.8, 0.8), f = 2.56.
  const Result r = runTrace({"--surface", "expr:x^2+3*y^2", "--start", "1,2", "--steps", "3", "--optimizer",
                             "sgd:lr=0.1", "--optimizer", "adam"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const Table table = csvOf(r);
  ASSERT_EQ(table.size(), 1u + 2u * 4u);
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "optimizer,step,x,y,loss,gradient_norm,step_length,gradient_evaluations");
  for (const auto& row : table) EXPECT_EQ(row.size(), 8u);
  EXPECT_EQ(table[1][0], "sgd lr=0.1");
  EXPECT_EQ(table[1][1], "0");
  EXPECT_EQ(number(table[1][2]), 1.0);
  EXPECT_EQ(number(table[1][3]), 2.0);
  EXPECT_EQ(number(table[1][4]), 13.0);
  EXPECT_EQ(table[2][1], "1");
  EXPECT_EQ(table[2][2], "0.80000000000000004");  // 0.8 to 17 significant digits
  EXPECT_DOUBLE_EQ(number(table[2][3]), 0.8);
  EXPECT_DOUBLE_EQ(number(table[2][4]), 2.56);
  EXPECT_EQ(table[2][7], "1");  // one gradient evaluation so far
  EXPECT_EQ(table[5][0], "adam");
  EXPECT_EQ(table[5][1], "0");
  EXPECT_EQ(number(table[5][2]), 1.0);
  EXPECT_EQ(table[8][1], "3");
}

TEST(TraceCli, StartAcceptsBothFormsAndNegativeNumbers) {
  for (const Args& start : {Args{"--start", "-1,2"}, Args{"--start=-1,2"}}) {
    Args args{"--surface", "expr:x^2+y^2", "--steps", "1", "--optimizer", "sgd:lr=0.1"};
    args.insert(args.end(), start.begin(), start.end());
    const Result r = runTrace(args);
    ASSERT_EQ(r.status, 0) << r.err;
    const Table table = csvOf(r);
    EXPECT_EQ(number(table[1][2]), -1.0);
    EXPECT_EQ(number(table[1][3]), 2.0);
    EXPECT_DOUBLE_EQ(number(table[2][2]), -0.8);  // x - 0.1 * 2x
  }
}

TEST(TraceCli, DefaultsToTheSurfacesStartAndStepsZeroGivesOnlyTheStart) {
  const Result r = runTrace({"--surface", "rosenbrock", "--steps", "0", "--optimizer", "adam"});
  ASSERT_EQ(r.status, 0) << r.err;
  const Table table = csvOf(r);
  ASSERT_EQ(table.size(), 2u);
  const Vec2 start = makeSurface("rosenbrock")->start;
  EXPECT_EQ(number(table[1][2]), start.x);
  EXPECT_EQ(number(table[1][3]), start.y);
}

TEST(TraceCli, ScheduleAppliesToTheOptimizersAfterIt) {
  // f = (x^2 + y^2) / 2: x_{k+1} = x_k (1 - 0.1 * 0.5^k) under step decay, x_k (1 - 0.1) without.
  const Result r =
      runTrace({"--surface", "expr:0.5*(x^2+y^2)", "--start", "1,1", "--steps", "2", "--optimizer",
                "sgd:lr=0.1", "--schedule", "step:size=1,gamma=0.5", "--optimizer", "sgd:lr=0.1"});
  ASSERT_EQ(r.status, 0) << r.err;
  const Table table = csvOf(r);
  ASSERT_EQ(table.size(), 7u);
  EXPECT_EQ(table[4][0], "sgd lr=0.1 schedule=step:size=1,gamma=0.5");
  EXPECT_DOUBLE_EQ(number(table[3][2]), 0.81);
  EXPECT_DOUBLE_EQ(number(table[5][2]), 0.9);
  EXPECT_DOUBLE_EQ(number(table[6][2]), 0.855);
  EXPECT_NE(r.out.find("\"sgd lr=0.1 schedule=step:size=1,gamma=0.5\""), std::string::npos);  // quoted field
}

TEST(TraceCli, DivergingRunEndsAtItsLastFinitePointAndSaysWhere) {
  // f = x^2 + y^2 with lr 10: x_k = (-19)^k; |x_k| = 19^k sqrt 2 passes the bound 1e15 at k = 12.
  const Result r = runTrace({"--surface", "expr:x^2+y^2", "--start", "1,1", "--steps", "50", "--optimizer",
                             "sgd:lr=10", "--optimizer", "sgd:lr=0.1"});
  ASSERT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "sgd lr=10 diverged at step 12\n");
  const Table table = csvOf(r);
  ASSERT_EQ(table.size(), 1u + 12u + 51u);
  EXPECT_EQ(table[12][1], "11");
  EXPECT_EQ(number(table[12][2]), -116490258898219.0);  // (-19)^11
  for (std::size_t i = 1; i < table.size(); ++i)
    for (std::size_t f = 1; f < table[i].size(); ++f) EXPECT_TRUE(std::isfinite(number(table[i][f]))) << i;
  EXPECT_EQ(table.back()[1], "50");
}

const Json& member(const Json& json, const char* key) {
  static const Json missing;
  const Json* found = json.find(key);
  EXPECT_NE(found, nullptr) << key;
  return found != nullptr ? *found : missing;
}

TEST(TraceCli, JsonParsesAndReportsStatus) {
  // f = x^2 + y^2, lr 0.25 halves x: |g_k| = 2 * 0.5^k < 1e-6 and |step_k| = 0.5^k < 1e-9 first at k = 30.
  const Result r =
      runTrace({"--surface", "expr:x^2+y^2", "--start", "1,0", "--steps", "40", "--format", "json",
                "--optimizer", "sgd:lr=0.25", "--optimizer", "sgd:lr=10", "--optimizer", "adam"});
  ASSERT_EQ(r.status, 0) << r.err;
  auto parsed = Json::parse(r.out);
  ASSERT_TRUE(std::holds_alternative<Json>(parsed)) << std::get<std::string>(parsed);
  const Json& json = std::get<Json>(parsed);
  EXPECT_EQ(member(json, "surface").asString(), "expr:x^2+y^2");
  const auto& runs = member(json, "runs").asArray();
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(member(runs[0], "optimizer").asString(), "sgd");
  EXPECT_EQ(member(member(runs[0], "params"), "lr").asNumber(), 0.25);
  EXPECT_EQ(member(runs[0], "status").asString(), "converged");
  EXPECT_EQ(member(runs[0], "status_step").asNumber(), 30.0);
  const auto& path = member(runs[0], "path").asArray();
  ASSERT_EQ(path.size(), 41u);
  EXPECT_EQ(path[0].asArray()[1].asNumber(), 1.0);
  EXPECT_EQ(path[1].asArray()[1].asNumber(), 0.5);
  EXPECT_EQ(path[40].asArray()[0].asNumber(), 40.0);
  EXPECT_EQ(member(runs[1], "status").asString(), "diverged");
  EXPECT_TRUE(member(runs[2], "status_step").isNull());
  EXPECT_EQ(member(runs[2], "status").asString(), "running");
}

TEST(TraceCli, MinibatchTracesAreReproducibleFromTheSeed) {
  auto traceWith = [](const char* seed, const char* batch) {
    return runTrace({"--surface", "linear_regression", "--steps", "20", "--optimizer", "sgd:lr=0.1", "--seed",
                     seed, "--batch", batch});
  };
  const Result first = traceWith("3", "4");
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_EQ(traceWith("3", "4").out, first.out);
  EXPECT_NE(traceWith("4", "4").out, first.out);
  EXPECT_NE(traceWith("3", "0").out, first.out);
}

TEST(TraceCli, ListNamesEverySurfaceOptimizerAndParameter) {
  const Result r = runTrace({"--list"});
  ASSERT_EQ(r.status, 0);
  for (const auto& name : surfaceNames())
    EXPECT_NE(r.out.find("  " + name + "  "), std::string::npos) << name;
  for (const auto& name : Optimizer::names()) {
    EXPECT_NE(r.out.find("  " + name + "  "), std::string::npos) << name;
    for (const auto& info : Optimizer::create(name)->params())
      EXPECT_NE(r.out.find("      " + info.name + " = "), std::string::npos) << name << " " << info.name;
  }
  const Result help = runTrace({"--help"});
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("usage: gradscape trace"), std::string::npos);
}

struct BadInput {
  Args args;
  const char* mentions;  // the offending part the one line must name
};

class TraceBadInput : public testing::TestWithParam<BadInput> {};

TEST_P(TraceBadInput, ExitsTwoWithOneLineAndNothingOnStdout) {
  const Result r = runTrace(GetParam().args);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
  EXPECT_NE(r.err.find(GetParam().mentions), std::string::npos) << r.err;
}

Args with(Args extra) {
  Args args{"--surface", "rosenbrock", "--optimizer", "sgd"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::string nested(int depth) {
  return "expr:" + std::string(static_cast<std::size_t>(depth), '(') + "x" +
         std::string(static_cast<std::size_t>(depth), ')');
}

INSTANTIATE_TEST_SUITE_P(
    Table, TraceBadInput,
    testing::Values(
        BadInput{{"--surface", "rosenbruck", "--optimizer", "sgd"}, "'rosenbruck'"},
        BadInput{{"--surface", "rosenbrock", "--optimizer", "adamm"}, "'adamm'"},
        BadInput{{"--surface", "rosenbrock", "--optimizer", "adam:betta1=0.9"}, "'betta1'"},
        BadInput{{"--surface", "rosenbrock", "--optimizer", "adam:lr=1e-3x"}, "'1e-3x'"},
        BadInput{{"--surface", "rosenbrock", "--optimizer", "adam:lr=-1"}, "lr=-1"},
        BadInput{{"--surface", "rosenbrock", "--optimizer", "adam:amsgrad=maybe"}, "maybe"},
        BadInput{with({"--start", "1,nan"}), "'nan'"}, BadInput{with({"--start", "inf,1"}), "'inf'"},
        BadInput{with({"--start", "1"}), "--start"}, BadInput{with({"--start", "1,2,3"}), "1,2,3"},
        BadInput{with({"--start", ""}), "--start"}, BadInput{with({"--start=a,2"}), "'a'"},
        BadInput{with({"--start", "1e300,0"}), "--start"}, BadInput{with({"--steps", "-5"}), "-5"},
        BadInput{with({"--steps", "abc"}), "'abc'"}, BadInput{with({"--steps", "2.5"}), "'2.5'"},
        BadInput{with({"--steps", "10000001"}), "10000001"},
        BadInput{{"--surface", "expr:x*y + sinn(x)", "--optimizer", "sgd"},
                 "formula error at column 7: unknown function 'sinn'"},
        BadInput{{"--surface", "expr:", "--optimizer", "sgd"}, "formula error at column"},
        BadInput{{"--surface", nested(300), "--optimizer", "sgd"}, "formula error at column"},
        BadInput{{"--surface", "expr:log(x)", "--start", "-1,1", "--optimizer", "sgd"}, "not finite"},
        BadInput{with({"--bogus"}), "'--bogus'"}, BadInput{with({"--bogus=3"}), "'--bogus'"},
        BadInput{with({"stray"}), "'stray'"}, BadInput{with({"--steps"}), "--steps needs a value"},
        BadInput{{"--surface", "rosenbrock", "--optimizer"}, "--optimizer needs a value"},
        BadInput{with({"--format", "xml"}), "'xml'"}, BadInput{with({"--seed", "-1"}), "-1"},
        BadInput{with({"--batch", "4"}), "--batch"}, BadInput{with({"--schedule", "cosin"}), "'cosin'"},
        BadInput{with({"--surface", "beale"}), "twice"}, BadInput{with({"--list=1"}), "--list"},
        BadInput{{"--optimizer", "sgd"}, "--surface"}, BadInput{{"--surface", "rosenbrock"}, "--optimizer"},
        BadInput{{"--surface", "linear_regression", "--optimizer", "sgd", "--batch", "x"}, "'x'"}));

}  // namespace
}  // namespace gs::cli
