// What surrounds a user-written program: "copy a built-in as a program" runs bit for bit as the built-in
// set as it is; the explainer walks the program's statements with the numbers of the last step; a
// program's spec names its file and parses back; maps and tuning run programs, pixel for pixel and trial
// for trial the same as the built-in rule they write out.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <variant>

#include "core/io/spec.hpp"
#include "core/maps/map.hpp"
#include "core/maps/tune.hpp"
#include "core/optim/explain.hpp"
#include "core/optim/explanation.hpp"
#include "core/optim/program.hpp"
#include "core/optim/program_batch.hpp"
#include "core/optim/program_from_builtin.hpp"
#include "core/runner.hpp"

namespace gs {
namespace {

namespace fs = std::filesystem;

const std::string kProgramDir =
    (fs::path(__FILE__).parent_path() / "../../assets/optimizers").lexically_normal().string();

Optimizer parsed(const std::string& spec) {
  auto result = parseOptimizerSpec(spec);
  if (auto* error = std::get_if<std::string>(&result)) ADD_FAILURE() << spec << ": " << *error;
  return std::get<Optimizer>(std::move(result));
}

Program compiled(const std::string& text) {
  auto result = compileProgram(text);
  if (auto* error = std::get_if<ProgramError>(&result)) ADD_FAILURE() << toString(*error) << "\n" << text;
  return std::get<Program>(std::move(result));
}

PixelSettings pixelSettings(const std::string& spec, std::int64_t steps) {
  PixelSettings settings;
  settings.optimizer = parsed(spec);
  settings.steps = steps;
  return settings;
}

std::uint64_t bits(double value) { return std::bit_cast<std::uint64_t>(value); }

void expectSamePath(const Run& a, const Run& b) {
  ASSERT_EQ(a.path().size(), b.path().size());
  for (std::size_t i = 0; i < a.path().size(); ++i) {
    ASSERT_EQ(bits(a.path()[i].x), bits(b.path()[i].x)) << "step " << i;
    ASSERT_EQ(bits(a.path()[i].y), bits(b.path()[i].y)) << "step " << i;
  }
}

struct CopyCase {
  const char* spec;
  const char* file;  // the template chosen from the built-in's options
};

class CopyBuiltin : public ::testing::TestWithParam<CopyCase> {};

TEST_P(CopyBuiltin, RunsBitForBitAsTheBuiltinAsSet) {
  const Optimizer builtin = parsed(GetParam().spec);
  auto copy = builtinAsProgram(builtin, kProgramDir);
  ASSERT_TRUE(std::holds_alternative<ProgramCopy>(copy)) << std::get<std::string>(copy);
  const ProgramCopy& program = std::get<ProgramCopy>(copy);
  EXPECT_EQ(program.file, GetParam().file);
  const Optimizer fromProgram = Optimizer::fromProgram(compiled(program.text));
  // The built-in's values are the program's defaults: the program needs no parameters to match.
  for (std::size_t i = 0; i < fromProgram.params().size(); ++i)
    EXPECT_EQ(fromProgram.param(i), builtin.param(fromProgram.params()[i].name))
        << fromProgram.params()[i].name;
  for (const char* surfaceName : {"rosenbrock", "himmelblau"}) {
    SCOPED_TRACE(surfaceName);
    Surface surface = *makeSurface(surfaceName);
    const Vec2 start = surface.start;
    Runner runner(std::move(surface), start);
    runner.addRun(RunSpec{"built-in", builtin, {}, 0, 1});
    runner.addRun(RunSpec{"program", fromProgram, {}, 0, 1});
    runner.step(400);
    EXPECT_NE(runner.run(1).point(), start);
    expectSamePath(runner.run(0), runner.run(1));
  }
}

INSTANTIATE_TEST_SUITE_P(
    ProgramTools, CopyBuiltin,
    ::testing::Values(CopyCase{"sgd:lr=0.0007", "sgd.gso"},
                      CopyCase{"sgd:lr=0.0005,momentum=0.8", "momentum.gso"},
                      CopyCase{"momentum:dampening=0.25,lr=0.0004", "momentum.gso"},
                      CopyCase{"sgd:lr=0.0003,momentum=0.7,nesterov=true", "nesterov.gso"},
                      CopyCase{"nesterov:lr=0.0006", "nesterov.gso"},
                      CopyCase{"adagrad:lr=0.3,lr_decay=0.01,initial_accumulator_value=0.1", "adagrad.gso"},
                      CopyCase{"rmsprop:lr=0.003,alpha=0.9,eps=1e-6", "rmsprop.gso"},
                      CopyCase{"adam:lr=0.02,beta1=0.8,beta2=0.99", "adam.gso"},
                      CopyCase{"adam:lr=0.02,amsgrad=true", "amsgrad.gso"},
                      CopyCase{"amsgrad:lr=0.05", "amsgrad.gso"},
                      CopyCase{"adamw:lr=0.03,weight_decay=0.1", "adamw.gso"},
                      CopyCase{"lion:lr=0.002,beta1=0.8", "lion.gso"}));

TEST(ProgramTools, CopyRefusesOptionsNoProgramWritesOut) {
  const auto refusal = [](const std::string& spec) {
    auto copy = builtinAsProgram(parsed(spec), kProgramDir);
    return std::holds_alternative<std::string>(copy) ? std::get<std::string>(copy) : std::string();
  };
  EXPECT_NE(refusal("sgd:weight_decay=0.1").find("weight_decay"), std::string::npos);
  EXPECT_NE(refusal("rmsprop:centered=true").find("centered"), std::string::npos);
  EXPECT_NE(refusal("adam:bias_correction=false").find("bias_correction"), std::string::npos);
  EXPECT_NE(refusal("newton").find("no program form of newton"), std::string::npos);
  EXPECT_NE(std::get<std::string>(builtinAsProgram(parsed("adam"), "/nonexistent")).find("cannot read"),
            std::string::npos);
}

// The program a built-in's hyperparameter map runs as (builtinProgram) is the template "copy as program"
// chooses, compiled into the library from assets/optimizers: the same text as the file.
TEST(ProgramTools, BuiltinProgramIsTheBundledTemplateOfTheCopy) {
  for (const char* spec :
       {"sgd", "sgd:momentum=0.5", "momentum", "sgd:momentum=0.7,nesterov=true", "nesterov", "adagrad",
        "rmsprop", "adam", "adam:amsgrad=true", "amsgrad", "adamw", "lion"}) {
    SCOPED_TRACE(spec);
    const Optimizer builtin = parsed(spec);
    const Program* program = builtinProgram(builtin);
    ASSERT_NE(program, nullptr);
    auto copy = builtinAsProgram(builtin, kProgramDir);
    ASSERT_TRUE(std::holds_alternative<ProgramCopy>(copy));
    std::ifstream in(fs::path(kProgramDir) / std::get<ProgramCopy>(copy).file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(program->text(), text.str());
    for (const ParamInfo& declared : program->params())
      EXPECT_TRUE(builtin.param(declared.name).has_value()) << declared.name;
  }
  for (const char* spec :
       {"sgd:weight_decay=0.1", "rmsprop:centered=true", "adam:bias_correction=false", "newton", "lbfgs"}) {
    SCOPED_TRACE(spec);
    EXPECT_EQ(builtinProgram(parsed(spec)), nullptr);
  }
  EXPECT_EQ(builtinProgram(Optimizer::fromProgram(compiled("hyper lr = 0.1 [0, 1]\nx = x - lr * g"))),
            nullptr);
}

TEST(ProgramTools, WithHyperDefaultsRewritesOnlyTheValues) {
  // The blanks before each range stay, so a file's aligned columns stay aligned.
  const std::string text =
      "hyper lr = 0.1 [0, 1]  # step\nhyper beta = -0.5   [-1, 1]\nx = x - lr * g + beta * 0\n";
  auto rewritten = withHyperDefaults(text, {{"beta", 0.25}, {"lr", 3e-3}, {"unknown", 7}});
  ASSERT_TRUE(std::holds_alternative<std::string>(rewritten));
  EXPECT_EQ(std::get<std::string>(rewritten),
            "hyper lr = 0.003 [0, 1]  # step\nhyper beta = 0.25   [-1, 1]\nx = x - lr * g + beta * 0\n");
  // A value outside the declared range is the compiler's error, with its line and column.
  auto outside = withHyperDefaults(text, {{"lr", 2.0}});
  ASSERT_TRUE(std::holds_alternative<ProgramError>(outside));
  EXPECT_EQ(std::get<ProgramError>(outside).line, 1);
}

TEST(ProgramTools, ExplainerWalksTheStatementsWithTheLastStepsValues) {
  const Program program = compiled(
      "hyper lr = 0.1 [0, 1], beta = 0.9 [0, 1]\nstate m = 0\nm = beta * m + (1 - beta) *  g  # the mean\n"
      "bc = 1 - beta^t\nstep = lr * (m /\n  bc)\nx = x - step\n");
  Optimizer optimizer = Optimizer::fromProgram(program);
  const Surface surface = *makeSurface("quadratic");
  Oracle oracle(*surface.evaluator);
  Vec2 x = surface.start;
  for (int i = 0; i < 3; ++i) x = optimizer.step(x, oracle);
  const std::vector<ExplainStep> steps = explainLastStep(optimizer);
  ASSERT_EQ(steps.size(), 5u);  // the gradient, then one per statement
  EXPECT_EQ(steps[0].title, "Gradient here");
  EXPECT_EQ(steps[1].title, "m = beta * m + (1 - beta) * g");
  EXPECT_EQ(steps[2].title, "bc = 1 - beta^t");
  EXPECT_EQ(steps[3].title, "step = lr * (m / bc)");
  const std::vector<NamedValue> values = optimizer.programRun()->statementValues();
  EXPECT_EQ(steps[1].formula, "m = " + Explanation::vec(values[0].value));
  EXPECT_EQ(steps[2].formula, "bc = " + Explanation::num(1 - std::pow(0.9, 3)));  // one number: uniform
  EXPECT_EQ(steps[1].sentence, "Line 3: the state m is now " + Explanation::vec(values[0].value) +
                                   ", one value per coordinate.");
  EXPECT_EQ(steps[2].sentence,
            "Line 4: bc is now " + Explanation::num(values[1].value.x) + ", the same for both coordinates.");
  // Each vector a line computes is its sub-step's glyph, from x_t as it is (on a scale of its own); one
  // number for both coordinates has none.
  for (const std::size_t k : {std::size_t{1}, std::size_t{3}}) {
    EXPECT_EQ(steps[k].glyph.kind, GlyphKind::Arrow) << k;
    EXPECT_EQ(steps[k].glyph.units, GlyphUnits::Own) << k;
    EXPECT_EQ(steps[k].glyph.from, optimizer.terms().point) << k;
    EXPECT_EQ(steps[k].glyph.to, steps[k].glyph.from + values[k - 1].value) << k;
  }
  EXPECT_EQ(steps[2].glyph.kind, GlyphKind::None);
  const ExplainStep& move = steps.back();
  EXPECT_EQ(move.title, "The move");
  EXPECT_EQ(move.glyph.kind, GlyphKind::Arrow);
  EXPECT_EQ(move.glyph.from, optimizer.terms().point);
  EXPECT_EQ(move.glyph.to, x);
  EXPECT_NE(move.formula.find("x - step"), std::string::npos) << move.formula;
}

TEST(ProgramTools, AProgramsSpecNamesItsFileAndParsesBack) {
  const std::string path = kProgramDir + "/adam.gso";
  const Optimizer loaded = parsed("file:" + path + ":lr=0.05,beta1=0.8");
  const std::string spec = toSpec(loaded);
  EXPECT_EQ(spec, "file:" + path + ":lr=0.05,beta1=0.8");
  const Optimizer again = parsed(spec);
  EXPECT_EQ(again.paramValues(), loaded.paramValues());
  EXPECT_EQ(toSpec(parsed("file:" + path)), "file:" + path);
  // A program typed in the app has no file: its spec says so and is refused with what to do instead.
  Optimizer typed = Optimizer::fromProgram(compiled("hyper lr = 0.1 [0, 1]\nx = x - lr * g\n"));
  ASSERT_TRUE(typed.setParam("lr", 0.5));
  EXPECT_EQ(toSpec(typed), "program:lr=0.5");
  auto refused = parseOptimizerSpec(toSpec(typed));
  ASSERT_TRUE(std::holds_alternative<std::string>(refused));
  EXPECT_NE(std::get<std::string>(refused).find("file:PATH.gso"), std::string::npos);
}

void expectSameMaps(const MapRequest& builtin, const MapRequest& program) {
  const MapResult a = computeMap(builtin);
  const MapResult b = computeMap(program);
  ASSERT_EQ(a.pixels.size(), b.pixels.size());
  for (std::size_t i = 0; i < a.pixels.size(); ++i) {
    ASSERT_TRUE(b.pixels[i].computed) << i;
    EXPECT_EQ(bits(a.pixels[i].run.end.x), bits(b.pixels[i].run.end.x)) << i;
    EXPECT_EQ(bits(a.pixels[i].run.end.y), bits(b.pixels[i].run.end.y)) << i;
    EXPECT_EQ(a.pixels[i].run.status, b.pixels[i].run.status) << i;
    EXPECT_EQ(a.pixels[i].kind, b.pixels[i].kind) << i;
    EXPECT_EQ(a.pixels[i].closeStep, b.pixels[i].closeStep) << i;
  }
}

TEST(ProgramTools, BasinMapOfTheAdamProgramIsTheBuiltinsPixelForPixel) {
  const PixelSettings builtin = pixelSettings("adam:lr=0.05", 80);
  const PixelSettings program = pixelSettings("file:" + kProgramDir + "/adam.gso:lr=0.05", 80);
  const Surface surface = *makeSurface("himmelblau");
  expectSameMaps(basinRequest(surface, builtin, 13, 11), basinRequest(surface, program, 13, 11));
  // And each pixel is the runner's run from that start (what `gradscape trace` gives).
  const MapRequest request = basinRequest(surface, program, 13, 11);
  const MapResult result = computeMap(request);
  Runner runner(surface, basinStart(request, 4, 7));
  runner.addRun(RunSpec{"", program.optimizer, {}, 0, 1});
  runner.step(80);
  EXPECT_EQ(bits(runner.run(0).point().x), bits(result.at(4, 7).run.end.x));
  EXPECT_EQ(bits(runner.run(0).point().y), bits(result.at(4, 7).run.end.y));
}

TEST(ProgramTools, HyperMapOfTheMomentumProgramIsTheBuiltinsPixelForPixel) {
  const Surface surface = *makeSurface("rosenbrock");
  MapRequest requests[2] = {
      basinRequest(surface, pixelSettings("momentum", 60), 9, 7),
      basinRequest(surface, pixelSettings("file:" + kProgramDir + "/momentum.gso", 60), 9, 7)};
  for (MapRequest& request : requests) {
    request.kind = MapKind::Hyper;
    request.x = std::get<HyperAxis>(parseHyperAxis("lr:1e-5:1e-3:log", request.settings.optimizer));
    request.y = std::get<HyperAxis>(parseHyperAxis("momentum:0:0.99", request.settings.optimizer));
    ASSERT_FALSE(checkMapRequest(request).has_value());
  }
  expectSameMaps(requests[0], requests[1]);
}

// A map of a program computes its rows as one batch (the tape over every run of the row at once,
// core/optim/program_batch.hpp); each pixel must still be runPixel()'s run from its start with its
// hyperparameters (computeMapPixel), bit for bit. Returns how many pixels diverged.
int expectBatchRowsAreRunPixels(const MapRequest& request) {
  const MapResult map = computeMap(request);
  PixelTrace trace;
  int diverged = 0;
  for (int py = 0; py < request.height; ++py)
    for (int px = 0; px < request.width; ++px) {
      const MapPixel alone = computeMapPixel(request, px, py, trace);
      const MapPixel& batch = map.at(px, py);
      EXPECT_EQ(bits(alone.run.end.x), bits(batch.run.end.x)) << px << "," << py;
      EXPECT_EQ(bits(alone.run.end.y), bits(batch.run.end.y)) << px << "," << py;
      EXPECT_EQ(bits(alone.run.loss), bits(batch.run.loss)) << px << "," << py;
      EXPECT_EQ(alone.run.status, batch.run.status) << px << "," << py;
      EXPECT_EQ(alone.run.statusStep, batch.run.statusStep) << px << "," << py;
      EXPECT_EQ(alone.run.stepsTaken, batch.run.stepsTaken) << px << "," << py;
      EXPECT_EQ(alone.run.undefinedStart, batch.run.undefinedStart) << px << "," << py;
      EXPECT_EQ(alone.kind, batch.kind) << px << "," << py;
      EXPECT_EQ(alone.closeStep, batch.closeStep) << px << "," << py;
      if (batch.kind == EndKind::Diverged) ++diverged;
    }
  return diverged;
}

MapRequest hyperRequest(const Surface& surface, const PixelSettings& settings, const std::string& x,
                        const std::string& y, int width, int height) {
  MapRequest request = basinRequest(surface, settings, width, height);
  request.kind = MapKind::Hyper;
  request.x = std::get<HyperAxis>(parseHyperAxis(x, request.settings.optimizer));
  request.y = std::get<HyperAxis>(parseHyperAxis(y, request.settings.optimizer));
  EXPECT_FALSE(checkMapRequest(request).has_value());
  return request;
}

TEST(ProgramTools, ProgramBatchStepsEachRunAsProgramRunDoes) {
  const Program program = compiled(
      "hyper lr = 0.01 [1e-6, 1, log], beta1 = 0.9 [0, 0.999], beta2 = 0.999 [0, 0.99999]\n"
      "state m = 0, v = 0\n"
      "m = beta1 * m + (1 - beta1) * grad(x - lr * m)\n"
      "v = beta2 * v + (1 - beta2) * g^2\n"
      "bc = sqrt(1 - beta2^t)\n"
      "x = x - lr / (1 - beta1^t) * (m / (sqrt(v) / bc + 1e-8)) + 1e-6 * sign(f(x + m)) * clip(m, -1, 1)\n");
  const Surface surface = *makeSurface("himmelblau");
  const std::vector<Vec2> starts = {{-3.0, 2.5}, {0.5, -1.0}, {4.0, 4.0}, {-1.0, -3.5}, {2.0, 0.1}};
  // Each run with its own hyperparameters, run after run in params() order.
  const std::vector<double> params = {0.01, 0.9,   0.999, 0.05,  0.5,  0.99, 0.2, 0.0,
                                      0.9,  0.001, 0.95,  0.999, 0.03, 0.7,  0.9};
  ProgramBatch batch(program, params, *surface.evaluator, starts);
  std::vector<ProgramRun> alone;
  std::vector<Vec2> points = starts;
  for (std::size_t r = 0; r < starts.size(); ++r) {
    alone.emplace_back(program);
    ASSERT_TRUE(alone.back().setParamValues({params[3 * r], params[3 * r + 1], params[3 * r + 2]}));
  }
  for (int step = 0; step < 60; ++step) {
    const double lrScale = 1.0 / (1.0 + 0.05 * step);
    batch.step(1, lrScale);
    for (std::size_t r = 0; r < starts.size(); ++r) {
      Oracle oracle(*surface.evaluator);
      points[r] = alone[r].step(points[r], oracle, lrScale);
      ASSERT_EQ(bits(points[r].x), bits(batch.points()[r].x)) << "run " << r << " step " << step;
      ASSERT_EQ(bits(points[r].y), bits(batch.points()[r].y)) << "run " << r << " step " << step;
    }
  }
  EXPECT_EQ(batch.stepCount(), 60);
  for (std::size_t r = 0; r + 1 < starts.size(); ++r) EXPECT_NE(bits(points[r].x), bits(points[r + 1].x));
}

TEST(ProgramTools, BasinMapsOfProgramsInBatchRowsAreRunPixelsBitForBit) {
  const Surface himmelblau = *makeSurface("himmelblau");
  const Surface rosenbrock = *makeSurface("rosenbrock");
  EXPECT_EQ(expectBatchRowsAreRunPixels(basinRequest(
                himmelblau, pixelSettings("file:" + kProgramDir + "/adam.gso:lr=0.05", 120), 17, 13)),
            0);
  // The gradient at a look-ahead point, per run (grad(x + momentum * v)).
  expectBatchRowsAreRunPixels(basinRequest(
      rosenbrock, pixelSettings("file:" + kProgramDir + "/nesterov_lookahead.gso:lr=0.0005", 150), 15, 12));
  // grad(x - ...) and f(p) at other points, norm and dot across the coordinates, if: every kind of
  // instruction that reads a run's two lanes together.
  PixelSettings lookahead;
  lookahead.optimizer =
      Optimizer::fromProgram(compiled("hyper lr = 0.002 [1e-6, 1, log], beta = 0.8 [0, 0.99]\n"
                                      "state m = 0\n"
                                      "m = beta * m + grad(x - lr * beta * m)\n"
                                      "trial = x - lr * m\n"
                                      "cosine = dot(m, g) / (norm(m) * norm(g) + 1e-300)\n"
                                      "x = if(f(trial) < f, trial, x - lr * (1 - cosine) * g)\n"));
  lookahead.steps = 120;
  expectBatchRowsAreRunPixels(basinRequest(rosenbrock, lookahead, 14, 11));
  // A step too long for part of the grid: those pixels diverge (and stop) while their neighbours in
  // the same batch row run on.
  const int diverged = expectBatchRowsAreRunPixels(
      basinRequest(rosenbrock, pixelSettings("file:" + kProgramDir + "/sgd.gso:lr=0.0015", 100), 16, 12));
  EXPECT_GT(diverged, 0);
  EXPECT_LT(diverged, 16 * 12);
}

TEST(ProgramTools, HyperMapsOfProgramsInBatchRowsAreRunPixelsBitForBit) {
  const Surface himmelblau = *makeSurface("himmelblau");
  const Surface rosenbrock = *makeSurface("rosenbrock");
  expectBatchRowsAreRunPixels(hyperRequest(himmelblau,
                                           pixelSettings("file:" + kProgramDir + "/adam.gso", 100),
                                           "lr:1e-4:0.5:log", "beta1:0:0.99", 13, 9));
  // Each run of a row has its own lr and momentum; the longer steps diverge.
  const int diverged = expectBatchRowsAreRunPixels(
      hyperRequest(rosenbrock, pixelSettings("file:" + kProgramDir + "/nesterov_lookahead.gso", 100),
                   "lr:1e-5:1e-2:log", "momentum:0:0.99", 14, 10));
  EXPECT_GT(diverged, 0);
  EXPECT_LT(diverged, 14 * 10);
}

TEST(ProgramTools, TuningTheSgdProgramFindsTheBuiltinsLearningRate) {
  TuneRequest builtin, program;
  builtin.surface = program.surface = *makeSurface("quadratic");
  builtin.settings = pixelSettings("sgd", 50);
  program.settings = pixelSettings("file:" + kProgramDir + "/sgd.gso", 50);
  builtin.threads = program.threads = 2;
  ASSERT_FALSE(checkTuneRequest(program).has_value());
  const TuneResult a = tune(builtin);
  const TuneResult b = tune(program);
  ASSERT_EQ(a.best.size(), 1u);
  ASSERT_EQ(b.best.size(), 1u);
  EXPECT_EQ(bits(a.best[0]), bits(b.best[0]));
  EXPECT_EQ(bits(a.bestLoss), bits(b.bestLoss));
  EXPECT_GT(b.best[0], 1.0);  // between 1 and the stability limit 2/L = 2, as for the built-in
  EXPECT_LT(b.best[0], 2.0);
}

TEST(ProgramTools, TuningSearchesOnlyInsideTheLrRangeAProgramDeclares) {
  const Optimizer adam = parsed("file:" + kProgramDir + "/adam.gso");  // lr in [1e-6, 1]
  const HyperAxis axis = defaultTuneAxis(adam);
  EXPECT_EQ(axis.lo, 1e-5);
  EXPECT_EQ(axis.hi, 1.0);
  TuneRequest request;
  request.surface = *makeSurface("quadratic");
  request.settings.optimizer =
      Optimizer::fromProgram(compiled("hyper step = 0.1 [0, 1]\nx = x - step * g\n"));
  EXPECT_NE(checkTuneRequest(request).value_or("").find("lr cannot be searched"), std::string::npos);
}

}  // namespace
}  // namespace gs
