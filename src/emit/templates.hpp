// The Mustache templates of templates/, embedded into the binary at build time.
#pragma once

#include <map>
#include <string>

namespace noormc::emit {

/// Template path relative to templates/ → its text.
const std::map<std::string, std::string>& embedded_templates();

}  // namespace noormc::emit
