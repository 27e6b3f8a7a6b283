// model::to_json_text, the schema's JSON written straight from the model, must
// print exactly what nlohmann's dump of model::to_json prints (what inspect
// --json printed before it): every fixture's schema, as noormc and as SQLite
// see it, and names that need escaping, UTF-8 and invalid bytes.
#include <gtest/gtest.h>

#include "model/schema.hpp"
#include "support.hpp"

namespace noormc {
namespace {

std::string dumped(const model::Schema& s) {
  return model::to_json(s).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(SchemaJsonText, EqualsTheTreesDumpOnEveryFixture) {
  size_t folders = 0;
  for (const auto& dir : test::migration_folders()) {
    Diagnostics diags;
    model::Schema ours = test::noormc_schema(dir, diags);
    EXPECT_EQ(model::to_json_text(ours), dumped(ours)) << dir;
    for (const auto& t : ours.tables) {
      EXPECT_EQ(model::to_json_text(t), model::to_json(t).dump(2, ' ', false, nlohmann::json::error_handler_t::replace))
          << dir << " " << t.name;
    }
    std::string error;
    model::Schema theirs = test::sqlite_schema(dir, error);
    EXPECT_EQ(model::to_json_text(theirs), dumped(theirs)) << dir;
    ++folders;
  }
  EXPECT_GT(folders, 10u);
}

TEST(SchemaJsonText, EscapesAsNlohmannDoes) {
  model::Schema s;
  const std::vector<std::string> names = {
      "plain",    "with \"quotes\"", "back\\slash", "tab\there",  "nl\nx",         std::string("nul\0x", 5),
      "\x7f del", "ünïcödé",         "日本語",      "emoji 🙂", "bad \xff byte", "cut \xe6\x97",
      "",         "/slash",          "\x1f unit",   "é\"mix\\"};
  for (const auto& n : names) {
    model::Table t;
    t.name = n;
    model::Column c;
    c.name = n;
    c.type = n;
    c.default_value = n;
    c.generated = n.empty() ? "" : "stored";
    t.columns.push_back(c);
    t.foreign_keys.push_back({{n, n}, n, {std::optional<std::string>(n), std::nullopt}, n, n});
    model::Index ix;
    ix.name = n;
    ix.origin = "c";
    ix.columns = {std::nullopt, n};
    t.indexes.push_back(ix);
    s.tables.push_back(t);
    s.views.push_back({n, {{n, n, std::nullopt, std::nullopt}}});
    s.triggers.push_back({n, n});
  }
  s.views.push_back({"empty", {}});
  s.tables.push_back(model::Table{});
  EXPECT_EQ(model::to_json_text(s), dumped(s));
  EXPECT_EQ(model::to_json_text(model::Schema{}), dumped(model::Schema{}));
}

}  // namespace
}  // namespace noormc
