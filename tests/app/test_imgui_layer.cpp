// ImGuiLayer keeps the panels in an offscreen copy that it redraws only where they change; what reaches
// the window must be what ImGui's OpenGL3 backend draws straight. Frames of fixed panels (one changing),
// a window moving over them and then over the scene, are drawn both ways and compared. Needs a display:
// ctest runs under xvfb-run; without one the tests skip, saying why.
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "gl/imgui_layer.hpp"
#include "gl/offscreen.hpp"
#include "gl/window.hpp"
#include "render/curve_image.hpp"
#include "test_window.hpp"

namespace gs {
namespace {

constexpr int kWidth = 640, kHeight = 400;
constexpr std::array<float, 3> kBackground{0.09f, 0.09f, 0.1f};
// The scene's place (ImGui coordinates, origin top-left) and in GL coordinates.
constexpr float kSceneX = 200.0f, kSceneWidth = 440.0f, kSceneHeight = 300.0f;
const gl::GlRect kScene{200, kHeight - 300, 440, 300};

class ImGuiLayerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    window_ = openTestWindow(kWidth, kHeight);
    ASSERT_NE(window_, nullptr);
    layer_ = std::make_unique<ImGuiLayer>();
  }
  void TearDown() override {
    layer_.reset();  // before the window: it holds GL objects
    window_.reset();
  }

  // One ImGui frame: two panels beside the scene (the left one shows `counter`), the window's background
  // below the left one, and a small window at `floating` (none if x < 0).
  ImDrawData* buildFrame(int counter, ImVec2 floating) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    constexpr ImGuiWindowFlags kPanel = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                        ImGuiWindowFlags_NoSavedSettings |
                                        ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(kSceneX, kSceneHeight));
    ImGui::Begin("Left", nullptr, kPanel);
    ImGui::Text("counter %d", counter);
    ImGui::Button("A button");
    bool checked = checked_;
    ImGui::Checkbox("A box", &checked);
    if (image_ != nullptr) ImGui::Image(image_, imageSize_);
    ImGui::End();
    ImGui::SetNextWindowPos(ImVec2(kSceneX, kSceneHeight));
    ImGui::SetNextWindowSize(ImVec2(kSceneWidth, kHeight - kSceneHeight));
    ImGui::Begin("Bottom", nullptr, kPanel);
    ImGui::TextWrapped("A panel that never changes, below the scene.");
    ImGui::End();
    if (floating.x >= 0.0f) {
      ImGui::SetNextWindowPos(floating);
      ImGui::SetNextWindowSize(ImVec2(120, 60));
      ImGui::Begin("Floating", nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoInputs);
      ImGui::Text("on top");
      ImGui::End();
    }
    if (modal_) ImGui::OpenPopup("Modal");
    ImGui::SetNextWindowPos(modalAt_);
    ImGui::SetNextWindowSize(ImVec2(150, 80));
    if (ImGui::BeginPopupModal("Modal", nullptr, ImGuiWindowFlags_NoSavedSettings)) {
      ImGui::Text("a modal dialog");
      if (!modal_) ImGui::CloseCurrentPopup();
      ImGui::EndPopup();
    }
    ImGui::Render();
    return ImGui::GetDrawData();
  }

  // The frame's background, a scene in its rectangle, then ImGui through the layer or straight.
  std::vector<std::uint8_t> draw(ImDrawData* data, bool throughLayer) {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    paintBackgroundAndScene(kScene, true);
    if (throughLayer)
      layer_->render(data, kScene, kBackground);
    else
      ImGui_ImplOpenGL3_RenderDrawData(data);
    glReadBuffer(GL_BACK);
    return gl::readPixelsTopDown(0, 0, kWidth, kHeight);
  }

  // The frame as the app draws it where the window keeps its last frame (Window::keepsBackBuffer): after
  // the first frame only the scene is drawn again before the layer (nothing is swapped in between, so the
  // back buffer holds the last frame on any driver).
  // `prepareFirst`: as the app does, the layer's first half (ImGuiLayer::prepare) before the scene, for
  // `preparedScene`.
  std::vector<std::uint8_t> drawKeepingWindow(ImDrawData* data, bool first, const gl::GlRect& scene = kScene,
                                              bool prepareFirst = false,
                                              const gl::GlRect& preparedScene = kScene) {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    if (prepareFirst) layer_->prepare(data, preparedScene, kBackground);
    paintBackgroundAndScene(scene, first);
    layer_->render(data, scene, kBackground, !first);
    glReadBuffer(GL_BACK);
    return gl::readPixelsTopDown(0, 0, kWidth, kHeight);
  }
  // The same frame drawn straight by the backend into a cleared offscreen target.
  std::vector<std::uint8_t> drawStraightOffscreen(ImDrawData* data, const gl::GlRect& scene = kScene) {
    if (!reference_.resize(kWidth, kHeight)) return {};
    reference_.bind();
    paintBackgroundAndScene(scene, true);
    ImGui_ImplOpenGL3_RenderDrawData(data);
    std::vector<std::uint8_t> pixels = gl::readPixelsTopDown(0, 0, kWidth, kHeight);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return pixels;
  }
  // Into the bound framebuffer: the window's background (unless it holds the last frame), then a scene.
  static void paintBackgroundAndScene(const gl::GlRect& scene, bool background) {
    glViewport(0, 0, kWidth, kHeight);
    glDisable(GL_SCISSOR_TEST);
    if (background) {
      glClearColor(kBackground[0], kBackground[1], kBackground[2], 1.0f);
      glClear(GL_COLOR_BUFFER_BIT);
    }
    glEnable(GL_SCISSOR_TEST);
    glScissor(scene.x, scene.y, scene.width, scene.height);
    glClearColor(0.8f, 0.3f, 0.1f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_SCISSOR_TEST);
  }

  // The largest difference of a colour channel between the two pictures.
  static int worstDifference(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
    return comparePixels(a, b).worst;
  }

  std::unique_ptr<Window> window_;
  std::unique_ptr<ImGuiLayer> layer_;
  gl::ColorTarget reference_;    // drawStraightOffscreen's
  ImTextureID image_ = nullptr;  // drawn in the left panel when set, imageSize_ large
  ImVec2 imageSize_{64, 32};
  bool checked_ = false;  // the left panel's box
  bool modal_ = false;    // a modal dialog at modalAt_, which dims everything else
  ImVec2 modalAt_{20, 100};
};

