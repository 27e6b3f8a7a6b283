// nextauth.ts: the Auth.js / NextAuth adapter, emitted when the schema holds
// the Auth.js tables (users, accounts, sessions, verification_tokens,
// authenticators, under the usual namings). tests/nextauth/reference/ is the
// reference of this output and ADAPTER_SHAPE.md there documents every rule.
#pragma once

#include <memory>

#include "diag/diagnostics.hpp"
#include "emit/emit.hpp"
#include "emit/plan.hpp"

namespace noormc::emit {

/// Plans the adapter: null when the schema has no Auth.js tables. When it has
/// some but not all, or a column the adapter needs is missing or of the wrong
/// type, the problem goes to `diags` (E081x) and null is returned.
std::shared_ptr<const NextAuthPlan> plan_nextauth(const model::Schema& schema, const EmitOptions& options,
                                                  Diagnostics& diags);

/// nextauth.ts from its plan (which points into the schema it was made from).
OutputFile render_nextauth(const NextAuthPlan& plan, const EmitOptions& options, Diagnostics& diags);

}  // namespace noormc::emit
