// The texture copier (gl/color_target.hpp): rectangles of a target copied texel for pixel, one at a time
// and many in one draw, and nothing else touched.
#include <vector>

#include "gl/color_target.hpp"
#include "test_render_fixture.hpp"

namespace gs::testing {
namespace {

constexpr int kSourceWidth = 64, kSourceHeight = 48;

// The texel (s, t) of the source (GL coordinates: t from the bottom) as the pixel it must become.
Pixel texel(int s, int t) { return {s * 3, t * 5, 77}; }

class TextureCopierTest : public RenderTest {
 protected:
  void SetUp() override {
    RenderTest::SetUp();
    if (IsSkipped()) return;
    ASSERT_TRUE(source_.resize(kSourceWidth, kSourceHeight));
    std::vector<std::uint8_t> bgra;
    for (int t = 0; t < kSourceHeight; ++t)
      for (int s = 0; s < kSourceWidth; ++s) {
        const Pixel p = texel(s, t);
        bgra.insert(bgra.end(), {std::uint8_t(p[2]), std::uint8_t(p[1]), std::uint8_t(p[0]), 255});
      }
    glBindTexture(GL_TEXTURE_2D, source_.texture());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, kSourceWidth, kSourceHeight, GL_BGRA, GL_UNSIGNED_BYTE,
                    bgra.data());
    glBindTexture(GL_TEXTURE_2D, 0);
    target_->bind();
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
  }
  Image read() {
    glFinish();
    return Image{kSize, kSize, target_->readRgba()};
  }
  // Every pixel of the target: the texel copied there by one of `rects`, black elsewhere.
  void expectCopied(const Image& image, const std::vector<gl::CopyRect>& rects) {
    int wrong = 0;
    for (int row = 0; row < kSize; ++row)
      for (int x = 0; x < kSize; ++x) {
        const int y = kSize - 1 - row;  // GL's y
        Pixel expected{0, 0, 0};
        for (const gl::CopyRect& r : rects)
          if (x >= r.x && x < r.x + r.source.width && y >= r.y && y < r.y + r.source.height)
            expected = texel(r.source.x + x - r.x, r.source.y + y - r.y);
        if (image.at(x, row) != expected && ++wrong <= 5)
          ADD_FAILURE() << "pixel (" << x << ", " << y << ") is " << image.at(x, row)[0] << " "
                        << image.at(x, row)[1] << " " << image.at(x, row)[2];
      }
    EXPECT_EQ(wrong, 0);
  }
  gl::ColorTarget source_;
};

TEST_F(TextureCopierTest, ManyRectanglesInOneDrawLandTexelForPixel) {
  const std::vector<gl::CopyRect> rects{
      {{0, 0, 10, 10}, 5, 7},                  // a corner of the source
      {{30, 20, 20, 15}, 100, 150},            // its middle
      {{60, 40, 4, 8}, kSize - 4, kSize - 8},  // its far corner, at the target's far corner
      {{13, 2, 1, 30}, 70, 3},                 // one texel wide
  };
  gl::TextureCopier copier;
  copier.copy(source_, rects, kSize, kSize);
  expectCopied(read(), rects);
}

TEST_F(TextureCopierTest, OneRectangleLandsAtItsPlace) {
  gl::TextureCopier copier;
  copier.copy(source_, {7, 9, 33, 21}, 140, 30);
  expectCopied(read(), {{{7, 9, 33, 21}, 140, 30}});
}

}  // namespace
}  // namespace gs::testing
