// Render tests of the overlay's economical shapes (render/overlay_renderer): a disc or ring is one square
// shaded by its distance to the centre, a line of text is one square whose glyphs are composed on the
// CPU, and text drawn by its own program keeps its place in the drawing order.
#include <cmath>
#include <string>

#include "render/overlay_renderer.hpp"
#include "test_render_fixture.hpp"

namespace gs::testing {
namespace {

constexpr Rgba kWhiteInk{1.0f, 1.0f, 1.0f, 1.0f};
constexpr Rgba kRedInk{1.0f, 0.0f, 0.0f, 1.0f};

class OverlayTest : public RenderTest {
 protected:
  void clear() {
    target_->bind();
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
  }
  Image draw(OverlayRenderer& overlay) {
    overlay.flush(kSize, kSize);
    glFinish();
    return Image{kSize, kSize, target_->readRgba()};
  }
};

// The ink of channel `c` (0 to 1 per pixel) in the box [x0, x1) x [y0, y1).
double ink(const Image& image, int c, int x0, int y0, int x1, int y1) {
  double sum = 0.0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) sum += image.at(x, y)[static_cast<std::size_t>(c)] / 255.0;
  return sum;
}

TEST_F(OverlayTest, DiscsAndRingsAreOneSquareEachAndRound) {
  clear();
  OverlayRenderer overlay(14.0f);
  const double radius = 20.0;
  overlay.disc({64.0, 64.0}, float(radius), kWhiteInk);
  overlay.ring({180.0, 64.0}, float(radius), 3.0f, kWhiteInk);
  EXPECT_EQ(overlay.vertexCount(), 12u);  // two triangles each, where polygons took 60 and more
  const Image image = draw(overlay);
  // The disc: full inside, nothing a pixel and a half beyond its radius, soft in between, with about
  // the ink of a circle half a pixel larger (full to the radius, fading over the next pixel).
  EXPECT_EQ(image.at(64, 64)[0], 255);
  EXPECT_EQ(image.at(64 + 18, 64)[0], 255);
  EXPECT_EQ(image.at(64, 64 + 22)[0], 0);
  const int edge = image.at(64 + 20, 64)[0];  // the pixel whose centre is 20.5 away
  EXPECT_GT(edge, 60);
  EXPECT_LT(edge, 200);
  EXPECT_NEAR(ink(image, 0, 0, 0, 128, 128), M_PI * (radius + 0.5) * (radius + 0.5),
              0.02 * M_PI * radius * radius);
  // The ring: hollow, its band on the circle, with the ink of a band three pixels wide.
  EXPECT_EQ(image.at(180, 64)[0], 0);
  EXPECT_EQ(image.at(180 + 10, 64)[0], 0);
  EXPECT_GT(image.at(180, 64 + 20)[0], 200);
  EXPECT_GT(image.at(180 - 14, 64 - 14)[0], 150);  // on the circle at 45 degrees: every way round
  EXPECT_NEAR(ink(image, 0, 128, 0, kSize, 128), 2.0 * M_PI * radius * 3.0, 0.05 * 2.0 * M_PI * radius * 3.0);
}

TEST_F(OverlayTest, ALineOfTextIsOneSquareAndShowsItsGlyphs) {
  clear();
  OverlayRenderer overlay(14.0f);
  const std::string text = "gradscape 0123456789";
  overlay.text({20.0, 100.0}, text, kWhiteInk);
  EXPECT_EQ(overlay.vertexCount(), 6u);  // whatever its length
  const Image image = draw(overlay);
  // Its ink lies on its baseline, within the width the font gives it, and the glyphs are smooth.
  const int right = 20 + int(std::ceil(overlay.textWidth(text)));
  const double all = ink(image, 0, 0, 0, kSize, kSize);
  EXPECT_GT(all, 10.0 * double(text.size()));
  EXPECT_DOUBLE_EQ(ink(image, 0, 18, 100 - 16, right + 2, 100 + 6), all);
  int partial = 0;
  for (int y = 80; y < 110; ++y)
    for (int x = 0; x < kSize; ++x) partial += image.at(x, y)[0] > 20 && image.at(x, y)[0] < 235;
  EXPECT_GT(partial, int(text.size()));
}

// The glyphs stand the right way up: a T's ink is at its top, an underscore's at the baseline.
TEST_F(OverlayTest, GlyphsStandTheRightWayUp) {
  clear();
  OverlayRenderer overlay(20.0f);
  overlay.text({20.0, 60.0}, "TTTT", kWhiteInk);
  overlay.text({20.0, 160.0}, "____", kWhiteInk);
  const Image image = draw(overlay);
  const auto inkiestRow = [&](int baseline) {
    int best = baseline - 25;
    for (int y = baseline - 25; y < baseline + 8; ++y)
      if (ink(image, 0, 0, y, kSize, y + 1) > ink(image, 0, 0, best, kSize, best + 1)) best = y;
    return best;
  };
  EXPECT_LT(inkiestRow(60), 60 - 10);  // the bar, a cap height (about 0.7 of 20 pixels) up
  EXPECT_GE(inkiestRow(160), 160 - 1);
}

// Lines of one flush share one texture: each shows exactly what it shows when drawn alone.
TEST_F(OverlayTest, LinesDrawnTogetherLookAsEachDrawnAlone) {
  const struct {
    Vec2 at;
    std::string text;
  } lines[] = {
      {{10.0, 30.0}, "converged at 136"}, {{40.0, 120.0}, "x 1.18"}, {{5.0, 220.0}, "lr=0.01467 {[]}"}};
  clear();
  OverlayRenderer overlay(14.0f);
  for (const auto& line : lines) overlay.text(line.at, line.text, kWhiteInk);
  const Image together = draw(overlay);
  for (const auto& line : lines) {
    SCOPED_TRACE(line.text);
    clear();
    overlay.text(line.at, line.text, kWhiteInk);
    const Image alone = draw(overlay);
    const int top = int(line.at.y) - 20, bottom = int(line.at.y) + 8;
    for (int y = top; y < bottom; ++y)
      for (int x = 0; x < kSize; ++x) ASSERT_EQ(alone.at(x, y), together.at(x, y)) << x << ", " << y;
  }
}

// Text is drawn after the shapes of its layer, but a shape that overlaps text collected before it
// starts a new layer: it still covers that text, and text after it lies on top of it.
TEST_F(OverlayTest, AShapeDrawnOverTextStillCoversIt) {
  const auto whiteIn = [](const Image& image, int x0, int y0, int x1, int y1) {
    int n = 0;
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) n += image.at(x, y)[1] > 128;
    return n;
  };
  clear();
  OverlayRenderer overlay(14.0f);
  overlay.text({20.0, 60.0}, "MMMMMMMM", kWhiteInk);
  const double middle = 20.0 + 0.5 * overlay.textWidth("MMMMMMMM");
  overlay.disc({200.0, 200.0}, 5.0f, kRedInk);  // beside the text: no new layer
  EXPECT_TRUE(overlay.layerEnds().empty());
  overlay.filledRect({10.0, 40.0}, {middle, 70.0}, kRedInk);  // over the left half of the text
  EXPECT_EQ(overlay.layerEnds().size(), 1u);
  overlay.text({20.0, 120.0}, "WWWWWW", kWhiteInk);
  overlay.filledRect({10.0, 100.0}, {200.0, 130.0}, kRedInk);  // a plate over it
  overlay.text({30.0, 125.0}, "on top", kWhiteInk);            // and text on the plate
  const Image image = draw(overlay);
  EXPECT_EQ(whiteIn(image, 10, 40, int(middle), 70), 0);        // covered
  EXPECT_GT(whiteIn(image, int(middle) + 1, 40, 200, 70), 20);  // the right half shows
  // The plate shows "on top" and nothing of the text under it.
  clear();
  overlay.filledRect({10.0, 100.0}, {200.0, 130.0}, kRedInk);
  overlay.text({30.0, 125.0}, "on top", kWhiteInk);
  const Image plate = draw(overlay);
  EXPECT_GT(whiteIn(plate, 10, 100, 200, 130), 20);
  EXPECT_EQ(whiteIn(image, 10, 100, 200, 130), whiteIn(plate, 10, 100, 200, 130));
}

