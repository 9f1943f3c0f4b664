// The plots' curves stroked on the CPU (render/curve_image.hpp): coverage, joints, order, wild points, and
// the texture whose id changes exactly when the picture does.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "render/curve_image.hpp"
#include "test_render_fixture.hpp"

namespace gs {
namespace {

std::array<int, 4> pixel(const CurveImage& image, int x, int y) {
  const std::size_t i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) + x) * 4;
  return {image.rgba[i], image.rgba[i + 1], image.rgba[i + 2], image.rgba[i + 3]};
}

constexpr ImU32 kRed = IM_COL32(255, 0, 0, 255);
constexpr ImU32 kBlue = IM_COL32(0, 0, 255, 255);

TEST(CurveCanvas, ALineCoversThePixelsWithinHalfItsWidthAndFadesOverOnePixel) {
  CurveCanvas canvas;
  canvas.reset(20, 10);
  // A horizontal line at y = 5.25, one pixel wide: the row whose centre is 0.25 away is covered 3/4, the
  // row 0.75 away 1/4, rows further away not at all.
  const std::vector<ImVec2> line{ImVec2(-5.0f, 5.25f), ImVec2(25.0f, 5.25f)};
  canvas.stroke(line, kRed, 1.0f);
  const CurveImage image = canvas.image();
  ASSERT_EQ(image.width, 20);
  ASSERT_EQ(image.height, 10);
  ASSERT_EQ(image.rgba.size(), 20u * 10u * 4u);
  for (int x = 0; x < 20; ++x) {
    EXPECT_EQ(pixel(image, x, 5), (std::array<int, 4>{255, 0, 0, 191})) << x;
    EXPECT_EQ(pixel(image, x, 4), (std::array<int, 4>{255, 0, 0, 64})) << x;
    EXPECT_EQ(pixel(image, x, 3)[3], 0) << x;
    EXPECT_EQ(pixel(image, x, 6)[3], 0) << x;
  }
}

TEST(CurveCanvas, APolylineCoversItsJointsOnceSoATranslucentLineIsEvenThroughout) {
  CurveCanvas canvas;
  canvas.reset(40, 40);
  // A zigzag like a noisy run's: each segment alone would reach alpha 128 at most; compositing segment
  // by segment would give the joints 1 - (1 - 0.5)^2 = 0.75.
  const std::vector<ImVec2> zigzag{ImVec2(2, 30), ImVec2(10, 5), ImVec2(18, 30), ImVec2(26, 5),
                                   ImVec2(34, 30)};
  canvas.stroke(zigzag, IM_COL32(0, 255, 0, 128), 2.0f);
  const CurveImage image = canvas.image();
  int covered = 0;
  for (int y = 0; y < 40; ++y)
    for (int x = 0; x < 40; ++x) {
      const auto p = pixel(image, x, y);
      EXPECT_LE(p[3], 128) << x << "," << y;
      if (p[3] > 0) {
        ++covered;
        EXPECT_EQ(p[1], 255);
      }
    }
  EXPECT_GT(covered, 4 * 25 * 2);  // four segments of about 26 pixels, two pixels wide
}

TEST(CurveCanvas, LaterLinesAreDrawnOverEarlierOnes) {
  CurveCanvas canvas;
  canvas.reset(20, 20);
  const std::vector<ImVec2> across{ImVec2(0, 10), ImVec2(20, 10)};
  const std::vector<ImVec2> down{ImVec2(10, 0), ImVec2(10, 20)};
  canvas.stroke(across, kRed, 2.0f);
  canvas.stroke(down, kBlue, 2.0f);
  const CurveImage image = canvas.image();
  EXPECT_EQ(pixel(image, 9, 9), (std::array<int, 4>{0, 0, 255, 255}));  // the crossing: blue
  EXPECT_EQ(pixel(image, 3, 9), (std::array<int, 4>{255, 0, 0, 255}));  // red away from it
  EXPECT_EQ(pixel(image, 9, 3), (std::array<int, 4>{0, 0, 255, 255}));
  EXPECT_EQ(pixel(image, 3, 3)[3], 0);
}