TEST_F(ImGuiLayerTest, DrawsWhatTheBackendDrawsFrameAfterFrame) {
  struct Frame {
    int counter;
    ImVec2 floating;
  };
  const Frame frames[] = {
      {0, {-1, 0}},    {0, {-1, 0}},   {0, {-1, 0}},  // drawn into the copy, then copied
      {1, {-1, 0}},                                   // the left panel changes
      {1, {40, 100}},  {1, {60, 120}},                // a window over the left panel, moving
      {1, {20, 320}},  {1, {50, 335}},                // off it, over the background, moving
      {1, {150, 250}},                                // over both panels
      {2, {300, 100}},                                // over the scene: drawn as usual
      {2, {-1, 0}},    {3, {-1, 0}},                  // gone
  };
  int index = 0;
  for (const Frame& frame : frames) {
    ImDrawData* data = buildFrame(frame.counter, frame.floating);
    const std::vector<std::uint8_t> layered = draw(data, true);
    const std::vector<std::uint8_t> straight = draw(data, false);
    ASSERT_EQ(layered.size(), straight.size());
    const PixelDifference difference = comparePixels(layered, straight);
    EXPECT_LE(difference.worst, 2) << "frame " << index << ": " << difference.differing << " pixels differ";
    glfwSwapBuffers(window_->handle());
    glfwPollEvents();
    ++index;
  }
}

