// Rendering the embedded Mustache templates.
#pragma once

#include <kainjow/mustache.hpp>
#include <string>

#include "diag/diagnostics.hpp"

namespace noormc::emit {

/// Mustache's standalone-line rule made explicit (see render.cpp).
std::string strip_standalone(const std::string& text);

/// Renders templates/<name> with `context`; no HTML escaping (the output is TypeScript).
std::string render_template(const std::string& name, const kainjow::mustache::data& context, Diagnostics& diags);

}  // namespace noormc::emit
