// read_file (diag/source.cpp): the bytes of a file as they are, whatever its
// size says (a file /proc reports as empty, one that grows while read).
#include <gtest/gtest.h>

#include "diag/source.hpp"
#include "support.hpp"

namespace noormc {
namespace {

TEST(ReadFile, ReturnsEveryByteOrFails) {
  test::TempDir dir;
  std::string big;
  for (int i = 0; i < 30000; ++i) big += "line " + std::to_string(i) + " \xC3\xA9\r\n";
  big.push_back('\0');
  big += "after a NUL";
  dir.write("big.sql", big);
  dir.write("empty.sql", "");
  std::string text = "stale";
  ASSERT_TRUE(read_file(dir.path() + "/big.sql", text));
  EXPECT_EQ(text, big);
  EXPECT_LE(text.capacity(), big.size() + 32);  // sized to the file, not doubled
  ASSERT_TRUE(read_file(dir.path() + "/empty.sql", text));
  EXPECT_EQ(text, "");
  EXPECT_FALSE(read_file(dir.path() + "/missing.sql", text));
  EXPECT_FALSE(read_file(dir.path(), text));  // a folder
  // /proc reports size 0 and still has content: read past the size.
  ASSERT_TRUE(read_file("/proc/self/status", text));
  EXPECT_NE(text.find("Name:"), std::string::npos);
}

}  // namespace
}  // namespace noormc
