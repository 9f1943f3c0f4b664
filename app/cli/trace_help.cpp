// `gradscape trace --help` and `--list`: the catalog as a reference card, read from the same tables the
// parser uses so it can never drift from what is accepted.
#include <ostream>

#include "cli/trace_output.hpp"
#include "core/expr/expression.hpp"
#include "core/io/spec.hpp"
#include "core/maps/seeds.hpp"

namespace gs::cli {
namespace {

std::string point(Vec2 p) { return concat("(", formatNumber(p.x), ", ", formatNumber(p.y), ")"); }

std::string range(const ParamInfo& info) {
  switch (info.type) {
    case ParamType::Bool:
      return "true or false";
    case ParamType::Choice: {
      std::string choices;
      for (const auto& choice : info.choices) choices.append(choices.empty() ? "" : " | ").append(choice);
      return choices;
    }
    case ParamType::Integer:
    case ParamType::Real:
      break;
  }
  return concat("[", formatNumber(info.min), ", ", formatNumber(info.max), "]",
                info.logScale ? ", log scale" : "");
}

// One line per minimum, numbered as the map CSV's `minimum` column indexes them (surface.minima's order).
void writeMinima(const Surface& surface, std::ostream& out) {
  if (surface.minima.empty()) out << "      minima: none listed (maps cluster the end points)\n";
  for (std::size_t i = 0; i < surface.minima.size(); ++i) {
    const CriticalPoint& minimum = surface.minima[i];
    out << "      minimum " << i << " " << point(minimum.point) << " f=" << formatNumber(minimum.value)
        << (minimum.global ? " global" : "") << '\n';
  }
}

void writeSurfaces(std::ostream& out) {
  out << "Surfaces (--surface NAME, or --surface expr:FORMULA in x and y):\n";
  for (const auto& name : surfaceNames()) {
    const auto surface = makeSurface(name);
    if (!surface) continue;
    const Domain& d = surface->domain;
    out << "  " << name << "  " << surface->title << "\n      domain [" << formatNumber(d.xMin) << ", "
        << formatNumber(d.xMax) << "] x [" << formatNumber(d.yMin) << ", " << formatNumber(d.yMax)
        << "], start " << point(surface->start);
    if (surface->evaluator->dataSize() > 0)
      out << ", " << surface->evaluator->dataSize() << " examples (--batch M)";
    out << "\n      lesson: " << surface->lesson << '\n';
    writeMinima(*surface, out);
  }
}

void writeOptimizers(std::ostream& out) {
  out << "\nOptimizers (--optimizer NAME or NAME:key=value,key=value):\n";
  for (const auto& name : Optimizer::names()) {
    const auto optimizer = Optimizer::create(name);
    if (!optimizer) continue;
    out << "  " << name << "  " << optimizer->title() << " (" << optimizer->convention() << ")\n";
    for (const auto& info : optimizer->params())
      out << "      " << info.name << " = " << formatParamValue(info, info.defaultValue) << "  ("
          << range(info) << ")  " << info.tooltip << '\n';
  }
}

}  // namespace

void writeTraceHelp(std::ostream& out) {
  out << "usage: gradscape trace --surface NAME|expr:FORMULA [--start X,Y] [--steps N]\n"
         "                      --optimizer SPEC [--optimizer SPEC ...] [--schedule SPEC]\n"
         "                      [--format csv|json] [--seed S] [--batch M [--seeds K]]\n"
         "       gradscape trace --list | --help | -h\n\n"
         "Steps each optimizer from the start and prints every step (step 0 is the start).\n"
         "  --surface   a catalog name (see --list) or expr:FORMULA, e.g. expr:x^2+3*y^2 (nesting at most "
      << kMaxFormulaDepth
      << " levels)\n"
         "  --start     X,Y (default: the surface's start); --start=X,Y works too, negatives included\n"
         "  --steps     0 to 10000000 (default 100)\n"
         "  --optimizer name or name:key=value,... e.g. adam:lr=0.1,amsgrad=true (repeatable)\n"
         "  --schedule  learning-rate schedule for the optimizers after it: constant, "
         "step:size=100,gamma=0.5,\n"
         "              linear:tau=1000,final=0.01, inverse:decay=0.01, cosine:total=1000,min=0; add "
         ",warmup=N\n"
         "  --format    csv (default): "
         "optimizer,step,x,y,loss,gradient_norm,step_length,gradient_evaluations\n"
         "              json: {\"surface\", \"runs\": [{\"optimizer\", \"params\", \"path\": "
         "[[step,x,y,loss],...],\n"
         "              \"status\", \"status_step\"}]}\n"
         "  --seed      minibatch sampling seed (default 1)\n"
         "  --batch     minibatch size on data surfaces (default 0: the exact full-batch gradient)\n"
         "  --seeds     K (1 to "
      << kMaxSeeds
      << ", with --batch): each optimizer run with seeds S to S+K-1, written per step as the\n"
         "              mean path and its band, CSV optimizer,step,x,y,loss,x_std,y_std,loss_std,seeds:\n"
         "              x, y, loss the means over the seeds still finite (seeds of them), _std their\n"
         "              population standard deviations; a diverged seed leaves the band (stderr says when)\n"
         "Numbers have 17 significant digits. A run that diverges ends at its last finite point and stderr\n"
         "says at which step. Bad input: one line on stderr, nothing on stdout, exit status 2.\n";
}

void writeTraceList(std::ostream& out) {
  writeSurfaces(out);
  writeOptimizers(out);
  out << "\nSchedules (--schedule SPEC; the lr at every step is torch.optim.lr_scheduler's):\n"
         "  constant                   a fixed lr (no scheduler)\n"
         "  step:size=100,gamma=0.5    StepLR(step_size=100, gamma=0.5)\n"
         "  linear:tau=1000,final=0.01 LinearLR(start_factor=1, end_factor=0.01, total_iters=1000)\n"
         "  inverse:decay=0.01         LambdaLR(lambda t: 1 / (1 + 0.01 * t))\n"
         "  cosine:total=1000,min=0    CosineAnnealingLR(T_max=1000, eta_min=0 * lr), rising again after "
         "T_max\n"
         "  any of them with ,warmup=N (constant,warmup=10 or step:size=100,warmup=5):\n"
         "                             SequentialLR([LinearLR(start_factor=1/N, end_factor=1, "
         "total_iters=N-1),\n"
         "                             SCHEDULE], milestones=[N])\n";
}

}  // namespace gs::cli
