// A suite of broken programs: each gets its own clear message at its own line and column, and none
// crashes. The parser and the compiler stop at the first error.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <variant>

#include "core/optim/program.hpp"

namespace gs {
namespace {

struct BrokenProgram {
  const char* name;
  const char* text;
  const char* message;
  int line;
  int column;
};

class BrokenPrograms : public testing::TestWithParam<BrokenProgram> {};

TEST_P(BrokenPrograms, ReportMessageLineAndColumn) {
  const BrokenProgram& c = GetParam();
  const auto compiled = compileProgram(c.text);
  ASSERT_TRUE(std::holds_alternative<ProgramError>(compiled)) << "compiled: " << c.text;
  const ProgramError& error = std::get<ProgramError>(compiled);
  EXPECT_EQ(error.message, c.message);
  EXPECT_EQ(error.line, c.line) << error.message;
  EXPECT_EQ(error.column, c.column) << error.message;
}

// clang-format off
const BrokenProgram kBrokenPrograms[] = {
    {"unknown_name", "hyper lr = 0.1 [0, 1]\nx = x - lr * mhat", "unknown name 'mhat'", 2, 14},
    {"used_before_defined", "hyper lr = 0.1 [0, 1]\nx = x - lr * mhat\nmhat = g", "'mhat' is used before it is defined on line 3", 2, 14},
    {"hyper_used_before_declaration", "x = x - lr * g\nhyper lr = 0.1 [0, 1]", "'lr' is used before it is defined on line 2", 1, 9},
    {"assign_to_g", "g = 0\nx = x", "cannot assign to 'g': it is the gradient at x", 1, 1},
    {"assign_to_t", "hyper lr = 0.1 [0, 1]\nt = 2\nx = x", "cannot assign to 't': it is the step number", 2, 1},
    {"assign_to_f", "x = x\nf = 1", "cannot assign to 'f': it is the value at x", 2, 1},
    {"assign_to_pi", "pi = 3", "cannot assign to 'pi': it is a constant", 1, 1},
    {"assign_to_hyper", "hyper lr = 0.1 [0, 1]\nlr = 0.2\nx = x", "cannot assign to hyperparameter 'lr': its value comes from the slider (or the command line)", 2, 1},
    {"assign_to_function", "x = x\n  sqrt = 1", "cannot assign to 'sqrt': it is a function", 2, 3},
    {"state_never_updated", "hyper lr = 0.1 [0, 1]\nstate m = 0, v = 0\nm = g\nx = x - lr * m", "state 'v' is never updated: add a statement like v = ...", 2, 14},
    {"hyper_above_range", "hyper lr = 2 [0, 1]\nx = x - lr * g", "the value 2 of 'lr' is outside its range [0, 1]", 1, 12},
    {"hyper_below_range", "hyper beta = -0.5 [0, 1]", "the value -0.5 of 'beta' is outside its range [0, 1]", 1, 14},
    {"empty_range", "hyper lr = 0.5 [1, 0]", "the range of 'lr' is empty: 1 > 0", 1, 7},
    {"log_range_from_zero", "hyper lr = 0.5 [0, 1, log]", "a log range must be positive: the range of 'lr' starts at 0", 1, 7},
    {"missing_range", "hyper lr = 0.1\nx = x - lr * g", "expected a range like [0, 1] or [1e-6, 1, log] after the value of 'lr', got end of line", 1, 15},
    {"range_scale_not_log", "hyper lr = 0.1 [0, 1, lin]", "expected 'log' after the range of 'lr', got 'lin'", 1, 23},
    {"range_missing_comma", "hyper lr = 0.1 [0 1]", "expected ',' between the ends of the range of 'lr', got '1'", 1, 19},
    {"range_not_closed", "hyper lr = 0.1 [0, 1\nx = x", "expected ']' to close the range of 'lr', got 'x'", 2, 1},
    {"hyper_value_not_a_number", "hyper lr = fast [0, 1]", "expected a number for the value of 'lr', got 'fast'", 1, 12},
    {"hyper_without_name", "hyper = 1", "expected a name after 'hyper', got '='", 1, 7},
    {"hyper_trailing_comma", "hyper lr = 0.1 [0, 1],\nx = x", "expected a name after 'hyper', got end of line", 1, 23},
    {"hyper_declared_twice", "hyper lr = 0.1 [0, 1]\nhyper lr = 0.2 [0, 1]", "'lr' is already declared on line 1", 2, 7},
    {"hyper_named_g", "hyper g = 1 [0, 2]", "'g' is built in (the gradient at x): choose another name for the hyperparameter", 1, 7},
    {"state_named_like_a_function", "state exp = 0", "'exp' is a function: choose another name for the state", 1, 7},
    {"state_after_intermediate", "d = g\nstate d = 0", "'d' is already assigned on line 1", 2, 7},
    {"state_init_reads_gradient", "state m = g\nm = g\nx = x", "the initial value of state 'm' can use numbers and hyperparameters only, not 'g'", 1, 11},
    {"state_init_evaluates_surface", "state m = f(1)\nm = g\nx = x", "the initial value of state 'm' cannot evaluate the surface", 1, 11},
    {"state_init_unknown", "state m = beta\nm = g\nx = x", "unknown name 'beta'", 1, 11},
    {"unknown_function", "x = x - sqr(g)", "unknown function 'sqr'", 1, 9},
    {"wrong_argument_count", "x = x - max(g)", "wrong number of arguments: 'max' takes 2 arguments, got 1", 1, 9},
    {"if_argument_count", "x = if(g > 0, x)", "wrong number of arguments: 'if' takes 3 arguments, got 2", 1, 5},
    {"function_without_parentheses", "x = x - grad", "expected '(' after function 'grad'", 1, 13},
    {"missing_close_parenthesis", "x = x - (g * 2", "expected ')', got end of program", 1, 15},
    {"stray_close_parenthesis", "x = x - g)", "unexpected ')'", 1, 10},
    {"unexpected_character", "x = x $ g", "unexpected '$'", 1, 7},
    {"non_ascii_minus", "x = x \xe2\x88\x92 g", "unexpected byte 0xe2", 1, 7},
    {"missing_operator", "x = x - 2 g", "unexpected 'g' (missing operator?)", 1, 11},
    {"two_statements_on_one_line", "m = g x = x", "unexpected 'x' (missing operator?)", 1, 7},
    {"two_assignments", "m = v = g", "unexpected '=': one assignment per statement", 1, 7},
    {"empty_right_hand_side", "x =\n", "expected an expression, got end of line", 1, 4},
    {"incomplete_expression", "x = x -", "unexpected end of program: the expression is incomplete", 1, 8},
    {"missing_equals", "x x - g", "expected '=' after 'x' (a statement is name = expression), got 'x'", 1, 3},
    {"comparison_as_statement", "x == x - g", "expected '=' after 'x' ('==' compares)", 1, 3},
    {"statement_starts_with_number", "2 = x", "expected a statement (name = expression) or a declaration (hyper, state), got '2'", 1, 1},
    {"never_sets_x", "hyper lr = 0.1 [0, 1]\nstep = lr * g\n", "the program never sets x, the next point: add a statement like x = x - lr * g", 3, 1},
    {"empty_program", "# nothing here\n", "the program is empty: write at least x = x - lr * g (and hyper lr = ...)", 2, 1},
    {"number_out_of_range", "x = x - 1e999 * g", "number out of range: 1e999", 1, 9},
    {"condition_not_a_comparison", "x = if(g, x, x)", "the condition of if(...) must be a comparison (< <= > >= == !=), as in if(g > 0, a, b)", 1, 8},
    {"assignment_in_condition", "x = if(g = 0, x, x)", "'=' in a condition: compare with '=='", 1, 10},
    {"chained_comparison", "x = if(0 < g < 1, x, x)", "comparisons cannot be chained: nest if(...) instead", 1, 14},
    {"comparison_outside_if", "x = x - (g > 0)", "a comparison can only be the condition of if(...), as in if(g > 0, a, b)", 1, 12},
    {"comparison_as_value", "x = g > 0", "a comparison can only be the condition of if(...), as in if(g > 0, a, b)", 1, 7},
};
// clang-format on

std::string brokenProgramName(const testing::TestParamInfo<BrokenProgram>& param) { return param.param.name; }

INSTANTIATE_TEST_SUITE_P(Suite, BrokenPrograms, testing::ValuesIn(kBrokenPrograms), brokenProgramName);

TEST(ProgramErrors, SuiteIsLargeAndEveryMessageDistinct) {
  std::set<std::string> messages;
  for (const BrokenProgram& c : kBrokenPrograms) messages.insert(c.message);
  EXPECT_GE(std::size(kBrokenPrograms), 30u);
  // A few situations share a message on purpose (a comparison where a value belongs); the rest differ.
  EXPECT_GE(messages.size(), std::size(kBrokenPrograms) - 2);
}

TEST(ProgramErrors, ToStringNamesLineAndColumn) {
  const auto compiled = compileProgram("hyper lr = 0.1 [0, 1]\nx = x - lr * mhat");
  EXPECT_EQ(toString(std::get<ProgramError>(compiled)), "line 2, column 14: unknown name 'mhat'");
}

TEST(ProgramErrors, NestingDeeperThanTheLimitIsAnErrorNotACrash) {
  const std::string deep = "x = " + std::string(20000, '(') + "g" + std::string(20000, ')');
  const auto compiled = compileProgram(deep);
  ASSERT_TRUE(std::holds_alternative<ProgramError>(compiled));
  const ProgramError& error = std::get<ProgramError>(compiled);
  EXPECT_EQ(error.message, "expression nested deeper than 256 levels");
  EXPECT_EQ(error.column, 5 + kMaxProgramDepth);  // the first '(' past the limit
  const std::string unary = "x = " + std::string(1000, '-') + "g";
  EXPECT_TRUE(std::holds_alternative<ProgramError>(compileProgram(unary)));
  const std::string powers = "x = g" + std::string(1000, '^');
  EXPECT_TRUE(std::holds_alternative<ProgramError>(compileProgram(powers)));
}

// A long sum is a deep tree without nesting: it compiles (no recursion as deep as the sum is long).
TEST(ProgramErrors, LongSumsCompile) {
  std::string sum = "x = x";
  while (sum.size() + 8 < kMaxProgramLength) sum += " - 0 * g";
  EXPECT_TRUE(std::holds_alternative<Program>(compileProgram(sum)));
}

TEST(ProgramErrors, TooLongIsAnError) {
  const std::string huge = "x = x\n" + std::string(kMaxProgramLength, '#');
  const auto compiled = compileProgram(huge);
  ASSERT_TRUE(std::holds_alternative<ProgramError>(compiled));
  EXPECT_EQ(std::get<ProgramError>(compiled).line, 1);
}

// Every prefix and every one-byte corruption of a real program either compiles or gives an error with a
// position inside the text: never a crash, never a position nowhere.
TEST(ProgramErrors, PrefixesAndCorruptionsNeverCrash) {
  const std::string adam =
      "hyper lr = 0.001 [1e-6, 1, log], beta1 = 0.9 [0, 0.999], beta2 = 0.999 [0, 0.99999]\n"
      "hyper eps = 1e-8 [1e-12, 1e-2, log]  # comment\n"
      "state m = 0, v = 0\n"
      "m = beta1 * m + (1 - beta1) * g\n"
      "v = beta2 * v + (1 - beta2) * g^2\n"
      "denom = sqrt(v) / sqrt(1 - beta2^t) + eps\n"
      "x = x - lr / (1 - beta1^t) * (m / if(norm(g) > 0, denom, max(grad(x - m), f(x))))\n";
  ASSERT_TRUE(std::holds_alternative<Program>(compileProgram(adam)));
  const auto check = [](const std::string& text) {
    const auto compiled = compileProgram(text);
    if (const auto* error = std::get_if<ProgramError>(&compiled)) {
      EXPECT_FALSE(error->message.empty()) << text;
      EXPECT_GE(error->line, 1) << text;
      EXPECT_GE(error->column, 1) << text;
    }
  };
  for (std::size_t n = 0; n <= adam.size(); ++n) check(adam.substr(0, n));
  const std::string bytes = "()[],=<>+-*/^#x0.e\n\x01\xff";
  for (std::size_t i = 0; i < adam.size(); ++i) {
    for (char b : bytes) {
      std::string corrupted = adam;
      corrupted[i] = b;
      check(corrupted);
    }
  }
}

}  // namespace
}  // namespace gs
