// A user-written program runs in the runner as an Optimizer like any other: the Adam program's runner
// equals the built-in Adam's runner bit for bit, through seeks (checkpoints copy the optimizer), with the
// program's hyperparameters, state names and title.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <variant>

#include "core/optim/optimizer.hpp"
#include "core/optim/program.hpp"
#include "core/runner.hpp"
#include "core/surface/surface.hpp"

namespace gs {
namespace {

namespace fs = std::filesystem;

Program compileAsset(const std::string& name) {
  std::ifstream in(fs::path(__FILE__).parent_path() / "../../assets/optimizers" / (name + ".gso"));
  std::stringstream text;
  text << in.rdbuf();
  auto compiled = compileProgram(text.str());
  if (auto* error = std::get_if<ProgramError>(&compiled)) ADD_FAILURE() << name << ": " << toString(*error);
  return std::get<Program>(std::move(compiled));
}

void expectSamePaths(const Run& a, const Run& b) {
  ASSERT_EQ(a.path().size(), b.path().size());
  for (std::size_t i = 0; i < a.path().size(); ++i) {
    ASSERT_EQ(std::bit_cast<std::uint64_t>(a.path()[i].x), std::bit_cast<std::uint64_t>(b.path()[i].x)) << i;
    ASSERT_EQ(std::bit_cast<std::uint64_t>(a.path()[i].y), std::bit_cast<std::uint64_t>(b.path()[i].y)) << i;
  }
}

TEST(ProgramOptimizer, AdamProgramInRunnerEqualsBuiltinAdamBitForBit) {
  for (const std::string surfaceName : {"rosenbrock", "beale", "himmelblau"}) {
    SCOPED_TRACE(surfaceName);
    std::optional<Surface> surface = makeSurface(surfaceName);
    ASSERT_TRUE(surface);
    const Vec2 start = surface->start;
    Runner runner(std::move(*surface), start);
    runner.addRun(RunSpec{"built-in", *Optimizer::create("adam"), {}, 0, 1});
    runner.addRun(RunSpec{"program", Optimizer::fromProgram(compileAsset("adam")), {}, 0, 1});
    runner.step(1000);
    ASSERT_EQ(runner.run(1).step(), 1000);
    EXPECT_NE(runner.run(1).point(), start);
    expectSamePaths(runner.run(0), runner.run(1));
    EXPECT_EQ(runner.run(0).counts().gradients, runner.run(1).counts().gradients);
    // Back to a checkpoint and forward again: the copied program state reproduces the same path.
    runner.seek(377);
    runner.step(623);
    expectSamePaths(runner.run(0), runner.run(1));
    const Terms& builtin = runner.run(0).optimizer().terms();
    const Terms& program = runner.run(1).optimizer().terms();
    EXPECT_EQ(program.step, builtin.step);
    EXPECT_EQ(program.point, builtin.point);
    EXPECT_EQ(program.gradient, builtin.gradient);
    EXPECT_EQ(program.learningRate, builtin.learningRate);
    EXPECT_EQ(program.delta, builtin.delta);
    ASSERT_TRUE(program.firstMoment && builtin.firstMoment);
    EXPECT_EQ(*program.firstMoment, *builtin.firstMoment);
    ASSERT_TRUE(program.secondMoment && builtin.secondMoment);
    EXPECT_EQ(*program.secondMoment, *builtin.secondMoment);
  }
}

TEST(ProgramOptimizer, ForwardsParamsStateAndTitle) {
  const Program program = compileAsset("adam");
  Optimizer optimizer = Optimizer::fromProgram(program);
  EXPECT_EQ(optimizer.name(), "program");
  EXPECT_EQ(optimizer.title(), program.title());
  ASSERT_EQ(optimizer.params().size(), program.params().size());
  EXPECT_EQ(optimizer.params()[0].name, "lr");
  EXPECT_TRUE(optimizer.setParam("lr", 0.05));
  EXPECT_EQ(optimizer.param("lr"), 0.05);
  EXPECT_FALSE(optimizer.setParam("lr", -1.0));  // outside the declared range
  EXPECT_FALSE(optimizer.setParam("momentum", 0.5));
  EXPECT_EQ(optimizer.paramValues().size(), program.params().size());

  std::optional<Surface> surface = makeSurface("quadratic");
  ASSERT_TRUE(surface);
  Oracle oracle(*surface->evaluator);
  Vec2 x = surface->start;
  for (int i = 0; i < 3; ++i) x = optimizer.step(x, oracle);
  EXPECT_EQ(optimizer.stepCount(), 3);
  const auto state = optimizer.state();
  ASSERT_EQ(state.size(), 2u);
  EXPECT_EQ(state[0].name, "m");
  EXPECT_EQ(state[1].name, "v");
  EXPECT_NE(state[0].value, Vec2{});

  Optimizer copy = optimizer;  // a checkpoint: continuing the copy and the original gives the same point
  Oracle copyOracle(*surface->evaluator);
  EXPECT_EQ(copy.step(x, copyOracle), optimizer.step(x, oracle));
  EXPECT_EQ(copy.param("lr"), 0.05);
  ASSERT_NE(optimizer.programRun(), nullptr);
  EXPECT_EQ(Optimizer::create("adam")->programRun(), nullptr);

  optimizer.resetState();
  EXPECT_EQ(optimizer.stepCount(), 0);
}

}  // namespace
}  // namespace gs
