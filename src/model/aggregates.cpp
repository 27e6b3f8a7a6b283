// Where a statement SQLite prepares may call aggregate and window functions
// (resolve.c, resolveExprStep and resolveSelectStep; window.c,
// sqlite3WindowChain): an aggregate in WHERE, GROUP BY, ON, LIMIT or a data
// statement's SET, VALUES or RETURNING, one aggregate inside another, a
// window function without OVER or outside the result columns and ORDER BY,
// OVER on a scalar, FILTER on a non-aggregate, `OVER w` naming no WINDOW
// definition, HAVING on a query that aggregates nothing. Only what SQLite
// refuses whatever the rows; an aggregate inside a subquery that may belong to
// the outer query (it reads a column) is left alone.
#include <algorithm>

#include "model/resolve.hpp"
#include "syntax/functions.hpp"

namespace noormc::model {

using syntax::Expr;
using syntax::ExprKind;
using syntax::FunctionKind;

namespace {

enum Allow : unsigned { kNone = 0, kAgg = 1, kWin = 2 };

/// The clause an expression sits in: what SQLite's message names.
enum class Clause { Other, Where, GroupBy };

bool is_aggregate(FunctionKind k) {
  return k == FunctionKind::Aggregate || k == FunctionKind::AggregateWindow;
}

std::optional<FunctionKind> kind_of(const Expr& e) {
  if (e.kind != ExprKind::Function) return std::nullopt;
  return syntax::builtin_function(e.name.text, e.call_args);
}

bool reads_a_column(const Expr& e) {
  if (e.kind == ExprKind::Column || e.select) return true;
  return std::any_of(e.args.begin(), e.args.end(), [](const auto& a) { return a && reads_a_column(*a); });
}

/// The first aggregate call outside subqueries, for a message.
const Expr* first_aggregate(const Expr& e) {
  if (auto k = kind_of(e); k && is_aggregate(*k) && !e.over) return &e;
  for (const auto& a : e.args) {
    if (const Expr* x = a ? first_aggregate(*a) : nullptr) return x;
  }
  return nullptr;
}

class UseCheck {
 public:
  std::vector<Refusal> out;
  bool check_calls = false;  // also "no such function" and arities (a trigger body, parsed unchecked)

  void statement(const syntax::Statement& st) {
    std::visit([&](const auto& b) { body(b); }, st.body);
  }

  void when(const Expr& e) { expr(e, kNone, nullptr, Clause::Other, false); }

  void select(const syntax::Select& s, bool nested) {
    for (const auto& cte : s.with) select(*cte.select, false);
    for (const auto& core : s.cores) select_core(core, s, nested);
    if (s.limit) expr(*s.limit, kNone, nullptr, Clause::Other, nested);
    if (s.offset) expr(*s.offset, kNone, nullptr, Clause::Other, nested);
  }

 private:
  struct Context {
    const syntax::SelectCore* core = nullptr;
    bool aggregate_query = false;
  };
  Context ctx_;

  void refuse(const Expr& at, std::string message, std::string fix) {
    out.push_back({std::move(message), std::move(fix), at.span});
  }

  void select_core(const syntax::SelectCore& core, const syntax::Select& s, bool nested) {
    Context saved = ctx_;
    ctx_.core = &core;
    bool simple = s.cores.size() == 1;
    // resolve.c, resolveSelectStep: GROUP BY or an aggregate among the result columns (not in HAVING
    // nor ORDER BY) makes an aggregate query.
    ctx_.aggregate_query = !core.group_by.empty();
    for (const auto& rc : core.columns)
      ctx_.aggregate_query = ctx_.aggregate_query || (rc.expr && first_aggregate(*rc.expr));
    for (const auto& row : core.values) {
      for (const auto& x : row) expr(*x, kNone, &core, Clause::Other, nested);
    }
    for (const auto& rc : core.columns) {
      if (rc.expr) expr(*rc.expr, kAgg | kWin, &core, Clause::Other, nested);
    }
    from(core.from, nested);
    if (core.where) expr(*core.where, kNone, &core, Clause::Where, nested);
    for (const auto& g : core.group_by) expr(*g, kNone, &core, Clause::GroupBy, nested);
    if (core.having) {
      if (!ctx_.aggregate_query) {
        refuse(*core.having, "HAVING clause on a non-aggregate query",
               "HAVING filters the groups of an aggregate query: add GROUP BY, or move the condition to WHERE");
      } else {
        expr(*core.having, kAgg, &core, Clause::Other, nested);
      }
    }
    // A compound's ORDER BY names result columns (checked elsewhere); a simple select's may aggregate.
    // An aggregate there in a query that aggregates nothing: "misuse of aggregate: f()" (select.c);
    // without FROM, SQLite accepts it.
    if (simple) {
      for (const auto& t : s.order_by) {
        size_t before = out.size();
        expr(*t.expr, kAgg | kWin, &core, Clause::Other, nested);
        const Expr* agg = out.size() == before && !ctx_.aggregate_query && !core.from.empty() && !nested
                              ? first_aggregate(*t.expr)
                              : nullptr;
        if (agg) {
          refuse(*agg, "misuse of aggregate: " + agg->name.text + "()",
                 "this query aggregates nothing in its result columns: add GROUP BY, or sort by a subquery");
        }
      }
    }
    ctx_ = saved;
  }

