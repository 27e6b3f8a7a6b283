// model::to_json_text writes the schema's JSON straight from the model; it
// must print exactly as nlohmann prints (what inspect --json printed when it
// dumped a tree): parsing it and dumping it again gives the same bytes, on
// every fixture's schema as noormc and as SQLite see it, and each name is
// escaped as nlohmann escapes it (quotes, control bytes, UTF-8, bytes that are
// not UTF-8).
#include <gtest/gtest.h>

#include "model/schema.hpp"
#include "support.hpp"

namespace noormc {
namespace {

/// nlohmann's own printing of the JSON `text` holds.
std::string reprinted(const std::string& text) {
  return nlohmann::ordered_json::parse(text).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string escaped(const std::string& s) {
  return nlohmann::ordered_json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(SchemaJsonText, IsNlohmannsPrintingOnEveryFixture) {
  size_t folders = 0;
  for (const auto& dir : test::migration_folders()) {
    Diagnostics diags;
    model::Schema ours = test::noormc_schema(dir, diags);
    std::string text = model::to_json_text(ours);
    EXPECT_EQ(text, reprinted(text)) << dir;
    for (const auto& t : ours.tables) EXPECT_EQ(model::to_json_text(t), reprinted(model::to_json_text(t))) << t.name;
    std::string error;
    std::string theirs = model::to_json_text(test::sqlite_schema(dir, error));
    EXPECT_EQ(theirs, reprinted(theirs)) << dir;
    ++folders;
  }
  EXPECT_GT(folders, 10u);
}

TEST(SchemaJsonText, EscapesEachNameAsNlohmannDoes) {
  const std::vector<std::string> names = {
      "plain",    "with \"quotes\"", "back\\slash", "tab\there",  "nl\nx",         std::string("nul\0x", 5),
      "\x7f del", "ünïcödé",         "日本語",      "emoji 🙂", "bad \xff byte", "cut \xe6\x97",
      "",         "/slash",          "\x1f unit",   "é\"mix\\"};
  model::Schema s;
  for (const auto& n : names) {
    model::Table t;
    t.name = n;
    model::Column c;
    c.name = n;
    c.type = n;
    c.default_value = n;
    c.generated = "stored";
    t.columns.push_back(c);
    t.foreign_keys.push_back({{n, n}, n, {std::optional<std::string>(n), std::nullopt}, n, n});
    model::Index ix;
    ix.name = n;
    ix.origin = "c";
    ix.columns = {std::nullopt, n};
    t.indexes.push_back(ix);
    EXPECT_NE(model::to_json_text(t).find("\"name\": " + escaped(n) + ",\n"), std::string::npos) << escaped(n);
    s.tables.push_back(t);
    s.views.push_back({n, {{n, n, std::nullopt, std::nullopt}}});
    s.triggers.push_back({n, n});
  }
  s.views.push_back({"empty", {}});
  s.tables.push_back(model::Table{});
  std::string text = model::to_json_text(s);
  EXPECT_EQ(text, reprinted(text));
  EXPECT_EQ(model::to_json_text(model::Schema{}), "{\n  \"tables\": [],\n  \"views\": [],\n  \"triggers\": []\n}");
}

}  // namespace
}  // namespace noormc