// Where the window keeps its last frame, only what changed is copied in: nothing while the panels hold
// still, a line around a changed number, and where a window over the panels was and is. Every frame is
// still what the backend draws into a cleared window.
TEST_F(ImGuiLayerTest, WhereTheWindowKeepsItsLastFrameCopiesInOnlyWhatChanged) {
  struct Frame {
    int counter;
    ImVec2 floating;
    long long mostCopied;  // pixels copied into the window, at most (< 0: not checked)
    gl::GlRect scene = kScene;
  };
  // The scene's place shrunk (a panel shown beside it): what was scene is background again.
  const gl::GlRect smaller{kScene.x + 100, kScene.y + 50, kScene.width - 100, kScene.height - 50};
  constexpr long long kLeftArea = static_cast<long long>(kSceneX) * kSceneHeight;
  const Frame frames[] = {
      {0, {-1, 0}, -1},
      {0, {-1, 0}, -1},
      {0, {-1, 0}, -1},
      {0, {-1, 0}, -1},
      {0, {-1, 0}, 0},               // nothing changed: nothing copied
      {1, {-1, 0}, kLeftArea / 10},  // Left's number: a line of it
      {1, {40, 100}, 3 * 120 * 60},
      {1, {60, 120}, 3 * 120 * 60},  // a window over Left, moving
      {1, {20, 320}, 3 * 120 * 60},
      {1, {50, 335}, 3 * 120 * 60},   // over the background
      {1, {150, 250}, 3 * 120 * 60},  // over both panels
      {2, {300, 100}, -1},            // over the scene: drawn straight
      {2, {300, 100}, 0},             // (over the scene, which is drawn anyway)
      {2, {-1, 0}, -1},               // gone
      {3, {-1, 0}, -1},               // Left takes the focus back, its number changes
      {3, {-1, 0}, 0},
      {3, {-1, 0}, -1, smaller},
      {3, {-1, 0}, 0, smaller},
      {3, {-1, 0}, -1},
      {3, {-1, 0}, 0},  // and back
  };
  int index = 0;
  for (const Frame& frame : frames) {
    ImDrawData* data = buildFrame(frame.counter, frame.floating);
    const std::vector<std::uint8_t> layered = drawKeepingWindow(data, index == 0, frame.scene);
    const ImGuiLayer::Counts counts = layer_->lastCounts();
    const std::vector<std::uint8_t> straight = drawStraightOffscreen(data, frame.scene);
    ASSERT_EQ(layered.size(), straight.size());
    EXPECT_LE(worstDifference(layered, straight), 2) << "frame " << index;
    if (frame.mostCopied >= 0) {
      EXPECT_LE(counts.copiedPixels, frame.mostCopied) << "frame " << index;
    }
    glFlush();
    glfwPollEvents();
    ++index;
  }
}

// A modal dialog (the export folder chooser) dims the whole window from its own list: frame after frame the
// dimming must not pile up on the panels kept under it, and when the dialog closes the panels come back.
TEST_F(ImGuiLayerTest, AModalDialogDimsThePanelsOnceAFrameAndGivesThemBackWhenItCloses) {
  struct Frame {
    bool modal;
    ImVec2 at;
  };
  const Frame frames[] = {
      {false, {20, 100}}, {false, {20, 100}}, {true, {20, 100}},  {true, {20, 100}},  {true, {20, 100}},
      {true, {20, 100}},  {true, {20, 100}},  {true, {300, 60}},  {true, {300, 60}},  {true, {300, 60}},
      {false, {300, 60}}, {false, {20, 100}}, {false, {20, 100}}, {false, {20, 100}},
  };
  int index = 0;
  for (const Frame& frame : frames) {
    modal_ = frame.modal;
    modalAt_ = frame.at;
    ImGui::GetIO().DeltaTime = 0.5f;  // the dimming fades in at once
    ImDrawData* data = buildFrame(0, {-1, 0});
    const std::vector<std::uint8_t> layered = drawKeepingWindow(data, index == 0);
    const std::vector<std::uint8_t> straight = drawStraightOffscreen(data);
    ASSERT_EQ(layered.size(), straight.size());
    const PixelDifference difference = comparePixels(layered, straight);
    EXPECT_LE(difference.worst, 2) << "frame " << index << ": " << difference.differing << " pixels differ";
    glFlush();
    glfwPollEvents();
    ++index;
  }
}