// Large solid shapes (plates, bands) are drawn by a program of their own, the rest by the general one, in
// runs that keep the order they were queued in: a plate covers the line and the disc queued before it,
// and a line, a disc and a small solid arrow head queued after it lie on top of it.
TEST_F(OverlayTest, APlateDrawnByTheSolidProgramKeepsItsPlaceInTheDrawingOrder) {
  constexpr Rgba kBlueInk{0.0f, 0.0f, 1.0f, 1.0f};
  clear();
  OverlayRenderer overlay(14.0f);
  overlay.line({20.0, 60.0}, {230.0, 60.0}, 4.0f, kRedInk);  // under the plate
  overlay.disc({40.0, 100.0}, 8.0f, kRedInk);
  overlay.filledRect({10.0, 40.0}, {240.0, 200.0}, kBlueInk);    // the plate, 230 x 160
  overlay.line({20.0, 150.0}, {230.0, 150.0}, 4.0f, kWhiteInk);  // over it
  overlay.disc({200.0, 100.0}, 8.0f, kWhiteInk);
  overlay.arrow({60.0, 180.0}, {140.0, 180.0}, 4.0f, kWhiteInk);
  const Image image = draw(overlay);
  const auto blue = [&](int x, int y) { return image.at(x, y) == Pixel{0, 0, 255}; };
  EXPECT_TRUE(blue(100, 60)) << "the plate covers the line before it";
  EXPECT_TRUE(blue(40, 100)) << "and the disc";
  EXPECT_TRUE(blue(100, 120)) << "the plate is whole";
  EXPECT_EQ(image.at(100, 150), (Pixel{255, 255, 255})) << "the line after it is on top";
  EXPECT_EQ(image.at(200, 100), (Pixel{255, 255, 255})) << "the disc after it";
  EXPECT_EQ(image.at(137, 180), (Pixel{255, 255, 255})) << "the arrow's head after it";
  EXPECT_EQ(image.at(5, 5), (Pixel{0, 0, 0})) << "nothing outside";
}

}  // namespace
}  // namespace gs::testing
