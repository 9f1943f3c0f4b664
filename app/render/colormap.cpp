#include "render/colormap.hpp"

#include <algorithm>
#include <cmath>

namespace gs {

namespace {

using Poly = std::array<std::array<double, 3>, 7>;

// Polynomial fits of matplotlib's tables (Matt Zucker, public domain), coefficients of t^0..t^6.
constexpr Poly kViridis = {{{0.2777273272234177, 0.005407344544966578, 0.3340998053353061},
                            {0.1050930431085774, 1.404613529898575, 1.384590162594685},
                            {-0.3308618287255563, 0.214847559468213, 0.09509516302823659},
                            {-4.634230498983486, -5.799100973351585, -19.33244095627987},
                            {6.228269936347081, 14.17993336680509, 56.69055260068105},
                            {4.776384997670288, -13.74514537774601, -65.35303263337234},
                            {-5.435455855934631, 4.645852612178535, 26.3124352495832}}};
constexpr Poly kMagma = {{{-0.002136485053939582, -0.000749655052795221, -0.005386127855323933},
                          {0.2516605407371642, 0.6775232436837668, 2.494026599312351},
                          {8.353717279216625, -3.577719514958484, 0.3144679030132573},
                          {-27.66873308576866, 14.26473078096533, -13.64921318813922},
                          {52.17613981234068, -27.94360607168351, 12.94416944238394},
                          {-50.76852536473588, 29.04658282127291, 4.23415299384598},
                          {18.65570506591883, -11.48977351997711, -5.601961508734096}}};

std::array<double, 3> evaluate(const Poly& poly, double t) {
  std::array<double, 3> rgb{};
  for (int channel = 0; channel < 3; ++channel) {
    double value = 0.0;
    for (int k = 6; k >= 0; --k)
      value = value * t + poly[static_cast<std::size_t>(k)][static_cast<std::size_t>(channel)];
    rgb[static_cast<std::size_t>(channel)] = value;
  }
  return rgb;
}

// --- Moreland's diverging map: sRGB <-> CIELAB <-> Msh (polar Lab), interpolated through white. ---
struct Msh {
  double m, s, h;
};

double toLinear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
double toSrgb(double c) { return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055; }
constexpr double kWhite[3] = {0.95047, 1.0, 1.08883};  // D65
double labF(double v) { return v > 0.008856 ? std::cbrt(v) : 7.787 * v + 16.0 / 116.0; }
double labFInverse(double v) { return v > 0.206893 ? v * v * v : (v - 16.0 / 116.0) / 7.787; }

Msh srgbToMsh(double r8, double g8, double b8) {
  const double r = toLinear(r8 / 255.0), g = toLinear(g8 / 255.0), b = toLinear(b8 / 255.0);
  const double x = 0.4124 * r + 0.3576 * g + 0.1805 * b;
  const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const double z = 0.0193 * r + 0.1192 * g + 0.9505 * b;
  const double fx = labF(x / kWhite[0]), fy = labF(y / kWhite[1]), fz = labF(z / kWhite[2]);
  const double l = 116.0 * fy - 16.0, a = 500.0 * (fx - fy), bb = 200.0 * (fy - fz);
  const double m = std::sqrt(l * l + a * a + bb * bb);
  return {m, m > 0 ? std::acos(l / m) : 0.0, std::atan2(bb, a)};
}

std::array<double, 3> mshToSrgb(const Msh& c) {
  const double l = c.m * std::cos(c.s), a = c.m * std::sin(c.s) * std::cos(c.h),
               b = c.m * std::sin(c.s) * std::sin(c.h);
  const double fy = (l + 16.0) / 116.0, fx = fy + a / 500.0, fz = fy - b / 200.0;
  const double x = kWhite[0] * labFInverse(fx), y = kWhite[1] * labFInverse(fy),
               z = kWhite[2] * labFInverse(fz);
  const double r = 3.2406 * x - 1.5372 * y - 0.4986 * z;
  const double g = -0.9689 * x + 1.8758 * y + 0.0415 * z;
  const double bl = 0.0557 * x - 0.2040 * y + 1.0570 * z;
  return {toSrgb(std::clamp(r, 0.0, 1.0)), toSrgb(std::clamp(g, 0.0, 1.0)), toSrgb(std::clamp(bl, 0.0, 1.0))};
}

// Hue spin near the unsaturated midpoint so the hue changes evenly (Moreland's adjustHue).
double adjustHue(const Msh& saturated, double unsaturatedM) {
  if (saturated.m >= unsaturatedM) return saturated.h;
  const double spin = saturated.s * std::sqrt(unsaturatedM * unsaturatedM - saturated.m * saturated.m) /
                      (saturated.m * std::sin(saturated.s));
  return saturated.h > -M_PI / 3.0 ? saturated.h + spin : saturated.h - spin;
}

std::array<double, 3> coolToWarm(double t) {
  Msh cool = srgbToMsh(59, 76, 192), warm = srgbToMsh(180, 4, 38);
  const double midM = std::max({cool.m, warm.m, 88.0});
  Msh from = cool, to{midM, 0.0, 0.0};
  double u = 2.0 * t;
  if (t >= 0.5) {
    from = {midM, 0.0, 0.0};
    to = warm;
    u = 2.0 * t - 1.0;
  }
  if (from.s < 0.05 && to.s > 0.05) from.h = adjustHue(to, from.m);
  if (to.s < 0.05 && from.s > 0.05) to.h = adjustHue(from, to.m);
  return mshToSrgb({(1 - u) * from.m + u * to.m, (1 - u) * from.s + u * to.s, (1 - u) * from.h + u * to.h});
}

ColormapTable buildTable(Colormap map) {
  ColormapTable table{};
  for (int i = 0; i < kColormapSize; ++i) {
    const double t = i / double(kColormapSize - 1);
    const std::array<double, 3> rgb = map == Colormap::Viridis ? evaluate(kViridis, t)
                                      : map == Colormap::Magma ? evaluate(kMagma, t)
                                                               : coolToWarm(t);
    for (std::size_t c = 0; c < 3; ++c)
      table[static_cast<std::size_t>(i)][c] =
          static_cast<std::uint8_t>(std::lround(std::clamp(rgb[c], 0.0, 1.0) * 255.0));
  }
  return table;
}

}  // namespace

const ColormapTable& colormapTable(Colormap map) {
  static const std::array<ColormapTable, kColormapCount> tables = {
      buildTable(Colormap::Viridis), buildTable(Colormap::Magma), buildTable(Colormap::Diverging)};
  return tables[static_cast<std::size_t>(colormapRow(map))];
}

int colormapRow(Colormap map) {
  switch (map) {
    case Colormap::Viridis:
      return 0;
    case Colormap::Magma:
      return 1;
    case Colormap::Diverging:
      return 2;
  }
  return 0;
}

Color sampleColormap(Colormap map, double t) {
  const double clamped = std::isnan(t) ? 0.0 : std::clamp(t, 0.0, 1.0);
  const auto& entry =
      colormapTable(map)[static_cast<std::size_t>(std::lround(clamped * (kColormapSize - 1)))];
  return {entry[0] / 255.0f, entry[1] / 255.0f, entry[2] / 255.0f};
}

gl::Texture makeColormapTexture() {
  std::vector<std::uint8_t> texels;
  for (const Colormap map : {Colormap::Viridis, Colormap::Magma, Colormap::Diverging})
    for (const auto& rgb : colormapTable(map)) texels.insert(texels.end(), {rgb[0], rgb[1], rgb[2], 255});
  gl::Texture texture = gl::makeTexture();
  glBindTexture(GL_TEXTURE_2D, texture.id());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kColormapSize, kColormapCount, 0, GL_RGBA, GL_UNSIGNED_BYTE,
               texels.data());
  gl::setSampling(GL_LINEAR);
  return texture;
}

}  // namespace gs
