// Strict numbers and optimizer specs: what is accepted, and that every refusal names the bad part.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <variant>

#include "core/io/spec.hpp"

namespace gs {
namespace {

struct GoodNumber {
  const char* text;
  double value;
};

class ParseNumberAccepts : public testing::TestWithParam<GoodNumber> {};

TEST_P(ParseNumberAccepts, ReadsTheWholeText) {
  std::string error;
  const auto value = parseNumber(GetParam().text, &error);
  ASSERT_TRUE(value.has_value()) << GetParam().text << ": " << error;
  EXPECT_EQ(*value, GetParam().value);
}

INSTANTIATE_TEST_SUITE_P(Table, ParseNumberAccepts,
                         testing::Values(GoodNumber{"1e-3", 0.001}, GoodNumber{"-2.5", -2.5},
                                         GoodNumber{"+4", 4.0}, GoodNumber{"0", 0.0},
                                         GoodNumber{"1E3", 1000.0}, GoodNumber{"0.1", 0.1},
                                         GoodNumber{"-1e+2", -100.0},
                                         GoodNumber{"123456789012", 123456789012.0}));

class ParseNumberRefuses : public testing::TestWithParam<const char*> {};

TEST_P(ParseNumberRefuses, WithAMessageQuotingTheText) {
  std::string error;
  EXPECT_FALSE(parseNumber(GetParam(), &error).has_value()) << GetParam();
  EXPECT_FALSE(error.empty());
  if (*GetParam() != '\0') {
    EXPECT_NE(error.find(GetParam()), std::string::npos) << error;
  }
}

INSTANTIATE_TEST_SUITE_P(Table, ParseNumberRefuses,
                         testing::Values("", "1e-3x", "nan", "NaN", "inf", "-inf", "infinity", "1e400", "abc",
                                         " 1", "1 ", "+-1", "--1", "1,2", "0x10", "1e", "-", "+"));

TEST(ParseNumber, AcceptsALeadingOrTrailingDecimalPoint) {
  EXPECT_EQ(parseNumber(".5"), 0.5);
  EXPECT_EQ(parseNumber("5."), 5.0);
  EXPECT_EQ(parseNumber("-.25"), -0.25);
}

TEST(ParseInteger, AcceptsOnlyWholeIntegers) {
  EXPECT_EQ(parseInteger("100"), 100);
  EXPECT_EQ(parseInteger("-3"), -3);
  EXPECT_EQ(parseInteger("+7"), 7);
  for (const char* bad : {"", "1e3", "1.5", "12a", "99999999999999999999", "nan", " 5"}) {
    std::string error;
    EXPECT_FALSE(parseInteger(bad, &error).has_value()) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

TEST(FormatNumber, ReadsBackExactly) {
  for (double value : {0.1, 1.0 / 3.0, -2.5e-300, 1e22, 123456789.123456789, 0.0}) {
    const std::string text = formatNumber(value);
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), value) << text;
  }
  EXPECT_EQ(formatNumber(0.1), "0.1");
  EXPECT_EQ(formatNumber(-3.0), "-3");
}

Optimizer parsedOptimizer(const std::string& spec) {
  auto result = parseOptimizerSpec(spec);
  if (auto* error = std::get_if<std::string>(&result)) {
    ADD_FAILURE() << spec << ": " << *error;
    return *Optimizer::create("sgd");
  }
  return std::get<Optimizer>(std::move(result));
}

TEST(OptimizerSpec, NameAloneGivesTheDefaults) {
  const Optimizer adam = parsedOptimizer("adam");
  const Optimizer fresh = *Optimizer::create("adam");
  EXPECT_EQ(adam.name(), "adam");
  EXPECT_EQ(adam.paramValues(), fresh.paramValues());
}

TEST(OptimizerSpec, SetsRealBoolAndChoiceParameters) {
  const Optimizer adam = parsedOptimizer("adam:lr=0.01,beta1=0.8,amsgrad=true");
  EXPECT_EQ(adam.param("lr"), 0.01);
  EXPECT_EQ(adam.param("beta1"), 0.8);
  EXPECT_EQ(adam.param("amsgrad"), 1.0);
  EXPECT_EQ(parsedOptimizer("adam:amsgrad=false").param("amsgrad"), 0.0);
  const Optimizer lbfgs = parsedOptimizer("lbfgs:line_search=strong_wolfe");
  for (const auto& info : lbfgs.params())
    if (info.name == "line_search") {
      ASSERT_EQ(info.type, ParamType::Choice);
      EXPECT_EQ(info.choices.at(static_cast<std::size_t>(*lbfgs.param("line_search"))), "strong_wolfe");
    }
  EXPECT_EQ(parsedOptimizer("sgd:lr=1e-3").param("lr"), 0.001);
}

TEST(OptimizerSpec, ToSpecRecreatesTheHyperparameters) {
  for (const char* spec :
       {"sgd", "adam:lr=0.01,amsgrad=true", "lbfgs:line_search=strong_wolfe", "rmsprop:alpha=0.9"}) {
    const Optimizer original = parsedOptimizer(spec);
    const Optimizer again = parsedOptimizer(toSpec(original));
    EXPECT_EQ(again.name(), original.name());
    EXPECT_EQ(again.paramValues(), original.paramValues()) << toSpec(original);
  }
  EXPECT_EQ(toSpec(parsedOptimizer("adam:lr=0.01")), "adam:lr=0.01");
}

struct BadOptimizerSpec {
  const char* spec;
  const char* mentions;
};

class OptimizerSpecError : public testing::TestWithParam<BadOptimizerSpec> {};

TEST_P(OptimizerSpecError, IsOneLineNamingTheBadPart) {
  const auto result = parseOptimizerSpec(GetParam().spec);
  ASSERT_TRUE(std::holds_alternative<std::string>(result)) << GetParam().spec;
  const std::string& message = std::get<std::string>(result);
  EXPECT_NE(message.find(GetParam().mentions), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, OptimizerSpecError,
    testing::Values(BadOptimizerSpec{"", "empty"}, BadOptimizerSpec{"adamm", "'adamm'"},
                    BadOptimizerSpec{"adam:betta1=0.9", "'betta1'"},
                    BadOptimizerSpec{"adam:lr=1e-3x", "1e-3x"}, BadOptimizerSpec{"adam:lr", "lr"},
                    BadOptimizerSpec{"adam:lr=", "lr"}, BadOptimizerSpec{"adam:lr=nan", "nan"},
                    BadOptimizerSpec{"adam:lr=inf", "inf"}, BadOptimizerSpec{"adam:amsgrad=maybe", "maybe"},
                    BadOptimizerSpec{"adam:lr=-1", "lr=-1"}, BadOptimizerSpec{"adam:", "adam"},
                    BadOptimizerSpec{"adam:lr=0.1,", "empty parameter"},
                    BadOptimizerSpec{"lbfgs:line_search=armijo", "armijo"},
                    BadOptimizerSpec{"sgd:=3", "empty parameter"},
                    BadOptimizerSpec{"sgd:lr=0.1,lr=0.2", "'lr' given twice"}));

}  // namespace
}  // namespace gs