TEST(CurveCanvas, FarAndNonFinitePointsNeitherHangNorPaintOutsideTheirLine) {
  CurveCanvas canvas;
  canvas.reset(30, 10);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  // A diverged run's line: from inside to 1e30 (the top edge and beyond), then a NaN that breaks it.
  const std::vector<ImVec2> diverging{ImVec2(5, 5), ImVec2(1e30f, -1e30f), ImVec2(nan, nan), ImVec2(20, 5),
                                      ImVec2(25, 5)};
  canvas.stroke(diverging, kRed, 2.0f);
  const CurveImage image = canvas.image();
  EXPECT_EQ(pixel(image, 22, 4), (std::array<int, 4>{255, 0, 0, 255}));  // the finite segment after the NaN
  EXPECT_EQ(pixel(image, 12, 4)[3], 0);                                  // nothing joins across the NaN
  EXPECT_EQ(pixel(image, 6, 3)[3], 255);  // the line towards 1e30 leaves through the top
  EXPECT_EQ(pixel(image, 0, 9)[3], 0);
}

TEST(CurveCanvas, ResetEmptiesTheCanvas) {
  CurveCanvas canvas;
  canvas.reset(8, 8);
  const std::vector<ImVec2> line{ImVec2(0, 4), ImVec2(8, 4)};
  canvas.stroke(line, kRed, 2.0f);
  canvas.reset(8, 8);
  const CurveImage image = canvas.image();
  for (std::size_t i = 3; i < image.rgba.size(); i += 4) EXPECT_EQ(image.rgba[i], 0);
}

// Strokes `lines` in turn, translucent white, into a width x height canvas and checks every pixel's alpha
// against the rule in curve_image.hpp: the coverage of each pixel computed here pixel by pixel from the
// nearest segment of each polyline, composited polyline after polyline.
void expectNearestSegmentCoverage(int width, int height, const std::vector<std::vector<ImVec2>>& lines,
                                  float lineWidth) {
  const float reach = 0.5f * lineWidth + 0.5f;
  CurveCanvas canvas;
  canvas.reset(width, height);
  std::vector<float> alpha(static_cast<std::size_t>(width * height), 0.0f);
  for (const std::vector<ImVec2>& line : lines) {
    canvas.stroke(line, IM_COL32(255, 255, 255, 128), lineWidth);
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x) {
        const float px = static_cast<float>(x) + 0.5f, py = static_cast<float>(y) + 0.5f;
        float nearest = std::numeric_limits<float>::infinity();
        for (std::size_t k = 0; k + 1 < line.size(); ++k) {
          const ImVec2 a = line[k], b = line[k + 1];
          const float dx = b.x - a.x, dy = b.y - a.y, length2 = dx * dx + dy * dy;
          const float t =
              length2 > 0.0f ? std::clamp(((px - a.x) * dx + (py - a.y) * dy) / length2, 0.0f, 1.0f) : 0.0f;
          nearest = std::min(nearest, std::hypot(px - (a.x + t * dx), py - (a.y + t * dy)));
        }
        const float a = (128.0f / 255.0f) * std::clamp(reach - nearest, 0.0f, 1.0f);
        float& held = alpha[static_cast<std::size_t>(y * width + x)];
        held = a + held * (1.0f - a);
      }
  }
  const CurveImage image = canvas.image();
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      EXPECT_NEAR(pixel(image, x, y)[3], 255.0f * alpha[static_cast<std::size_t>(y * width + x)], 1.01f)
          << "width " << width << ", line width " << lineWidth << ", pixel " << x << "," << y;
}

// A canvas whose width is no multiple of the stroking's pack of columns (7 and 13), zigzags reaching past
// both side edges (a row's last pack runs into the next row) and steep, flat and dot segments.
TEST(CurveCanvas, EveryPixelHasTheCoverageOfItsNearestSegment) {
  for (const int width : {7, 13, 40}) {
    std::vector<std::vector<ImVec2>> lines;
    std::vector<ImVec2> zigzag;
    for (int k = 0; k < 30; ++k)
      zigzag.emplace_back(-3.0f + 0.37f * static_cast<float>(k * width) / 10.0f, k % 2 ? 1.3f : 21.6f);
    lines.push_back(zigzag);
    lines.push_back({ImVec2(-4.0f, 11.2f), ImVec2(static_cast<float>(width) + 3.0f, 12.7f)});
    lines.push_back({ImVec2(2.5f, 6.5f), ImVec2(2.5f, 6.5f)});  // a dot
    expectNearestSegmentCoverage(width, 23, lines, 2.0f);
  }
}