// The app prepares the layer (the panels' changes drawn into their target) before it draws the scene,
// and renders it after: the same pictures, the work done in the first half. A prepare() for another
// scene rectangle than render()'s is done again.
TEST_F(ImGuiLayerTest, PreparedBeforeTheSceneDrawsTheSame) {
  const gl::GlRect smaller{kScene.x + 100, kScene.y + 50, kScene.width - 100, kScene.height - 50};
  struct Frame {
    int counter;
    ImVec2 floating;
    gl::GlRect preparedScene = kScene;
  };
  const Frame frames[] = {
      {0, {-1, 0}}, {0, {-1, 0}}, {1, {-1, 0}},          {2, {40, 100}}, {2, {300, 100}},
      {3, {-1, 0}}, {3, {-1, 0}}, {4, {-1, 0}, smaller}, {5, {-1, 0}},   {5, {-1, 0}},
  };
  int index = 0;
  for (const Frame& frame : frames) {
    ImDrawData* data = buildFrame(frame.counter, frame.floating);
    const std::vector<std::uint8_t> layered =
        drawKeepingWindow(data, index == 0, kScene, true, frame.preparedScene);
    const ImGuiLayer::Counts counts = layer_->lastCounts();
    const std::vector<std::uint8_t> straight = drawStraightOffscreen(data);
    ASSERT_EQ(layered.size(), straight.size());
    EXPECT_LE(worstDifference(layered, straight), 2) << "frame " << index;
    if (index > 0 && frame.counter != frames[index - 1].counter) {
      EXPECT_GT(counts.redrawnPixels, 0) << "frame " << index;  // the number, redrawn into the target
    }
    glFlush();
    glfwPollEvents();
    ++index;
  }
}

// A panel that changes (a slider being dragged, a number that grows a digit) is drawn again in the copy
// only around what changed, frame after frame; the picture stays the backend's.
TEST_F(ImGuiLayerTest, RedrawsAChangingPanelOnlyWhereItChanged) {
  struct Frame {
    int counter;
    bool checked;
    ImGuiLayer::Counts expected;  // how Left and Bottom were drawn; copied < 0: not checked
  };
  const Frame frames[] = {
      {0, false, {-1}},         {0, false, {-1}},
      {0, false, {-1}},         {0, false, {-1}},           // ImGui settles its windows' focus
      {0, false, {2, 0, 0, 0}},                             // both copied
      {1, false, {1, 0, 0, 1}},                             // Left's number changes: only there
      {9, false, {1, 0, 0, 1}}, {10, false, {1, 0, 0, 1}},  // a digit more: the line shifts
      {7, false, {1, 0, 0, 1}},                             // and fewer again
      {7, true, {1, 0, 0, 1}},                              // a box ticked
      {7, true, {2, 0, 0, 0}},                              // still: copied
  };
  constexpr long long kLeftArea = static_cast<long long>(kSceneX) * kSceneHeight;
  int index = 0;
  for (const Frame& frame : frames) {
    checked_ = frame.checked;
    ImDrawData* data = buildFrame(frame.counter, ImVec2(-1, 0));
    const std::vector<std::uint8_t> layered = draw(data, true);
    const ImGuiLayer::Counts counts = layer_->lastCounts();
    const std::vector<std::uint8_t> straight = draw(data, false);
    if (frame.expected.copied >= 0) {
      EXPECT_EQ(counts.copied, frame.expected.copied) << "frame " << index;
      EXPECT_EQ(counts.redrawn, frame.expected.redrawn) << "frame " << index;
      EXPECT_EQ(counts.straight, frame.expected.straight) << "frame " << index;
      EXPECT_EQ(counts.partial, frame.expected.partial) << "frame " << index;
      // A changed number or box is a line of the panel, not the panel.
      if (counts.partial > 0) {
        EXPECT_GT(counts.redrawnPixels, 0) << "frame " << index;
        EXPECT_LT(counts.redrawnPixels, kLeftArea / 10) << "frame " << index;
      } else {
        EXPECT_EQ(counts.redrawnPixels, 0) << "frame " << index;
      }
    }
    EXPECT_LE(worstDifference(layered, straight), 2) << "frame " << index;
    glfwSwapBuffers(window_->handle());
    glfwPollEvents();
    ++index;
  }
}