  void from(const std::vector<syntax::TableRef>& items, bool nested) {
    for (const auto& item : items) {
      if (item.select) select(*item.select, false);
      for (const auto& a : item.args) expr(*a, kNone, nullptr, Clause::Other, nested);
      from(item.nested, nested);
      if (item.on) expr(*item.on, kNone, ctx_.core, Clause::Where, nested);
    }
  }

  void window_use(const Expr& e, FunctionKind k, unsigned allow) {
    const std::string& f = e.name.text;
    if (k == FunctionKind::Scalar || k == FunctionKind::Aggregate) {
      return refuse(e, f + "() may not be used as a window function",
                    "OVER follows an aggregate (sum, count, ...) or a window function (row_number, rank, lag, ...) "
                    "only (https://www.sqlite.org/windowfunctions.html)");
    }
    if (!(allow & kWin)) {
      return refuse(e, "misuse of window function " + f + "()",
                    "a window function belongs in the result columns or the ORDER BY of a SELECT; compute it in a "
                    "subquery to filter or group by it");
    }
    if (e.distinct) return refuse(e, "DISTINCT is not supported for window functions", "drop DISTINCT or OVER");
    if (e.filter && k == FunctionKind::Window) {
      return refuse(e, "FILTER clause may only be used with aggregate window functions", "drop the FILTER clause");
    }
    if (!e.window.empty()) window_name(e);
  }

  /// `OVER w` and `OVER (w ...)` name a WINDOW definition of the same SELECT (window.c, sqlite3WindowChain).
  void window_name(const Expr& e) {
    const syntax::SelectCore::Window* def = nullptr;
    if (ctx_.core) {
      for (const auto& w : ctx_.core->windows) {
        if (syntax::same_name(w.name.text, e.window.text)) def = &w;
        if (def) break;
      }
    }
    const std::string& w = e.window.text;
    if (!def) {
      return refuse(e, "no such window: " + w,
                    "define it in the SELECT's WINDOW clause (`WINDOW " + w +
                        " AS (...)`), or write the window "
                        "in OVER (...)");
    }
    if (!e.window_base) return;
    const char* what = e.window_partition             ? "PARTITION clause"
                       : def->order && e.window_order ? "ORDER BY clause"
                       : def->frame                   ? "frame specification"
                                                      : nullptr;
    if (what) {
      refuse(e, std::string("cannot override ") + what + " of window: " + w,
             "OVER (" + w + " ...) may only add what window " + w + " does not have: an ORDER BY, then a frame");
    }
  }

  void call(const Expr& e, unsigned allow, const syntax::SelectCore* core, Clause clause, bool nested) {
    auto k = kind_of(e);
    if (!k && check_calls) {
      std::string m = syntax::call_refusal(e.name.text, e.call_args, e.distinct);
      if (!m.empty()) refuse(e, m, "see the function's page (https://www.sqlite.org/lang_corefunc.html)");
    }
    if (!k) return args(e, allow, core, clause, nested);  // E0111 reports an unknown function or arity
    const std::string& f = e.name.text;
    size_t before = out.size();
    if (e.over) {
      window_use(e, *k, allow);
    } else if (*k == FunctionKind::Window) {
      refuse(e, "misuse of window function " + f + "()", "a window function needs OVER (...)");
    } else if (*k == FunctionKind::Scalar) {
      if (e.filter) refuse(e, "FILTER may not be used with non-aggregate " + f + "()", "drop the FILTER clause");
      if (e.ordered) refuse(e, "ORDER BY may not be used with non-aggregate " + f + "()", "drop the ORDER BY");
    } else if (!(allow & kAgg) && !(nested && reads_a_column(e))) {
      misplaced_aggregate(e, clause);
    }
    if (out.size() > before) return;
    // The arguments of an aggregate or a window function take no aggregate of the same query; a
    // window function's may (it runs over the groups); FILTER and the ORDER BY inside take none.
    unsigned inner = *k == FunctionKind::Scalar ? allow : e.over ? (allow & kAgg) : kNone;
    for (size_t i = 0; i < e.args.size(); ++i) {
      bool argument = i < e.call_args;
      bool filter = e.filter && i == e.call_args;
      unsigned a = argument ? inner : filter ? kNone : e.over ? (allow & kAgg) : kNone;
      if (e.args[i]) expr(*e.args[i], a, core, clause, nested);
    }
  }

