#include "model/schema.hpp"

#include <algorithm>

#include "syntax/ast.hpp"

namespace noormc::model {

const Column* Table::column(std::string_view n) const {
  for (const auto& c : columns) {
    if (syntax::same_name(c.name, n)) return &c;
  }
  return nullptr;
}

std::vector<const Column*> Table::primary_key() const {
  std::vector<const Column*> out;
  for (const auto& c : columns) {
    if (c.primary_key > 0) out.push_back(&c);
  }
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->primary_key < b->primary_key; });
  return out;
}

const Table* Schema::table(std::string_view n) const {
  for (const auto& t : tables) {
    if (syntax::same_name(t.name, n)) return &t;
  }
  return nullptr;
}

const View* Schema::view(std::string_view n) const {
  for (const auto& v : views) {
    if (syntax::same_name(v.name, n)) return &v;
  }
  return nullptr;
}

// ---------------------------------------------------------------- the JSON as text

namespace {

/// nlohmann's pretty printer (dump with indent 2), one value at a time.
class JsonText {
 public:
  std::string out;

  void string(std::string_view s) {
    bool plain = std::all_of(s.begin(), s.end(), [](char c) {
      auto u = static_cast<unsigned char>(c);
      return u >= 0x20 && u < 0x7f && c != '"' && c != '\\';
    });
    if (plain) {
      out += '"';
      out += s;
      out += '"';
    } else {  // escapes, UTF-8 and invalid bytes (U+FFFD) exactly as nlohmann writes them
      out += nlohmann::ordered_json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
  }
  void optional(const std::optional<std::string>& s) {
    if (s) {
      string(*s);
    } else {
      out += "null";
    }
  }
  void boolean(bool b) { out += b ? "true" : "false"; }
  void integer(long long n) { out += std::to_string(n); }

  /// One member of an object: its key, then the value.
  void field(std::string_view k, const std::string& v) { key(k), string(v); }
  void field(std::string_view k, const std::optional<std::string>& v) { key(k), optional(v); }
  void field(std::string_view k, bool v) { key(k), boolean(v); }
  void field(std::string_view k, int v) { key(k), integer(v); }

  /// `{ ... }`: `members` writes each with key().
  template <typename F>
  void object(F&& members) {
    out += '{';
    open();
    members();
    close('}');
  }
  void key(std::string_view k) {
    next();
    string(k);
    out += ": ";
  }
  /// `[ ... ]` of `items`, `each` writing one; `[]` when empty.
  template <typename R, typename F>
  void array(const R& items, F&& each) {
    if (items.begin() == items.end()) {
      out += "[]";
      return;
    }
    out += '[';
    open();
    for (const auto& item : items) {
      next();
      each(item);
    }
    close(']');
  }

 private:
  void open() { first_.push_back(true); }
  void next() {
    out += first_.back() ? "\n" : ",\n";
    first_.back() = false;
    out.append(2 * first_.size(), ' ');
  }
  void close(char c) {
    first_.pop_back();
    out += '\n';
    out.append(2 * first_.size(), ' ');
    out += c;
  }
  std::vector<bool> first_;
};

void write_names(JsonText& w, const std::vector<std::optional<std::string>>& names) {
  w.array(names, [&](const std::optional<std::string>& n) { w.optional(n); });
}

void write_column(JsonText& w, const Column& c) {
  w.object([&] {
    w.field("name", c.name);
    w.field("type", c.type);
    w.field("notNull", c.not_null);
    w.field("default", c.default_value);
    w.field("primaryKey", c.primary_key);
    w.field("generated", c.generated.empty() ? std::nullopt : std::optional<std::string>(c.generated));
  });
}

void write_table(JsonText& w, const Table& t) {
  w.object([&] {
    w.field("name", t.name);
    w.field("strict", t.strict);
    w.field("withoutRowid", t.without_rowid);
    w.field("virtual", t.virtual_module);
    w.key("columns");
    w.array(t.columns, [&](const Column& c) { write_column(w, c); });
    w.key("foreignKeys");
    w.array(t.foreign_keys, [&](const ForeignKey& fk) {
      w.object([&] {
        w.key("columns");
        w.array(fk.columns, [&](const std::string& n) { w.string(n); });
        w.field("table", fk.table);
        w.key("to");
        write_names(w, fk.to);
        w.field("onUpdate", fk.on_update);
        w.field("onDelete", fk.on_delete);
      });
    });
    w.key("indexes");
    w.array(t.indexes, [&](const Index& ix) {
      w.object([&] {
        w.field("name", ix.name);
        w.field("unique", ix.unique);
        w.field("origin", ix.origin);
        w.field("partial", ix.partial);
        w.key("columns");
        write_names(w, ix.columns);
      });
    });
  });
}

}  // namespace

std::string to_json_text(const Table& table) {
  JsonText w;
  write_table(w, table);
  return std::move(w.out);
}

std::string to_json_text(const Schema& s) {
  JsonText w;
  w.out.reserve(s.tables.size() * 4096);
  w.object([&] {
    w.key("tables");
    w.array(s.tables, [&](const Table& t) { write_table(w, t); });
    w.key("views");
    w.array(s.views, [&](const View& v) {
      w.object([&] {
        w.field("name", v.name);
        w.key("columns");
        w.array(v.columns, [&](const ViewColumn& c) { w.string(c.name); });
      });
    });
    w.key("triggers");
    w.array(s.triggers, [&](const Trigger& t) {
      w.object([&] {
        w.field("name", t.name);
        w.field("table", t.table);
      });
    });
  });
  return std::move(w.out);
}

nlohmann::ordered_json to_json(const Schema& schema) {
  return nlohmann::ordered_json::parse(to_json_text(schema));
}

nlohmann::ordered_json to_json(const Table& table) {
  return nlohmann::ordered_json::parse(to_json_text(table));
}

}  // namespace noormc::model