// A panel showing a picture (the plots' curves) is kept and copied like any other while the picture holds
// still, when its texture is one whose texels come with a new id (CurveTexture); a new picture redraws
// it. A panel showing any other texture is drawn every frame, since that texture may change under it.
// A plot's picture (CurveTexture, a live picture) that changes: the panel stays as it is in the target and
// the picture is blended into the window each frame, unless something is drawn over it or it is not shown
// texel for pixel; then the panel is redrawn around it. Every frame is what the backend draws.
TEST_F(ImGuiLayerTest, BlendsAChangingPictureIntoTheWindowWithoutRedrawingItsPanel) {
  CurveCanvas canvas;
  canvas.reset(64, 32);
  const std::vector<ImVec2> line{ImVec2(0, 16), ImVec2(64, 16)};
  canvas.stroke(line, IM_COL32(255, 0, 0, 255), 4.0f);
  CurveTexture curves;
  curves.show(canvas.image());
  image_ = curves.imguiId();
  ImVec2 floating(-1, 0);
  const auto frame = [&] {
    ImDrawData* data = buildFrame(0, floating);
    const std::vector<std::uint8_t> layered = draw(data, true);
    const ImGuiLayer::Counts counts = layer_->lastCounts();
    EXPECT_LE(worstDifference(layered, draw(data, false)), 2);
    glfwSwapBuffers(window_->handle());
    glfwPollEvents();
    return counts;
  };
  const auto newPicture = [&](ImU32 color, float y) {
    const std::vector<ImVec2> diagonal{ImVec2(0, y), ImVec2(64, 32 - y)};
    canvas.stroke(diagonal, color, 3.0f);
    curves.show(canvas.image());
    image_ = curves.imguiId();
  };
  for (int i = 0; i < 5; ++i) frame();  // ImGui settles its windows' focus
  ImGuiLayer::Counts counts = frame();
  EXPECT_EQ(counts.copied, 2);
  EXPECT_EQ(counts.pictures, 1);
  EXPECT_EQ(counts.straight, 0);

  for (int i = 0; i < 3; ++i) {  // a new picture every frame, under a new id
    newPicture(IM_COL32(0, 0, 255, 255 - 60 * i), 4.0f + 8.0f * static_cast<float>(i));
    counts = frame();
    EXPECT_EQ(counts.copied, 2) << i;  // the panel kept as it was
    EXPECT_EQ(counts.partial, 0) << i;
    EXPECT_EQ(counts.redrawnPixels, 0) << i;
    EXPECT_EQ(counts.pictures, 1) << i;
  }

  // Shown larger than its texels: the panel is redrawn around it, as for any stable texture.
  imageSize_ = ImVec2(65, 32);
  frame();
  newPicture(IM_COL32(0, 255, 0, 255), 10.0f);
  counts = frame();
  EXPECT_EQ(counts.pictures, 0);
  EXPECT_EQ(counts.partial, 1);
  EXPECT_GE(counts.redrawnPixels, 64 * 32);
  EXPECT_LE(counts.redrawnPixels, 67 * 34);
  imageSize_ = ImVec2(64, 32);

  // A window over the picture (a later kept list): the picture is kept in the target under it.
  floating = ImVec2(20, 40);
  frame();
  newPicture(IM_COL32(255, 255, 0, 200), 20.0f);
  counts = frame();
  EXPECT_EQ(counts.pictures, 0);
  EXPECT_GE(counts.partial, 1);
  floating = ImVec2(-1, 0);
  for (int i = 0; i < 3; ++i) frame();  // gone, and the focus back on Left
  newPicture(IM_COL32(255, 0, 255, 255), 26.0f);
  counts = frame();
  EXPECT_EQ(counts.pictures, 1);
  EXPECT_EQ(counts.redrawnPixels, 0);

  // The same picture in a texture the layer knows nothing about: the panel is drawn every frame.
  gl::Texture plain = gl::makeTexture();
  glBindTexture(GL_TEXTURE_2D, plain.id());
  const CurveImage picture = canvas.image();
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, picture.width, picture.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
               picture.rgba.data());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glBindTexture(GL_TEXTURE_2D, 0);
  image_ = reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(plain.id()));
  for (int i = 0; i < 3; ++i) {
    counts = frame();
    EXPECT_EQ(counts.straight, 1) << i;
    EXPECT_EQ(counts.copied, 1) << i;
    EXPECT_EQ(counts.pictures, 0) << i;
  }
  image_ = nullptr;
}

