#include "emit/render.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include "emit/templates.hpp"

namespace noormc::emit {

using kainjow::mustache::mustache;

/// Mustache's standalone rule, applied before rendering: a line that holds only
/// a section, inverted-section, end or comment tag disappears with its
/// newline. (Debian's kainjow keeps the newline of a skipped section and
/// applies its own rule to rendered ones; this makes both behave per spec.)
std::string strip_standalone(const std::string& text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    size_t end = eol == std::string::npos ? text.size() : eol + 1;
    std::string_view line(text.data() + pos, (eol == std::string::npos ? text.size() : eol) - pos);
    size_t b = line.find_first_not_of(" \t");
    bool standalone = false;
    if (b != std::string_view::npos && line.substr(b, 2) == "{{" && line.size() > b + 2) {
      char k = line[b + 2];
      size_t close = line.find("}}", b);
      standalone = (k == '#' || k == '^' || k == '/' || k == '!') && close != std::string_view::npos &&
                   line.find_first_not_of(" \t\r", close + 2) == std::string_view::npos;
      // The \x01 sentinel keeps kainjow from dropping the line the tag now starts
      // (it drops output lines that held a section tag and are blank); render()
      // removes it.
      if (standalone) out += std::string(line.substr(b, close + 2 - b)) + "\x01";
    }
    if (!standalone) out.append(text, pos, end - pos);
    pos = end;
  }
  return out;
}

namespace {

/// A template parsed once per thread (kainjow parses on construction; rendering reads it).
struct Parsed {
  std::unique_ptr<mustache> tmpl;
  std::string error;     // empty when it parsed
  size_t last_size = 0;  // the length of its last rendering
};

Parsed* parsed(const std::string& template_name) {
  thread_local std::map<std::string, Parsed> cache;
  auto hit = cache.find(template_name);
  if (hit != cache.end()) return &hit->second;
  const auto& all = embedded_templates();
  auto it = all.find(template_name);
  if (it == all.end()) return nullptr;
  Parsed p;
  p.tmpl = std::make_unique<mustache>(strip_standalone(it->second));
  p.tmpl->set_custom_escape([](const std::string& s) { return s; });
  if (!p.tmpl->is_valid()) p.error = p.tmpl->error_message();
  return &cache.emplace(template_name, std::move(p)).first->second;
}

}  // namespace

/// The template's text rendered by `render`, or "" with E0900 when it is missing or broken.
template <typename Render>
static std::string render_with(const std::string& template_name, Diagnostics& diags, Render render) {
  Parsed* p = parsed(template_name);
  if (p == nullptr) {
    diags.add_file(Severity::Error, "E0900", template_name, "internal error: template not found");
    return "";
  }
  if (!p->error.empty()) {
    diags.add_file(Severity::Error, "E0900", template_name, "internal error: " + p->error);
    return "";
  }
  std::string text = render(*p->tmpl, p->last_size);
  if (!p->tmpl->is_valid()) {
    diags.add_file(Severity::Error, "E0900", template_name, "internal error: " + p->tmpl->error_message());
    return "";
  }
  text.erase(std::remove(text.begin(), text.end(), '\x01'), text.end());
  return text;
}

std::string render_template(const std::string& template_name, const kainjow::mustache::data& context,
                            Diagnostics& diags) {
  return render_with(template_name, diags, [&](mustache& t, size_t&) {
    std::string text;
    t.render(context, [&text](const std::string& s) { text += s; });
    return text;
  });
}

namespace {

/// What kainjow's render(context, stream) writes to: one string, grown as std::string grows.
struct Appender {
  std::string text;
  Appender& operator<<(const std::string& s) {
    text += s;
    return *this;
  }
};

}  // namespace

std::string render_template(const std::string& template_name, StandInContext& context, Diagnostics& diags,
                            size_t expected) {
  return render_with(template_name, diags, [&](mustache& t, size_t& last_size) {
    Appender out;
    out.text.reserve(std::max(
        last_size, expected));  // one allocation where a large file would grow (and fault in pages) a dozen times
    t.render(context, out);
    last_size = out.text.size();
    return std::move(out.text);
  });
}

void StandInContext::push(const data* d) {
  auto it = targets_.find(d);
  items_.push_back(it == targets_.end() ? d : it->second);
}

const kainjow::mustache::data* StandInContext::get(const std::string& name) const {
  if (name == ".") return items_.back();
  for (auto it = items_.rbegin(); it != items_.rend(); ++it) {
    if (const data* v = (*it)->get(name)) return v;
  }
  return nullptr;
}

}  // namespace noormc::emit
