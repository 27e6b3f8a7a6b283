// nextauth.ts: the Auth.js / NextAuth adapter, emitted when the schema holds
// the Auth.js tables (users, accounts, sessions, verification_tokens,
// authenticators, under the usual namings). tests/nextauth/reference/ is the
// reference of this output and ADAPTER_SHAPE.md there documents every rule.
#pragma once

#include <optional>

#include "diag/diagnostics.hpp"
#include "emit/emit.hpp"

namespace noormc::emit {

/// The rendered nextauth.ts, or nothing when the schema has no auth tables.
/// When it has some but not all, or a column the adapter needs is missing or
/// of the wrong type, the problem goes to `diags` (E081x) and nothing is returned.
std::optional<OutputFile> emit_nextauth(const model::Schema& schema, const EmitOptions& options, Diagnostics& diags);

}  // namespace noormc::emit
