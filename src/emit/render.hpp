// Rendering the embedded Mustache templates.
#pragma once

#include <kainjow/mustache.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "diag/diagnostics.hpp"

namespace noormc::emit {

/// Mustache's standalone-line rule made explicit (see render.cpp).
std::string strip_standalone(const std::string& text);

/// Renders templates/<name> with `context`; no HTML escaping (the output is TypeScript).
std::string render_template(const std::string& name, const kainjow::mustache::data& context, Diagnostics& diags);

/// A kainjow context in which a list item registered as a stand-in is read as
/// the data it stands for. A list of a thousand cached pieces is then a list of
/// a thousand stand-ins (booleans, which allocate nothing), and no piece is
/// copied into it. Names are looked up as kainjow's own context does (`.` is
/// the innermost item; else the innermost item that has the name), dotted
/// names excepted, which the templates do not use.
class StandInContext : public kainjow::mustache::basic_context<std::string> {
 public:
  using data = kainjow::mustache::data;
  explicit StandInContext(const data* root) { items_.push_back(root); }
  /// `item` (an element of a list in the root) is read as `target`; both must outlive the rendering.
  void stand_in(const data* item, const data* target) { targets_[item] = target; }

  void push(const data* d) override;
  void pop() override { items_.pop_back(); }
  const data* get(const std::string& name) const override;
  const data* get_partial(const std::string& name) const override { return get(name); }

 private:
  std::vector<const data*> items_;  // innermost last
  std::unordered_map<const data*, const data*> targets_;
};

/// Renders templates/<name> in `context` (see render_template). `expected`: about how long the text will be
/// (the pieces it holds), so that it is allocated once; the last rendering's length when that is more.
std::string render_template(const std::string& name, StandInContext& context, Diagnostics& diags, size_t expected = 0);

}  // namespace noormc::emit
