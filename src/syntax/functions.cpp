#include "syntax/functions.hpp"

#include <algorithm>
#include <array>

#include "syntax/ast.hpp"

namespace noormc::syntax {

namespace {

struct Shape {
  const char* name;
  int min_args;
  int max_args;  // -1: any number
  char kind;
};

constexpr Shape kShapes[] = {
#include "syntax/sqlite_functions.inc"
};

bool takes(const Shape& s, size_t args) {
  return args >= static_cast<size_t>(s.min_args) && (s.max_args < 0 || args <= static_cast<size_t>(s.max_args));
}

}  // namespace

std::optional<FunctionKind> builtin_function(std::string_view name, size_t args) {
  for (const auto& s : kShapes) {
    if (same_name(s.name, name) && takes(s, args)) return static_cast<FunctionKind>(s.kind);
  }
  return std::nullopt;
}

std::string call_refusal(std::string_view name, size_t args, bool distinct) {
  bool known =
      std::any_of(std::begin(kShapes), std::end(kShapes), [&](const Shape& s) { return same_name(s.name, name); });
  if (!known) return "no such function: " + std::string(name);
  auto kind = builtin_function(name, args);
  if (!kind) return "wrong number of arguments to function " + std::string(name) + "()";
  bool aggregate = *kind == FunctionKind::Aggregate || *kind == FunctionKind::AggregateWindow;
  if (distinct && aggregate && args != 1) return "DISTINCT aggregates must have exactly one argument";
  return "";
}

}  // namespace noormc::syntax
