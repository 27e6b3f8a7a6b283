// The gold standard: what noormc says about a schema equals what SQLite says
// after running the same migrations (PRAGMA table_xinfo, foreign_key_list,
// index_list, index_xinfo), for every fixture, after every migration.
#include <gtest/gtest.h>

#include <filesystem>

#include "support.hpp"
#include "syntax/folder.hpp"

using namespace noormc;

class Differential : public ::testing::TestWithParam<std::string> {};

TEST_P(Differential, ModelEqualsSqlitePragmasAfterEveryMigration) {
  const std::string dir = GetParam();
  Diagnostics load;
  auto set = syntax::load_migrations(dir, load);
  ASSERT_FALSE(load.has_errors()) << dir;
  for (size_t k = 1; k <= set.migrations.size(); ++k) {
    ASSERT_TRUE(test::replays_like_sqlite(dir, k)) << "at " << set.migrations[k - 1].id;
  }
}

static std::string folder_name(const ::testing::TestParamInfo<std::string>& info) {
  std::filesystem::path p(info.param);
  std::string n = p.parent_path().filename().string();
  for (auto& c : n) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Differential, ::testing::ValuesIn(test::migration_folders()), folder_name);
