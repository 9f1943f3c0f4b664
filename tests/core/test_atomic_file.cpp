// Atomic writes: nothing half written, no temporary left behind (not even on SIGINT or SIGTERM, nor
// by a writer killed outright), the replaced file's mode kept, a symbolic link written through.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/io/atomic_file.hpp"
#include "core/io/printable.hpp"

namespace gs {
namespace {

namespace fs = std::filesystem;

class AtomicFile : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gradscape_atomic_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(dir_)) out.push_back(entry.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
  static std::string read(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  fs::path dir_;
};

TEST_F(AtomicFile, ReplacedFileKeepsItsMode) {
  const fs::path file = dir_ / "private.json";
  { std::ofstream(file) << "old"; }
  ASSERT_EQ(::chmod(file.c_str(), 0600), 0);
  ASSERT_EQ(writeFileAtomically(file.string(), "new"), std::nullopt);
  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);  // was 0644 after every save
  EXPECT_EQ(read(file), "new");
  ASSERT_EQ(::chmod(file.c_str(), 0640), 0);
  ASSERT_EQ(writeFileAtomically(file.string(), "newer"), std::nullopt);
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0640u);
}

TEST_F(AtomicFile, NewFileGetsTheUmasksMode) {
  const mode_t old = ::umask(027);
  const fs::path file = dir_ / "new.json", viaWriter = dir_ / "new.gif";
  const auto error = writeFileAtomically(file.string(), "x");
  // A writer that makes its own file private (giflib creates 0600) still gives a new file 0666 - umask.
  const auto writerError = writeViaTemporary(viaWriter.string(), [](const std::string& temporary) {
    std::ofstream(temporary) << "GIF89a";
    ::chmod(temporary.c_str(), 0600);
    return std::optional<std::string>();
  });
  ::umask(old);
  ASSERT_EQ(error, std::nullopt);
  ASSERT_EQ(writerError, std::nullopt);
  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0640u);
  ASSERT_EQ(::stat(viaWriter.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0640u);
}

TEST_F(AtomicFile, WritesThroughASymbolicLinkAsEditorsDo) {
  fs::create_directories(dir_ / "real");
  const fs::path target = dir_ / "real" / "scene.json";
  { std::ofstream(target) << "old"; }
  const fs::path link = dir_ / "link.json";
  fs::create_symlink("real/scene.json", link);  // relative, as `ln -s` makes them
  const fs::path linkToLink = dir_ / "link2.json";
  fs::create_symlink(link, linkToLink);
  ASSERT_EQ(writeFileAtomically(linkToLink.string(), "new"), std::nullopt);
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(link)));  // was replaced by a regular file
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(linkToLink)));
  EXPECT_EQ(read(target), "new");
  // The temporary was made beside the target, and nothing is left in either folder.
  EXPECT_EQ(names(), (std::vector<std::string>{"link.json", "link2.json", "real"}));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_ / "real"), fs::directory_iterator()), 1);
  // A dangling link creates the file it names.
  const fs::path dangling = dir_ / "dangling.json";
  fs::create_symlink("real/created.json", dangling);
  ASSERT_EQ(writeFileAtomically(dangling.string(), "made"), std::nullopt);
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(dangling)));
  EXPECT_EQ(read(dir_ / "real" / "created.json"), "made");
  // A loop is an error naming the path, not a hang.
  fs::create_symlink(dir_ / "loop_b", dir_ / "loop_a");
  fs::create_symlink(dir_ / "loop_a", dir_ / "loop_b");
  const auto loop = writeFileAtomically((dir_ / "loop_a").string(), "x");
  ASSERT_TRUE(loop.has_value());
  EXPECT_NE(loop->find("loop_a"), std::string::npos) << *loop;
}

// A writer killed outright (SIGKILL, a power cut) cannot clean up: the next save beside the same file
// removes its temporary once no process has its PID. A live process's temporary is left alone.
TEST_F(AtomicFile, RemovesStaleTemporariesOfDeadWriters) {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ASSERT_GT(child, 0);
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);  // now a PID with no process
  const std::string dead = ".out.csv.tmp" + std::to_string(child) + "_3";
  const std::string live = ".out.csv.tmp" + std::to_string(::getppid()) + "_1";
  for (const std::string& name : {dead, live, std::string(".out.csv.tmpabc"), std::string(".other.tmp1_1")})
    std::ofstream(dir_ / name) << "partial";
  ASSERT_EQ(writeFileAtomically((dir_ / "out.csv").string(), "a,b\n"), std::nullopt);
  std::vector<std::string> expected{".other.tmp1_1", ".out.csv.tmpabc", live, "out.csv"};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(names(), expected);
}

// SIGINT, SIGTERM and SIGHUP during a save: the temporary is removed, the previous file is intact, and
// the process still ends by that signal.
TEST_F(AtomicFile, SignalDuringASaveLeavesNoTemporary) {
  const fs::path file = dir_ / "scene.json";
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
    { std::ofstream(file) << "previous"; }
    const pid_t child = ::fork();
    if (child == 0) {
      writeViaTemporary(file.string(), [signal](const std::string& temporary) -> std::optional<std::string> {
        std::ofstream(temporary) << "half a scene";
        ::raise(signal);  // as Ctrl-C or `kill` would arrive in the middle of writing
        return std::nullopt;
      });
      ::_exit(0);  // not reached: the signal ends the process
    }
    ASSERT_GT(child, 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status)) << "signal " << signal;
    if (WIFSIGNALED(status)) {
      EXPECT_EQ(WTERMSIG(status), signal);
    }
    EXPECT_EQ(names(), std::vector<std::string>{"scene.json"}) << "signal " << signal;
    EXPECT_EQ(read(file), "previous");
  }
}

TEST_F(AtomicFile, ReadingRefusesPipesAndFilesAboveTheLimit) {
  const fs::path fifo = dir_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string text;
  auto error = readWholeFile(fifo.string(), text, 1 << 20);  // once blocked here forever
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("pipe"), std::string::npos) << *error;
  const fs::path big = dir_ / "big";
  { std::ofstream(big) << std::string((1 << 20) + 1, 'x'); }
  error = readWholeFile(big.string(), text, 1 << 20);
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("larger than 1 MB"), std::string::npos) << *error;
  ASSERT_EQ(readWholeFile(big.string(), text, 2 << 20), std::nullopt);
  EXPECT_EQ(text.size(), (1u << 20) + 1);
}

TEST(Printable, EscapesControlsAndBrokenUtf8AndKeepsTheRest) {
  EXPECT_EQ(printable("plain, caf\xc3\xa9 \xe2\x88\x87 \xf0\x9f\x99\x82"),
            "plain, caf\xc3\xa9 \xe2\x88\x87 \xf0\x9f\x99\x82");
  EXPECT_EQ(printable("\x1b[2J\n\t\x7f"), "\\u001b[2J\\u000a\\u0009\\u007f");
  EXPECT_EQ(printable("\xc2\x9b"
                      "31m \xc2\xa0"),
            "\\u009b31m \xc2\xa0");  // C1 CSI escaped, NBSP kept
  EXPECT_EQ(printable("\x9b\xff\xc0\xaf\xed\xa0\x80"), "\\x9b\\xff\\xc0\\xaf\\xed\\xa0\\x80");
  EXPECT_EQ(printable("cut \xe2\x88"), "cut \\xe2\\x88");
}

}  // namespace
}  // namespace gs
