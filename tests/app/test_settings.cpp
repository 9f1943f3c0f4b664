// Settings on awkward file systems: a FIFO or a huge file at the settings path, a config folder that
// cannot be made, and saving through core/io/atomic_file (mode kept, nothing left beside it).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "settings.hpp"

namespace gs {
namespace {

namespace fs = std::filesystem;

class SettingsEdgeCases : public testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("gradscape_settings_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    fs::create_directories(base_);
    if (const char* old = std::getenv("XDG_CONFIG_HOME")) saved_ = old;
    setenv("XDG_CONFIG_HOME", base_.c_str(), 1);
  }
  void TearDown() override {
    if (saved_)
      setenv("XDG_CONFIG_HOME", saved_->c_str(), 1);
    else
      unsetenv("XDG_CONFIG_HOME");
    fs::remove_all(base_);
  }
  fs::path folder() const { return base_ / "gradscape"; }
  fs::path file() const { return folder() / "settings.txt"; }
  fs::path base_;
  std::optional<std::string> saved_;
};

TEST_F(SettingsEdgeCases, AFifoAtTheSettingsPathIsIgnoredNotWaitedOn) {
  fs::create_directories(folder());
  ASSERT_EQ(::mkfifo(file().c_str(), 0600), 0);
  testing::internal::CaptureStderr();
  const Settings loaded = loadSettings();  // blocked here, forever, before
  const std::string said = testing::internal::GetCapturedStderr();
  EXPECT_EQ(loaded.windowWidth, Settings{}.windowWidth);
  EXPECT_NE(said.find("ignoring the settings"), std::string::npos) << said;
  EXPECT_NE(said.find("pipe"), std::string::npos) << said;
}

TEST_F(SettingsEdgeCases, AHugeSettingsFileIsNotRead) {
  fs::create_directories(folder());
  { std::ofstream(file()) << "window_width = 1234\n"; }
  fs::resize_file(file(), std::uintmax_t{1} << 30);  // 1 GB (sparse): it was read whole
  testing::internal::CaptureStderr();
  const Settings loaded = loadSettings();
  const std::string said = testing::internal::GetCapturedStderr();
  EXPECT_EQ(loaded.windowWidth, Settings{}.windowWidth);
  EXPECT_NE(said.find("larger than 1 MB"), std::string::npos) << said;
}

TEST_F(SettingsEdgeCases, AFolderThatCannotBeMadeIsSaidOnce) {
  { std::ofstream(folder()) << "a file where the folder should be"; }
  testing::internal::CaptureStderr();
  EXPECT_FALSE(saveSettings(Settings{}));
  EXPECT_FALSE(saveSettings(Settings{}));
  EXPECT_EQ(configDirectory(), "");
  const std::string said = testing::internal::GetCapturedStderr();
  const std::string message =
      "settings will not be kept: cannot create the folder '" + folder().string() + "'";
  const auto first = said.find(message);
  ASSERT_NE(first, std::string::npos) << said;
  EXPECT_EQ(said.find(message, first + 1), std::string::npos) << "said more than once:\n" << said;
  EXPECT_EQ(std::count(said.begin(), said.end(), '\n'), 1) << said;
}

TEST_F(SettingsEdgeCases, SavingKeepsTheFilesModeAndLeavesNothingBeside) {
  Settings settings;
  settings.windowWidth = 1111;
  ASSERT_TRUE(saveSettings(settings));
  ASSERT_EQ(::chmod(file().c_str(), 0600), 0);
  settings.windowWidth = 2222;
  ASSERT_TRUE(saveSettings(settings));
  struct stat info {};
  ASSERT_EQ(::stat(file().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  EXPECT_EQ(loadSettings().windowWidth, 2222);
  EXPECT_EQ(std::distance(fs::directory_iterator(folder()), fs::directory_iterator()), 1);
}

}  // namespace
}  // namespace gs