  void misplaced_aggregate(const Expr& e, Clause clause) {
    const std::string& f = e.name.text;
    std::string fix =
        "an aggregate belongs in the result columns, HAVING or ORDER BY of a SELECT; compute it in a subquery "
        "(`(SELECT " +
        f + "(...) FROM ...)`) to use it elsewhere";
    if (clause == Clause::GroupBy) return refuse(e, "aggregate functions are not allowed in the GROUP BY clause", fix);
    if (clause == Clause::Where && ctx_.aggregate_query) {
      return refuse(e, "misuse of aggregate: " + f + "()", fix);
    }
    refuse(e, "misuse of aggregate function " + f + "()", fix);
  }

  void args(const Expr& e, unsigned allow, const syntax::SelectCore* core, Clause clause, bool nested) {
    for (const auto& a : e.args) {
      if (a) expr(*a, allow, core, clause, nested);
    }
  }

  void expr(const Expr& e, unsigned allow, const syntax::SelectCore* core, Clause clause, bool nested) {
    if (e.select) {
      Context saved = ctx_;
      select(*e.select, true);
      ctx_ = saved;
    }
    if (e.kind == ExprKind::Function) return call(e, allow, core, clause, nested);
    args(e, allow, core, clause, nested);
  }

  void dml_exprs(const std::vector<syntax::ResultColumn>& returning) {
    for (const auto& rc : returning) {
      if (rc.expr) expr(*rc.expr, kNone, nullptr, Clause::Other, false);
    }
  }

  void body(const syntax::Insert& ins) {
    for (const auto& cte : ins.with) select(*cte.select, false);
    for (const auto& row : ins.values) {
      for (const auto& x : row) expr(*x, kNone, nullptr, Clause::Other, false);
    }
    if (ins.select) select(*ins.select, false);
    for (const auto& up : ins.upserts) {
      for (const auto& t : up.target) expr(*t.expr, kNone, nullptr, Clause::Other, false);
      if (up.target_where) expr(*up.target_where, kNone, nullptr, Clause::Other, false);
      for (const auto& s : up.set) expr(*s.value, kNone, nullptr, Clause::Other, false);
      if (up.where) expr(*up.where, kNone, nullptr, Clause::Other, false);
    }
    dml_exprs(ins.returning);
  }
  void body(const syntax::Update& upd) {
    for (const auto& cte : upd.with) select(*cte.select, false);
    from(upd.from, false);
    for (const auto& s : upd.set) expr(*s.value, kNone, nullptr, Clause::Other, false);
    if (upd.where) expr(*upd.where, kNone, nullptr, Clause::Other, false);
    dml_exprs(upd.returning);
  }
  void body(const syntax::Delete& del) {
    for (const auto& cte : del.with) select(*cte.select, false);
    if (del.where) expr(*del.where, kNone, nullptr, Clause::Other, false);
    dml_exprs(del.returning);
  }
  void body(const syntax::Select& s) { select(s, false); }
  template <typename T>
  void body(const T&) {}
};

}  // namespace

std::vector<Refusal> function_use_refusals(const syntax::Statement& st) {
  UseCheck c;
  c.statement(st);
  return std::move(c.out);
}

std::vector<Refusal> trigger_body_refusals(const syntax::CreateTrigger& trigger) {
  UseCheck c;
  c.check_calls = true;
  if (trigger.when) c.when(*trigger.when);
  for (const auto& st : trigger.body) c.statement(*st);
  return std::move(c.out);
}

std::vector<Refusal> function_use_refusals(const syntax::Select& select) {
  UseCheck c;
  c.select(select, false);
  return std::move(c.out);
}

}  // namespace noormc::model