// Only the pixels a line can reach are visited (curve_image.cpp): vertical, horizontal and slanted
// segments and dots at every sixteenth of a pixel, of one, two and three pixels' width, lose no pixel at
// the ends of their rows and columns.
TEST(CurveCanvas, LinesAtEveryFractionOfAPixelCoverEveryPixelTheyReach) {
  for (const float lineWidth : {1.0f, 2.0f, 3.0f})
    for (int sixteenth = 0; sixteenth < 16; ++sixteenth) {
      const float f = 4.0f + static_cast<float>(sixteenth) / 16.0f;
      const std::vector<std::vector<ImVec2>> lines = {
          {ImVec2(f, f), ImVec2(f, f + 5.0f)},                       // vertical
          {ImVec2(f + 3.0f, f), ImVec2(f + 8.0f, f)},                // horizontal
          {ImVec2(f, f + 7.0f), ImVec2(f + 6.0f, f + 9.5f)},         // slanted
          {ImVec2(f + 9.0f, f + 3.0f), ImVec2(f + 9.0f, f + 3.0f)},  // a dot
      };
      expectNearestSegmentCoverage(20, 20, lines, lineWidth);
    }
}

using CurveTextureTest = testing::RenderTest;

TEST_F(CurveTextureTest, EachPictureComesUnderTheIdAnnouncedForItAndStaysThere) {
  // The panel cache tells a changed panel by its draw commands: a new picture must come with a new
  // texture id (announced before it is stroked), and the id must stay while no picture comes.
  CurveCanvas canvas;
  canvas.reset(16, 8);
  const std::vector<ImVec2> line{ImVec2(0, 4), ImVec2(16, 4)};
  canvas.stroke(line, kRed, 2.0f);
  CurveTexture texture;
  const ImTextureID announced = texture.nextImguiId();
  EXPECT_EQ(texture.nextImguiId(), announced);  // asking again changes nothing
  texture.show(canvas.image());
  const ImTextureID first = texture.imguiId();
  EXPECT_EQ(first, announced);
  ASSERT_NE(first, ImTextureID{});
  EXPECT_EQ(texture.imguiId(), first);

  canvas.stroke(line, kBlue, 2.0f);
  const ImTextureID next = texture.nextImguiId();
  EXPECT_NE(next, first);
  texture.show(canvas.image());
  EXPECT_EQ(texture.imguiId(), next);

  // What the texture holds is the picture: read back, the line's row is blue.
  std::vector<std::uint8_t> texels(16 * 8 * 4);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::intptr_t>(next)));
  glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, texels.data());
  glBindTexture(GL_TEXTURE_2D, 0);
  const std::size_t row3 = 3 * 16 * 4;
  EXPECT_EQ(texels[row3 + 2], 255);
  EXPECT_EQ(texels[row3 + 3], 255);
  EXPECT_EQ(texels[row3], 0);

  // A third picture of the same size goes into the first texture's storage (replaced in place), and
  // then one of another size: each read back is that picture.
  const auto readBack = [](ImTextureID id, int width, int height) {
    std::vector<std::uint8_t> out(static_cast<std::size_t>(width * height * 4));
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::intptr_t>(id)));
    glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, out.data());
    glBindTexture(GL_TEXTURE_2D, 0);
    return out;
  };
  canvas.reset(16, 8);
  canvas.stroke(std::vector<ImVec2>{ImVec2(0, 1), ImVec2(16, 1)}, kRed, 2.0f);
  EXPECT_EQ(texture.nextImguiId(), first);
  const CurveImage third = canvas.image();
  texture.show(third);
  EXPECT_EQ(readBack(first, 16, 8), third.rgba);
  canvas.reset(20, 10);
  canvas.stroke(std::vector<ImVec2>{ImVec2(10, 0), ImVec2(10, 10)}, kBlue, 2.0f);
  const CurveImage resized = canvas.image();
  texture.show(resized);
  EXPECT_EQ(readBack(next, 20, 10), resized.rgba);
}

}  // namespace
}  // namespace gs
