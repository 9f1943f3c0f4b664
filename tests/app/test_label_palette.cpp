// Labels over the views read in both themes: every text colour of the label palette keeps a contrast of
// at least 4.5:1 (WCAG AA) with its plate wherever the plate lies, over black, white or a mid grey.
#include <gtest/gtest.h>

#include "render/overlay_renderer.hpp"

namespace gs {
namespace {

TEST(LabelPalette, EveryTextColourReadsOnItsPlateOverAnyViewInBothThemes) {
  for (const bool light : {false, true}) {
    const LabelPalette& palette = labelPalette(light);
    for (const Rgba& view : {Rgba{0, 0, 0, 1}, Rgba{1, 1, 1, 1}, Rgba{0.5f, 0.5f, 0.5f, 1},
                             Rgba{0.96f, 0.96f, 0.95f, 1}, Rgba{0.99f, 0.91f, 0.14f, 1}}) {
      const Rgba ground = composite(palette.plate, view);
      for (const Rgba& text : {palette.ink, palette.note, palette.xUnits, palette.gradientUnits,
                               palette.curvature, palette.ownUnits})
        EXPECT_GE(contrastRatio(text, ground), 4.5)
            << (light ? "light" : "dark") << " theme, text " << text[0] << "," << text[1] << "," << text[2]
            << " over " << view[0] << "," << view[1] << "," << view[2];
    }
  }
}

TEST(LabelPalette, ContrastRatioFollowsWcag) {
  EXPECT_NEAR(contrastRatio({0, 0, 0, 1}, {1, 1, 1, 1}), 21.0, 1e-9);
  EXPECT_NEAR(contrastRatio({0.5f, 0.5f, 0.5f, 1}, {0.5f, 0.5f, 0.5f, 1}), 1.0, 1e-9);
  // A black plate at 72% over white is a dark grey (0.28).
  const Rgba grey = composite({0, 0, 0, 0.72f}, {1, 1, 1, 1});
  EXPECT_NEAR(grey[0], 0.28f, 1e-6f);
}

}  // namespace
}  // namespace gs