// The same where the window keeps its last frame: the picture's place is copied from the target (the
// panel without it) and the new picture blended over it, frame after frame, with a window passing over it;
// a picture that holds still is left as the window shows it.
TEST_F(ImGuiLayerTest, WhereTheWindowKeepsItsLastFrameAChangingPictureIsBlendedOverItsPanelEachFrame) {
  CurveCanvas canvas;
  canvas.reset(64, 32);
  CurveTexture curves;
  const ImVec2 floatingAt[] = {{-1, 0},  {-1, 0},  {-1, 0}, {-1, 0}, {-1, 0},    {-1, 0},
                               {30, 40}, {60, 60}, {-1, 0}, {-1, 0}, {300, 100}, {-1, 0}};
  int index = 0;
  for (const ImVec2 floating : floatingAt) {
    const float t = static_cast<float>(index);
    const std::vector<ImVec2> diagonal{ImVec2(0, t * 2.5f), ImVec2(64, 32 - t * 2.5f)};
    canvas.stroke(diagonal, IM_COL32(40 * (index % 6), 255 - 20 * index, 128, 140 + 10 * index), 3.0f);
    curves.show(canvas.image());
    image_ = curves.imguiId();
    ImDrawData* data = buildFrame(index, floating);
    const std::vector<std::uint8_t> layered = drawKeepingWindow(data, index == 0);
    const ImGuiLayer::Counts counts = layer_->lastCounts();
    const std::vector<std::uint8_t> straight = drawStraightOffscreen(data);
    ASSERT_EQ(layered.size(), straight.size());
    EXPECT_LE(worstDifference(layered, straight), 2) << "frame " << index;
    if (index >= 3 && floating.x < 0.0f) {
      EXPECT_EQ(counts.pictures, 1) << "frame " << index;
    }
    glFlush();
    glfwPollEvents();
    ++index;
  }
  // The picture held still: the window shows it already and it is not blended again, until a modal
  // dialog's dimming (a list drawn straight over everything) has been over it and is copied away.
  struct Still {
    bool modal;
    int blended;  // pictures blended in (< 0: not checked)
  };
  // (The dialog opens a frame after it is asked for, and closes over two.)
  const Still still[] = {{false, -1}, {false, 0},  {false, 0}, {true, -1},
                         {true, 1},   {false, -1}, {false, 1}, {false, 0}};
  for (const Still& step : still) {
    modal_ = step.modal;
    ImDrawData* data = buildFrame(index, ImVec2(-1, 0));
    const std::vector<std::uint8_t> layered = drawKeepingWindow(data, false);
    const ImGuiLayer::Counts counts = layer_->lastCounts();
    EXPECT_LE(worstDifference(layered, drawStraightOffscreen(data)), 2) << "frame " << index;
    if (step.blended >= 0) {
      EXPECT_EQ(counts.pictures, step.blended) << "frame " << index;
    }
    glFlush();
    glfwPollEvents();
    ++index;
  }
  modal_ = false;
  image_ = nullptr;
}

}  // namespace
}  // namespace gs
