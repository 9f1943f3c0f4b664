// useMoreRasterThreads (gl/raster_threads.hpp): LP_NUM_THREADS asks llvmpipe for twice the cores, never
// overrides what the user set, and is left alone where the cores are unknown.
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "gl/raster_threads.hpp"

namespace gs {
namespace {

class RasterThreads : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* value = std::getenv("LP_NUM_THREADS")) saved_ = value;
    unsetenv("LP_NUM_THREADS");
  }
  void TearDown() override {
    if (saved_)
      setenv("LP_NUM_THREADS", saved_->c_str(), 1);
    else
      unsetenv("LP_NUM_THREADS");
  }
  static std::string variable() {
    const char* value = std::getenv("LP_NUM_THREADS");
    return value ? value : "(unset)";
  }

 private:
  std::optional<std::string> saved_;
};

TEST_F(RasterThreads, TwiceTheCoresWhereNothingIsSet) {
  EXPECT_EQ(gl::useMoreRasterThreads(2), "4");
  EXPECT_EQ(variable(), "4");
}

TEST_F(RasterThreads, AtMostLlvmpipesLimit) {
  EXPECT_EQ(gl::useMoreRasterThreads(12), "16");
  EXPECT_EQ(variable(), "16");
}

TEST_F(RasterThreads, TheUsersChoiceStays) {
  setenv("LP_NUM_THREADS", "1", 1);
  EXPECT_EQ(gl::useMoreRasterThreads(2), "1");
  EXPECT_EQ(variable(), "1");
}

TEST_F(RasterThreads, UnknownCoresSetNothing) {
  EXPECT_EQ(gl::useMoreRasterThreads(0), "");
  EXPECT_EQ(variable(), "(unset)");
}

}  // namespace
}  // namespace gs
