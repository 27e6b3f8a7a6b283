#include "cli/common.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "model/schema.hpp"
#include "syntax/workers.hpp"

namespace noormc::cli {

bool load_config(Options& o, std::string& error) {
  std::string path;
  if (o.config) {
    path = *o.config;
  } else if (std::filesystem::exists("noormc.json")) {
    path = "noormc.json";
  } else {
    return true;
  }
  std::ifstream in(path);
  if (!in) {
    error = "cannot read config file '" + path + "'";
    return false;
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    error = "config file '" + path + "' is not valid JSON: " + e.what();
    return false;
  }
  if (!j.is_object()) {
    error = "config file '" + path + "' must hold a JSON object";
    return false;
  }
  try {
    if (j.contains("migrations") && !o.migrations_set) o.migrations = j["migrations"].get<std::string>();
    if (j.contains("out") && !o.out_set) o.out = j["out"].get<std::string>();
    if (j.contains("database")) o.database = j["database"].get<std::string>();
    if (j.contains("driver")) o.driver = j["driver"].get<std::string>();
    if (j.contains("syncUrl")) o.sync_url = j["syncUrl"].get<std::string>();
    if (j.contains("camelCase")) o.camel_case = j["camelCase"].get<bool>();
    if (j.contains("bigint")) o.bigint = j["bigint"].get<bool>();
    if (j.contains("importExtension")) o.import_extension = j["importExtension"].get<std::string>();
    if (j.contains("relations")) {
      for (const auto& [k, v] : j["relations"].items()) o.relations[k] = v.get<std::string>();
    }
  } catch (const std::exception& e) {
    error = "config file '" + path + "': " + e.what();
    return false;
  }
  if (o.driver != "better-sqlite3" && o.driver != "libsql") {
    error = "config file '" + path + "': \"driver\" is '" + o.driver + "'; use \"better-sqlite3\" or \"libsql\"";
    return false;
  }
  if (o.sync_url && o.driver != "libsql") {
    error = "config file '" + path + "': \"syncUrl\" needs \"driver\": \"libsql\" (embedded replicas are libSQL's)";
    return false;
  }
  return true;
}

std::string import_extension(const Options& o) {
  if (o.import_extension) return *o.import_extension;
  std::ifstream in("tsconfig.json");
  if (!in) return "";
  try {
    auto j = nlohmann::json::parse(in, nullptr, true, true);  // tsconfig allows comments
    auto co = j.value("compilerOptions", nlohmann::json::object());
    std::string mr = co.value("moduleResolution", co.value("module", ""));
    for (auto& c : mr) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (mr == "nodenext" || mr == "node16") return ".js";
  } catch (const std::exception&) {
  }
  return "";
}

emit::EmitOptions emit_options(const Options& o, const syntax::MigrationSet& set) {
  emit::EmitOptions eo;
  eo.camel_case = o.camel_case;
  eo.bigint = o.bigint;
  eo.database = o.database;
  eo.relation_names = o.relations;
  eo.import_extension = import_extension(o);
  eo.sources = &set;
  return eo;
}

std::string Timings::text() const {
  std::string out;
  char ms[32];
  for (const auto& [stage, took] : stages) {
    std::snprintf(ms, sizeof ms, " %.1f ms", took);
    out += (out.empty() ? "" : ", ") + stage + ms;
  }
  return out;
}

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

namespace {

/// Milliseconds since `t`, which becomes now.
double lap(std::chrono::steady_clock::time_point& t) {
  double ms = ms_since(t);
  t = std::chrono::steady_clock::now();
  return ms;
}

/// The schema's JSON (what `inspect --json` prints and the judgement cache
/// keeps), written on another thread while the code is planned and rendered
/// (both only read the schema); join() waits for it.
class SchemaJson {
 public:
  SchemaJson(const model::Schema& schema, std::string* out) : schema_(schema), out_(out) {
    if (!out_) return;
    if (syntax::worker_count() > 1) {
      thread_.emplace(1, [this] {
        try {
          write();
        } catch (...) {
          error_ = std::current_exception();
        }
      });
      if (thread_->size() == 1) return;
      thread_.reset();
    }
    write();
  }
  void join() {
    thread_.reset();
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  void write() { *out_ = model::to_json_text(schema_); }
  const model::Schema& schema_;
  std::string* out_;
  std::exception_ptr error_;
  std::optional<syntax::Threads> thread_;  // last: joined first
};

}  // namespace

Judgement judge_folder(const Options& o, const syntax::MigrationSet& set, const checks::CheckOptions& copts,
                       Diagnostics& diags, emit::Session* render, Session* session, bool json) {
  Judgement j;
  auto t = std::chrono::steady_clock::now();
  j.result = checks::run_checks(set, copts, diags, session ? &session->replay : nullptr);
  if (session) {
    for (auto& [stage, ms] : j.result.timings) session->timings.add(stage, ms);
    lap(t);
  }
  if (!j.result.ok || diags.has_errors()) return j;
  SchemaJson schema_json(j.result.schema, json ? &j.schema_json : nullptr);
  auto eo = emit_options(o, set);
  auto plan = emit::plan_typescript(j.result.schema, eo, diags);
  if (session) session->timings.add("plan", lap(t));
  if (render && plan.ok) {
    j.files = render->render(plan, render->embedded(set), eo, diags);
    if (session) session->timings.add("render", lap(t));
  }
  schema_json.join();
  if (copts.strict) diags.promote_warnings();
  j.ok = !diags.has_errors();
  if (!j.ok) j.files.clear();
  return j;
}

namespace {

/// The options a judgement depends on, written out for its cache key.
std::string judgement_salt(const Options& o, const checks::CheckOptions& copts) {
  nlohmann::json j = {{"strict", copts.strict},
                      {"integrity", copts.integrity},
                      {"reversibility", copts.reversibility},
                      {"camelCase", o.camel_case},
                      {"bigint", o.bigint},
                      {"database", o.database},
                      {"relations", o.relations},
                      {"importExtension", import_extension(o)}};
  // A missing noormc.sum warns (W0301) for check only: with one, check, build and inspect judge alike.
  if (!std::filesystem::exists(std::filesystem::path(o.migrations) / "noormc.sum")) {
    j["missingSumWarns"] = copts.missing_sum_warns;
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

StoredJudgement stored(const syntax::MigrationSet& set, Judgement& judged, const Diagnostics& diags) {
  StoredJudgement s;
  s.diagnostics = diags.items();
  s.ok = judged.ok;
  s.migrations = set.migrations.size();
  s.tables = judged.result.schema.tables.size();
  if (s.ok) {
    s.schema_json = std::move(judged.schema_json);
    s.files = std::move(judged.files);
  }
  return s;
}

}  // namespace

Verdict judge_cached(const Options& o, const checks::CheckOptions& copts, Diagnostics& diags, bool reuse,
                     emit::Session* render) {
  Verdict v;
  auto cache = cache_dir();
  std::string salt = cache ? judgement_salt(o, copts) : "";
  auto key = cache ? judgement_key(o.migrations, salt) : std::nullopt;
  bool unrendered = false;  // stored by check or inspect, which plan the code without rendering it
  if (reuse && key) {
    if (auto hit = load_judgement(*cache, *key)) {
      unrendered = render && hit->ok && hit->files.empty();
      if (!unrendered) {
        v.exists = v.cached = true;
        for (const auto& d : hit->diagnostics) diags.items().push_back(d);
        v.judgement = std::move(*hit);
        return v;
      }
    }
  }
  v.set = syntax::load_migrations(o.migrations, diags, nullptr, syntax::Load::Pipelined);
  v.exists = v.set->exists;
  if (!v.exists) return v;
  auto judged = judge_folder(o, *v.set, copts, diags, render, nullptr, true);
  v.judgement = stored(*v.set, judged, diags);
  leave_to_exit(std::move(judged));  // the catalog and the schema
  // Stored only when the folder did not change while it was judged; a rendered judgement replaces an unrendered one.
  if (key && judgement_key(o.migrations, salt) == key) {
    std::error_code ec;
    if (unrendered) std::filesystem::remove_all(std::filesystem::path(*cache) / *key, ec);
    store_judgement(*cache, *key, v.judgement);
  }
  return v;
}

Verdict judge_session(const Options& o, const checks::CheckOptions& copts, Diagnostics& diags, Session& session) {
  Verdict v;
  session.timings = {};
  auto t = std::chrono::steady_clock::now();
  v.set = syntax::load_migrations(o.migrations, diags, &session.parse);
  session.timings.add("load (" + std::to_string(session.parse.parsed()) + " files parsed, " +
                          std::to_string(session.parse.reused()) + " kept, " + std::to_string(session.parse.trusted()) +
                          " of them unchanged by inotify)",
                      lap(t));
  v.exists = v.set->exists;
  if (!v.exists) return v;
  auto judged = judge_folder(o, *v.set, copts, diags, &session.emit, &session);
  v.judgement = stored(*v.set, judged, diags);
  return v;
}

void print_diagnostics(Diagnostics& diags, const Options& o) {
  diags.sort();
  bool color = o.format == "text" && isatty(2) && std::getenv("NO_COLOR") == nullptr;
  for (const auto& d : diags.items()) {
    if (o.quiet && d.severity != Severity::Error) continue;
    if (o.format == "json") {
      std::cerr << render_json(d) << "\n";
    } else {
      std::cerr << render_text(d, color);
    }
  }
}

}  // namespace noormc::cli
