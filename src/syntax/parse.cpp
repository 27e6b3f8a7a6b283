// The boundary between ANTLR and noormc: lex, parse (SLL first, full LL on
// failure), report errors in words, and convert the parse tree into
// syntax/ast.hpp types at once.
#include "syntax/parse.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "SQLiteLexer.h"
#include "SQLiteParser.h"
#include "antlr4-runtime.h"
#include "syntax/functions.hpp"
#include "syntax/lexer.hpp"
#include "syntax/limits.hpp"
#include "syntax/surely_parses.hpp"
#include "syntax/transactions.hpp"

namespace noormc::syntax {

using antlr::SQLiteLexer;
using antlr::SQLiteParser;
using P = SQLiteParser;
using antlr4::ParserRuleContext;
using antlr4::Token;
using antlr4::tree::ParseTree;
using antlr4::tree::TerminalNode;

namespace {
/// `c` with A-Z lower-cased and every other byte as is (sqlite3UpperToLower).
constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}
}  // namespace

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i] && ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

std::string fold(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = ascii_lower(c);
  return out;
}

std::string dequote(std::string_view raw, char* quote) {
  if (quote) *quote = 0;
  if (raw.size() < 2) return std::string(raw);
  char q = raw.front();
  char close = q == '[' ? ']' : q;
  if ((q != '"' && q != '`' && q != '\'' && q != '[') || raw.back() != close) return std::string(raw);
  if (quote) *quote = q;
  std::string out;
  out.reserve(raw.size() - 2);
  for (size_t i = 1; i + 1 < raw.size(); ++i) {
    out.push_back(raw[i]);
    if (q != '[' && raw[i] == q && i + 2 < raw.size() && raw[i + 1] == q) ++i;
  }
  return out;
}

std::string quote(std::string_view text, char q) {
  std::string out(1, q);
  for (char c : text) {
    out.push_back(c);
    if (c == q) out.push_back(q);
  }
  return out + q;
}

std::string_view span_text(const SourceFile& file, Span span) {
  if (span.end <= span.begin || span.end > file.text().size()) return {};
  return std::string_view(file.text()).substr(span.begin, span.end - span.begin);
}

namespace {

bool ends_with_word(std::string_view s, std::string_view word) {
  return s.size() >= word.size() && same_name(s.substr(s.size() - word.size()), word);
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

/// A declared type as SQLite stores it: sqlite3AddColumn (build.c) drops a
/// trailing "ALWAYS", then "GENERATED", from a type of 16 or more bytes,
/// because its parser may take the words of `GENERATED ALWAYS AS` into the
/// type (GENERATED and ALWAYS fall back to identifiers). The test is on the
/// bytes as written, so `z somethingsalways` loses its "always" too.
std::string trim_generated_always(std::string type) {
  std::string_view t = type;
  if (t.size() < 16 || !ends_with_word(t, "always")) return type;
  t = trim_right(t.substr(0, t.size() - 6));
  if (t.size() >= 9 && ends_with_word(t, "generated")) t = trim_right(t.substr(0, t.size() - 9));
  return std::string(t);
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

/// How a person reads a token type in "expected ..." notes.
std::string token_words(const antlr4::dfa::Vocabulary& vocab, size_t type) {
  if (type == Token::EOF) return "end of file";
  switch (type) {
    case SQLiteLexer::IDENTIFIER:
      return "a name";
    case SQLiteLexer::NUMERIC_LITERAL:
      return "a number";
    case SQLiteLexer::STRING_LITERAL:
      return "a string";
    case SQLiteLexer::BLOB_LITERAL:
      return "a blob";
    case SQLiteLexer::BIND_PARAMETER:
      return "a parameter";
    default:
      break;
  }
  std::string lit = vocab.getLiteralName(type);
  if (!lit.empty()) return lit;  // already quoted: '('
  std::string sym = vocab.getSymbolicName(type);
  if (sym.rfind("K_", 0) == 0) return sym.substr(2);
  return sym;
}

struct SyntaxError {
  bool set = false;
  Token* token = nullptr;
  std::string message;
  std::vector<std::string> expected;
};

class ErrorCollector : public antlr4::BaseErrorListener {
 public:
  explicit ErrorCollector(const antlr4::dfa::Vocabulary& vocab) : vocab_(vocab) {}
  SyntaxError first;

  void syntaxError(antlr4::Recognizer* recognizer, Token* offending, size_t, size_t, const std::string& msg,
                   std::exception_ptr e) override {
    if (first.set) return;
    first.set = true;
    first.token = offending;
    first.message = msg;
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    if (!parser) return;
    antlr4::misc::IntervalSet expected;
    try {
      if (e) std::rethrow_exception(e);
      expected = parser->getExpectedTokens();
    } catch (antlr4::RecognitionException& re) {
      expected = re.getExpectedTokens();
    } catch (...) {
    }
    std::set<std::string> seen;
    for (auto t : expected.toList()) {
      std::string w = token_words(vocab_, t);
      if (seen.insert(w).second) first.expected.push_back(w);
    }
  }

 private:
  const antlr4::dfa::Vocabulary& vocab_;
};

std::string describe_expected(const std::vector<std::string>& words) {
  // Names and keywords-used-as-names make for long lists: keep it readable.
  std::vector<std::string> shown;
  bool name = false;
  size_t keywords = 0;
  for (const auto& w : words) {
    if (w == "a name") name = true;
    if (!w.empty() && std::isupper(static_cast<unsigned char>(w[0]))) ++keywords;
  }
  for (const auto& w : words) {
    bool is_kw = !w.empty() && std::isupper(static_cast<unsigned char>(w[0]));
    if (name && is_kw && keywords > 12) continue;  // keywords here only as names
    shown.push_back(w);
  }
  if (shown.size() > 14) shown.resize(14), shown.push_back("...");
  std::string out;
  for (size_t i = 0; i < shown.size(); ++i) {
    if (i) out += (i + 1 == shown.size()) ? " or " : ", ";
    out += shown[i];
  }
  return out;
}

// ---------------------------------------------------------------- the converter

/// A function call as written: what SQLite checks against the function's
/// definition whatever the schema (resolve.c: the number of arguments).
struct FunctionCall {
  std::string name;
  size_t args = 0;
  bool distinct = false, star = false;
  Span span;
};

class Converter {
 public:
  Converter(const SourceFile& file, const ByteMap& bytes) : file_(file), bytes_(bytes) {}

  Span span(ParserRuleContext* ctx) const {
    if (!ctx || !ctx->getStart()) return {};
    Token* stop = ctx->getStop();
    uint32_t b = bytes_(ctx->getStart()->getStartIndex());
    if (!stop || stop->getTokenIndex() < ctx->getStart()->getTokenIndex()) return {b, b};
    return {b, bytes_(stop->getStopIndex() + 1)};
  }
  Span span(Token* t) const { return {bytes_(t->getStartIndex()), bytes_(t->getStopIndex() + 1)}; }
  Span span(TerminalNode* n) const { return span(n->getSymbol()); }
  std::string text(Span s) const { return std::string(span_text(file_, s)); }
  std::string text(ParserRuleContext* ctx) const { return text(span(ctx)); }

  // ---------------------------------------------------------------- names

  Name name_from_token(Token* t) const {
    Name n;
    n.span = span(t);
    std::string raw = text(n.span);
    n.text = dequote(raw, &n.quote);
    return n;
  }

  Name name(ParserRuleContext* ctx) const {
    if (!ctx) return {};
    return name_from_token(ctx->getStart());
  }

  std::pair<Name, Name> object_name(P::Object_nameContext* ctx) const {
    Name schema = ctx->schema ? name(ctx->schema) : Name{};
    return {schema, name(ctx->object)};
  }

  std::vector<Name> names(const std::vector<P::NameContext*>& ctxs, size_t from = 0) const {
    std::vector<Name> out;
    for (size_t i = from; i < ctxs.size(); ++i) out.push_back(name(ctxs[i]));
    return out;
  }

  // ---------------------------------------------------------------- expressions

  ExprPtr expr(P::ExprContext* ctx) {
    if (!ctx) return nullptr;
    if (auto* o = dynamic_cast<P::OperandExprContext*>(ctx)) return operand(o->operand());
    auto e = make_node<Expr>();
    e->span = span(ctx);
    if (auto* c18 = dynamic_cast<P::NotExprContext*>(ctx)) {
      e->kind = ExprKind::Not;
      e->op = "NOT";
      e->args.push_back(expr(c18->expr()));
    } else if (auto* c19 = dynamic_cast<P::AndExprContext*>(ctx)) {
      e->kind = ExprKind::And;
      e->op = "AND";
      e->args.push_back(expr(c19->expr(0)));
      e->args.push_back(expr(c19->expr(1)));
    } else if (auto* c20 = dynamic_cast<P::OrExprContext*>(ctx)) {
      e->kind = ExprKind::Or;
      e->op = "OR";
      e->args.push_back(expr(c20->expr(0)));
      e->args.push_back(expr(c20->expr(1)));
    }
    return e;
  }

  ExprPtr operand(P::OperandContext* ctx) {
    if (!ctx) return nullptr;
    auto e = make_node<Expr>();
    e->span = span(ctx);
    if (auto* c = dynamic_cast<P::LiteralExprContext*>(ctx)) {
      literal(c->literal_value(), *e);
    } else if (auto* c2 = dynamic_cast<P::BindExprContext*>(ctx)) {
      e->kind = ExprKind::Bind;
      e->text = c2->getText();
    } else if (auto* c3 = dynamic_cast<P::CastExprContext*>(ctx)) {
      e->kind = ExprKind::Cast;
      e->args.push_back(expr(c3->expr()));
      e->text = text(c3->type_name());
    } else if (auto* c4 = dynamic_cast<P::CaseExprContext*>(ctx)) {
      e->kind = ExprKind::Case;
      e->has_base = c4->base != nullptr;
      e->has_else = c4->else_ != nullptr;
      for (auto* x : c4->expr()) e->args.push_back(expr(x));
    } else if (auto* c5 = dynamic_cast<P::RaiseExprContext*>(ctx)) {
      e->kind = ExprKind::Raise;
      e->text = upper(c5->children.at(2)->getText());
      if (c5->expr()) e->args.push_back(expr(c5->expr()));
    } else if (auto* c6 = dynamic_cast<P::SubqueryExprContext*>(ctx)) {
      e->kind = c6->K_EXISTS() ? ExprKind::Exists : ExprKind::Subquery;
      e->select = select(c6->select_stmt());
    } else if (auto* c7 = dynamic_cast<P::ParenExprContext*>(ctx)) {
      e->kind = ExprKind::Paren;
      for (auto* x : c7->expr()) e->args.push_back(expr(x));
    } else if (auto* c8 = dynamic_cast<P::FunctionExprContext*>(ctx)) {
      e->kind = ExprKind::Function;
      e->name = name(c8->function_name());
      e->distinct = c8->K_DISTINCT() != nullptr;
      e->star = c8->STAR() != nullptr;
      calls_.push_back({text(c8->function_name()), c8->expr().size(), e->distinct, e->star, span(c8)});
      for (auto* x : c8->expr()) e->args.push_back(expr(x));
      e->call_args = static_cast<uint32_t>(e->args.size());
      if (auto* f = c8->filter_clause()) e->args.push_back(expr(f->expr()));
      e->filter = c8->filter_clause() != nullptr;
      if (auto* o = c8->over_clause()) {
        e->over = true;
        if (auto* w = o->window_spec()) {
          window_spec_exprs(w, e->args);
          if (w->base) e->window = name(w->base), e->window_base = true;
          e->window_partition = w->K_PARTITION() != nullptr;
          e->window_order = w->order_by_clause() != nullptr;
          e->window_frame = w->frame_spec() != nullptr;
        } else {
          e->window = name(o->name());
        }
      }
      if (auto* ob = c8->order_by_clause()) {
        e->ordered = true;
        for (auto* t : ob->ordering_term()) e->args.push_back(expr(t->expr()));
      }
    } else if (auto* c9 = dynamic_cast<P::ColumnExprContext*>(ctx)) {
      e->kind = ExprKind::Column;
      if (c9->schema) e->schema = name(c9->schema);
      if (c9->table) e->table = name(c9->table);
      e->name = name(c9->column);
    } else if (auto* c10 = dynamic_cast<P::CollateExprContext*>(ctx)) {
      e->kind = ExprKind::Collate;
      e->args.push_back(operand(c10->operand()));
      e->name = name(c10->collation);
    } else if (auto* c11 = dynamic_cast<P::UnaryExprContext*>(ctx)) {
      e->kind = ExprKind::Unary;
      e->op = c11->op->getText();
      e->args.push_back(c11->operand() ? operand(c11->operand()) : not_operand(c11->not_operand()));
    } else if (auto* c12 = dynamic_cast<P::BinaryExprContext*>(ctx)) {
      e->kind = ExprKind::Binary;
      e->op = c12->op->getText();
      e->args.push_back(operand(c12->operand(0)));
      e->args.push_back(c12->not_operand() ? not_operand(c12->not_operand()) : operand(c12->operand(1)));
    } else if (auto* c13 = dynamic_cast<P::IsExprContext*>(ctx)) {
      e->kind = ExprKind::Is;
      e->negated = c13->K_NOT() != nullptr;
      e->op = std::string("IS") + (e->negated ? " NOT" : "") + (c13->K_DISTINCT() ? " DISTINCT FROM" : "");
      e->args.push_back(operand(c13->operand(0)));
      e->args.push_back(c13->not_operand() ? not_operand(c13->not_operand()) : operand(c13->operand(1)));
    } else if (auto* c14 = dynamic_cast<P::BetweenExprContext*>(ctx)) {
      e->kind = ExprKind::Between;
      e->negated = c14->K_NOT() != nullptr;
      e->op = e->negated ? "NOT BETWEEN" : "BETWEEN";
      e->args.push_back(operand(c14->operand(0)));
      e->args.push_back(rhs(c14->rhs()));
      e->args.push_back(c14->not_operand() ? not_operand(c14->not_operand()) : operand(c14->operand(1)));
    } else if (auto* c15 = dynamic_cast<P::InExprContext*>(ctx)) {
      e->kind = ExprKind::In;
      e->negated = c15->K_NOT() != nullptr;
      e->op = e->negated ? "NOT IN" : "IN";
      e->args.push_back(operand(c15->operand()));
      for (auto* x : c15->expr()) e->args.push_back(expr(x));
      if (c15->select_stmt()) e->select = select(c15->select_stmt());
      if (auto* on = c15->object_name()) {
        e->in_table = true;
        auto [s, n] = object_name(on);
        e->schema = s;
        e->table = n;
      }
    } else if (auto* c16 = dynamic_cast<P::LikeExprContext*>(ctx)) {
      e->kind = ExprKind::Like;
      e->negated = c16->K_NOT() != nullptr;
      e->op = (e->negated ? "NOT " : "") + upper(c16->op->getText());
      e->args.push_back(operand(c16->operand()));
      for (auto* x : c16->rhs()) e->args.push_back(rhs(x));
    } else if (auto* c17 = dynamic_cast<P::NullTestExprContext*>(ctx)) {
      e->kind = ExprKind::NullTest;
      e->op = c17->K_ISNULL() ? "ISNULL" : "NOTNULL";
      e->args.push_back(operand(c17->operand()));
    }
    return e;
  }

  /// NOT as the start of an operand (grammar: not_operand).
  ExprPtr not_operand(P::Not_operandContext* ctx) {
    auto e = make_node<Expr>();
    e->span = span(ctx);
    e->kind = ExprKind::Not;
    e->op = "NOT";
    e->args.push_back(rhs(ctx->rhs()));
    return e;
  }

  ExprPtr rhs(P::RhsContext* ctx) { return ctx->operand() ? operand(ctx->operand()) : not_operand(ctx->not_operand()); }

  void window_spec_exprs(P::Window_specContext* w, std::vector<ExprPtr>& out) {
    for (auto* x : w->expr()) out.push_back(expr(x));
    if (auto* ob = w->order_by_clause()) {
      for (auto* t : ob->ordering_term()) out.push_back(expr(t->expr()));
    }
    if (auto* f = w->frame_spec()) {
      for (auto* b : f->frame_bound()) {
        if (b->expr()) out.push_back(expr(b->expr()));
      }
    }
  }

  void literal(P::Literal_valueContext* ctx, Expr& e) {
    e.kind = ExprKind::Literal;
    e.text = text(ctx);
    Token* t = ctx->getStart();
    switch (t->getType()) {
      case SQLiteLexer::NUMERIC_LITERAL:
        e.literal = LiteralKind::Number;
        break;
      case SQLiteLexer::STRING_LITERAL:
        e.literal = LiteralKind::String;
        break;
      case SQLiteLexer::BLOB_LITERAL:
        e.literal = LiteralKind::Blob;
        break;
      case SQLiteLexer::K_NULL:
        e.literal = LiteralKind::Null;
        break;
      case SQLiteLexer::K_TRUE:
        e.literal = LiteralKind::True;
        break;
      case SQLiteLexer::K_FALSE:
        e.literal = LiteralKind::False;
        break;
      case SQLiteLexer::K_CURRENT_TIME:
        e.literal = LiteralKind::CurrentTime;
        break;
      case SQLiteLexer::K_CURRENT_DATE:
        e.literal = LiteralKind::CurrentDate;
        break;
      default:
        e.literal = LiteralKind::CurrentTimestamp;
        break;
    }
  }

  // ---------------------------------------------------------------- SELECT

  std::vector<Cte> with(P::With_clauseContext* ctx, bool* recursive = nullptr) {
    std::vector<Cte> out;
    if (!ctx) return out;
    if (recursive) *recursive = ctx->K_RECURSIVE() != nullptr;
    for (auto* c : ctx->common_table_expression()) {
      Cte cte;
      auto ns = c->name();
      cte.name = name(ns.at(0));
      cte.columns = names(ns, 1);
      cte.select = select(c->select_stmt());
      out.push_back(std::move(cte));
    }
    return out;
  }

  SelectPtr select(P::Select_stmtContext* ctx) {
    auto s = make_node<Select>();
    s->span = span(ctx);
    s->with = with(ctx->with_clause(), &s->recursive);
    for (auto* core : ctx->select_core()) s->cores.push_back(select_core(core));
    for (auto* op : ctx->compound_operator()) {
      std::string o = upper(op->getStart()->getText());
      if (op->K_ALL()) o += " ALL";
      s->compound_ops.push_back(o);
    }
    if (auto* ob = ctx->order_by_clause()) s->order_by = ordering(ob);
    if (auto* l = ctx->limit_clause()) limit(l, s->limit, s->offset);
    return s;
  }

  std::vector<OrderingTerm> ordering(P::Order_by_clauseContext* ob) {
    std::vector<OrderingTerm> out;
    for (auto* t : ob->ordering_term()) {
      OrderingTerm term;
      term.expr = expr(t->expr());
      term.desc = t->order && t->order->getType() == SQLiteLexer::K_DESC;
      out.push_back(term);
    }
    return out;
  }

  void limit(P::Limit_clauseContext* l, ExprPtr& lim, ExprPtr& off) {
    auto xs = l->expr();
    lim = expr(xs.at(0));
    if (xs.size() > 1) off = expr(xs[1]);
  }

  SelectCore select_core(P::Select_coreContext* ctx) {
    SelectCore core;
    if (auto* v = ctx->values_clause()) {
      core.is_values = true;
      core.values = values(v);
      return core;
    }
    core.distinct = ctx->quantifier && ctx->quantifier->getType() == SQLiteLexer::K_DISTINCT;
    for (auto* rc : ctx->result_column()) core.columns.push_back(result_column(rc));
    if (auto* j = ctx->join_clause()) core.from = join(j);
    if (ctx->where) core.where = expr(ctx->where);
    if (ctx->K_GROUP()) {
      for (auto* x : ctx->expr()) {
        if (x == ctx->where || x == ctx->having) continue;
        core.group_by.push_back(expr(x));
      }
    }
    if (ctx->having) core.having = expr(ctx->having);
    for (auto* w : ctx->window_definition()) {
      window_spec_exprs(w->window_spec(), core.window_exprs);
      auto* spec = w->window_spec();
      core.windows.push_back({name(w->name()), spec->K_PARTITION() != nullptr, spec->order_by_clause() != nullptr,
                              spec->frame_spec() != nullptr});
    }
    return core;
  }

  std::vector<std::vector<ExprPtr>> values(P::Values_clauseContext* v) {
    std::vector<std::vector<ExprPtr>> rows;
    for (auto* r : v->value_row()) {
      std::vector<ExprPtr> row;
      for (auto* x : r->expr()) row.push_back(expr(x));
      rows.push_back(std::move(row));
    }
    return rows;
  }

  ResultColumn result_column(P::Result_columnContext* ctx) {
    ResultColumn rc;
    rc.span = span(ctx);
    if (ctx->STAR() && !ctx->expr()) {
      if (ctx->table) {
        rc.kind = ResultColumn::Kind::TableStar;
        rc.table = name(ctx->table);
      } else {
        rc.kind = ResultColumn::Kind::Star;
      }
      return rc;
    }
    rc.kind = ResultColumn::Kind::Expr;
    rc.expr = expr(ctx->expr());
    if (ctx->alias_as) rc.alias = name(ctx->alias_as);
    if (ctx->alias) rc.alias = name(ctx->alias);
    return rc;
  }

  /// The join type sqlite3JoinType (select.c, SQLite 3.40) reads from the
  /// words before JOIN. Words it refuses are kept in unknown_joins_ (SQLite
  /// then prepares nothing: "unknown join type: ...").
  void join_type(P::Join_operatorContext* op, TableRef& next) {
    enum : unsigned { kInner = 1, kCross = 2, kNatural = 4, kLeft = 8, kRight = 16, kOuter = 32, kError = 64 };
    static const std::pair<const char*, unsigned> kWords[] = {
        {"natural", kNatural},      {"left", kLeft | kOuter},          {"outer", kOuter},
        {"right", kRight | kOuter}, {"full", kLeft | kRight | kOuter}, {"inner", kInner},
        {"cross", kInner | kCross}};
    unsigned type = 0;
    std::string words;
    for (auto* c : op->children) {
      auto* rule = dynamic_cast<ParserRuleContext*>(c);
      if (!rule) continue;  // JOIN itself
      std::string word = text(rule);
      unsigned bits = kError;
      for (const auto& [w, b] : kWords) {
        if (same_name(word, w)) bits = b;
      }
      type |= bits;
      if (bits != kNatural) words += (words.empty() ? "" : " ") + upper(word);
    }
    next.natural = (type & kNatural) != 0;
    next.join_op = words.empty() ? "JOIN" : words + " JOIN";
    bool refused = (type & (kInner | kOuter)) == (kInner | kOuter) || (type & kError) != 0 ||
                   (type & (kOuter | kLeft | kRight)) == kOuter;
    if (refused) {
      Span s{span(op->getStart()).begin, span(op->K_JOIN()).begin};
      while (s.end > s.begin && std::isspace(static_cast<unsigned char>(file_.text()[s.end - 1]))) --s.end;
      unknown_joins_.push_back(s);
    }
  }

  std::vector<TableRef> join(P::Join_clauseContext* ctx) {
    std::vector<TableRef> out;
    auto items = ctx->table_or_subquery();
    auto ops = ctx->join_operator();
    // Constraints attach to the item right before them in the child list.
    for (size_t i = 0; i < items.size(); ++i) out.push_back(table_ref(items[i]));
    size_t op_index = 0;
    TableRef* current = nullptr;
    for (auto* child : ctx->children) {
      if (dynamic_cast<P::Table_or_subqueryContext*>(child) != nullptr) {
        current = current ? current + 1 : &out[0];
      } else if (auto* op = dynamic_cast<P::Join_operatorContext*>(child)) {
        TableRef& next = out.at(op_index + 1);
        ++op_index;
        if (op->COMMA()) {
          next.join_op = ",";
        } else {
          join_type(op, next);
        }
      } else if (auto* jc = dynamic_cast<P::Join_constraintContext*>(child)) {
        if (!current) continue;
        if (jc->expr())
          current->on = expr(jc->expr());
        else
          current->using_columns = names(jc->name());
      }
    }
    return out;
  }

  TableRef table_ref(P::Table_or_subqueryContext* ctx) {
    TableRef t;
    t.span = span(ctx);
    if (ctx->alias_as) t.alias = name(ctx->alias_as);
    if (ctx->alias) t.alias = name(ctx->alias);
    if (auto* on = ctx->object_name()) {
      auto [s, n] = object_name(on);
      t.schema = s;
      t.name = n;
      if (ctx->OPEN_PAR()) {
        t.kind = TableRef::Kind::Function;
        for (auto* x : ctx->expr()) t.args.push_back(expr(x));
      } else {
        t.kind = TableRef::Kind::Table;
      }
    } else if (ctx->select_stmt()) {
      t.kind = TableRef::Kind::Subquery;
      t.select = select(ctx->select_stmt());
    } else if (ctx->join_clause()) {
      t.kind = TableRef::Kind::Join;
      t.nested = join(ctx->join_clause());
    }
    return t;
  }

  // ---------------------------------------------------------------- DDL

  static Conflict conflict(P::Conflict_clauseContext* c) {
    if (!c || !c->resolution) return Conflict::Default;
    switch (c->resolution->getType()) {
      case SQLiteLexer::K_ROLLBACK:
        return Conflict::Rollback;
      case SQLiteLexer::K_ABORT:
        return Conflict::Abort;
      case SQLiteLexer::K_FAIL:
        return Conflict::Fail;
      case SQLiteLexer::K_IGNORE:
        return Conflict::Ignore;
      default:
        return Conflict::Replace;
    }
  }

  ForeignKeyClause fk_clause(P::Foreign_key_clauseContext* ctx) {
    ForeignKeyClause fk;
    fk.span = span(ctx);
    fk.table = name(ctx->foreign_table);
    // The parent columns are the names inside the parentheses; MATCH names follow K_MATCH.
    bool in_parens = false;
    std::optional<size_t> on_kind;
    for (auto* child : ctx->children) {
      if (auto* tn = dynamic_cast<TerminalNode*>(child)) {
        auto type = tn->getSymbol()->getType();
        if (type == SQLiteLexer::OPEN_PAR) in_parens = true;
        if (type == SQLiteLexer::CLOSE_PAR) in_parens = false;
        if (type == SQLiteLexer::K_DELETE || type == SQLiteLexer::K_UPDATE) on_kind = type;
      } else if (auto* n = dynamic_cast<P::NameContext*>(child)) {
        if (n == ctx->foreign_table) continue;
        if (in_parens) {
          fk.columns.push_back(name(n));
        } else {
          fk.match = upper(name(n).text);
        }
      } else if (auto* a = dynamic_cast<P::Fk_actionContext*>(child)) {
        std::string words;
        for (auto* c : a->children) {
          if (!words.empty()) words += " ";
          words += upper(c->getText());
        }
        if (on_kind == SQLiteLexer::K_DELETE)
          fk.on_delete = words;
        else
          fk.on_update = words;
      }
    }
    // DEFERRABLE INITIALLY DEFERRED is deferred; NOT DEFERRABLE ... is not.
    bool deferrable = ctx->K_DEFERRABLE() != nullptr && ctx->K_NOT() == nullptr;
    fk.deferred = deferrable && ctx->K_DEFERRED() != nullptr;
    return fk;
  }

  IndexedColumn indexed_column(P::Indexed_columnContext* ctx) {
    IndexedColumn ic;
    ic.span = span(ctx);
    ExprPtr e = expr(ctx->expr());
    // COLLATE at the top belongs to the index column, as SQLite reads it.
    while (e && e->kind == ExprKind::Collate) {
      if (!ic.collation) ic.collation = e->name;
      e = e->args.at(0);
    }
    ic.expr = e;
    if (e && e->kind == ExprKind::Column && e->table.empty()) ic.column = e->name;
    // SQLite also reads a string literal as a column name here.
    if (e && e->kind == ExprKind::Literal && e->literal == LiteralKind::String) {
      char q = 0;
      Name n;
      n.text = dequote(e->text, &q);
      n.quote = q;
      n.span = e->span;
      ic.column = n;
    }
    ic.desc = ctx->order && ctx->order->getType() == SQLiteLexer::K_DESC;
    return ic;
  }

  ColumnDef column_def(P::Column_defContext* ctx) {
    ColumnDef c;
    c.span = span(ctx);
    c.name = name(ctx->name());
    if (auto* t = ctx->type_name()) {
      c.type_span = span(t);
      c.type = trim_generated_always(text(c.type_span));
    }
    for (auto* cc : ctx->column_constraint()) c.constraints.push_back(column_constraint(cc));
    return c;
  }

  ColumnConstraint column_constraint(P::Column_constraintContext* ctx) {
    using K = ColumnConstraint::Kind;
    ColumnConstraint cc;
    cc.span = span(ctx);
    if (ctx->K_CONSTRAINT()) cc.constraint_name = name(ctx->name(0));
    if (ctx->K_PRIMARY()) {
      cc.kind = K::PrimaryKey;
      cc.desc = ctx->order && ctx->order->getType() == SQLiteLexer::K_DESC;
      cc.conflict = conflict(ctx->conflict_clause());
      cc.autoincrement = ctx->K_AUTOINCREMENT() != nullptr;
    } else if (ctx->K_NOT() && ctx->K_NULL()) {
      cc.kind = K::NotNull;
      cc.conflict = conflict(ctx->conflict_clause());
    } else if (ctx->K_NULL()) {
      cc.kind = K::Null;
    } else if (ctx->K_UNIQUE()) {
      cc.kind = K::Unique;
      cc.conflict = conflict(ctx->conflict_clause());
    } else if (ctx->K_CHECK()) {
      cc.kind = K::Check;
      cc.expr = expr(ctx->expr());
    } else if (ctx->K_DEFAULT()) {
      size_t calls = calls_.size();  // a DEFAULT is resolved only when a row takes it
      cc.kind = K::Default;
      auto* dv = ctx->default_value();
      if (dv->expr()) {
        cc.expr = expr(dv->expr());
        // SQLite reports the text inside the parentheses, trimmed.
        Span inner{span(dv->OPEN_PAR()).end, span(dv->CLOSE_PAR()).begin};
        std::string t = text(inner);
        size_t b = t.find_first_not_of(" \t\r\n\f\v");
        size_t e = t.find_last_not_of(" \t\r\n\f\v");
        cc.default_text = b == std::string::npos ? "" : t.substr(b, e - b + 1);
      } else {
        cc.default_text = text(dv);
        auto e = make_node<Expr>();
        e->span = span(dv);
        if (auto* lit = dv->literal_value(); lit && dv->sign) {
          // DEFAULT -'x': SQLite keeps the sign as a unary operator on the term.
          e->kind = ExprKind::Unary;
          e->op = dv->sign->getText();
          auto term = make_node<Expr>();
          term->span = span(lit);
          literal(lit, *term);
          e->args.push_back(term);
        } else if (lit) {
          literal(lit, *e);
        } else if (dv->signed_number()) {
          e->kind = ExprKind::Literal;
          e->literal = LiteralKind::Number;
          e->text = cc.default_text;
        } else {
          // DEFAULT word: SQLite stores a bare word as a string.
          e->kind = ExprKind::Literal;
          e->literal = LiteralKind::String;
          e->text = cc.default_text;
        }
        cc.expr = e;
      }
      calls_.resize(calls);
    } else if (ctx->K_COLLATE()) {
      cc.kind = K::Collate;
      cc.collation = name(ctx->collation);
    } else if (ctx->foreign_key_clause()) {
      cc.kind = K::ForeignKey;
      cc.fk = fk_clause(ctx->foreign_key_clause());
    } else {
      cc.kind = K::Generated;
      cc.expr = expr(ctx->expr());
      cc.stored = ctx->storage && ctx->storage->getType() == SQLiteLexer::K_STORED;
    }
    return cc;
  }

  TableConstraint table_constraint(P::Table_constraintContext* ctx) {
    using K = TableConstraint::Kind;
    TableConstraint tc;
    tc.span = span(ctx);
    auto ns = ctx->name();
    size_t first = 0;
    if (ctx->K_CONSTRAINT()) {
      tc.constraint_name = name(ns.at(0));
      first = 1;
    }
    if (ctx->K_PRIMARY() || ctx->K_UNIQUE()) {
      tc.kind = ctx->K_PRIMARY() ? K::PrimaryKey : K::Unique;
      for (auto* ic : ctx->indexed_column()) tc.columns.push_back(indexed_column(ic));
      tc.conflict = conflict(ctx->conflict_clause());
      tc.autoincrement = ctx->K_AUTOINCREMENT() != nullptr;
    } else if (ctx->K_CHECK()) {
      tc.kind = K::Check;
      tc.check = expr(ctx->expr());
    } else {
      tc.kind = K::ForeignKey;
      tc.fk_columns = names(ns, first);
      tc.fk = fk_clause(ctx->foreign_key_clause());
    }
    return tc;
  }

  CreateTable create_table(P::Create_table_stmtContext* ctx) {
    CreateTable t;
    t.temp = ctx->temp != nullptr;
    t.if_not_exists = ctx->K_IF() != nullptr;
    std::tie(t.schema, t.name) = object_name(ctx->object_name());
    for (auto* cd : ctx->column_def()) t.columns.push_back(column_def(cd));
    for (auto* tc : ctx->table_constraint()) t.constraints.push_back(table_constraint(tc));
    if (auto* opts = ctx->table_options()) {
      for (auto* o : opts->table_option()) {
        if (o->K_STRICT())
          t.strict = true;
        else
          t.without_rowid = true;  // validated by the model (WITHOUT must name ROWID)
        if (o->rowid && !same_name(name(o->rowid).text, "rowid")) {
          bad_option_ = name(o->rowid);
        }
      }
    }
    if (ctx->select_stmt()) t.as_select = select(ctx->select_stmt());
    return t;
  }

  AlterTable alter_table(P::Alter_table_stmtContext* ctx) {
    using K = AlterTable::Kind;
    AlterTable a;
    std::tie(a.schema, a.table) = object_name(ctx->qualified_table);
    if (ctx->new_table) {
      a.kind = K::RenameTable;
      a.new_name = name(ctx->new_table);
    } else if (ctx->old_column) {
      a.kind = K::RenameColumn;
      a.old_column = name(ctx->old_column);
      a.new_column = name(ctx->new_column);
    } else if (ctx->column_def()) {
      a.kind = K::AddColumn;
      a.column = column_def(ctx->column_def());
    } else {
      a.kind = K::DropColumn;
      a.old_column = name(ctx->drop_column);
    }
    return a;
  }

  Drop drop(P::Drop_stmtContext* ctx) {
    Drop d;
    switch (ctx->kind->getType()) {
      case SQLiteLexer::K_INDEX:
        d.kind = Drop::Kind::Index;
        break;
      case SQLiteLexer::K_VIEW:
        d.kind = Drop::Kind::View;
        break;
      case SQLiteLexer::K_TRIGGER:
        d.kind = Drop::Kind::Trigger;
        break;
      default:
        d.kind = Drop::Kind::Table;
        break;
    }
    d.if_exists = ctx->K_IF() != nullptr;
    std::tie(d.schema, d.name) = object_name(ctx->object_name());
    return d;
  }

  CreateIndex create_index(P::Create_index_stmtContext* ctx) {
    CreateIndex ci;
    ci.unique = ctx->K_UNIQUE() != nullptr;
    ci.if_not_exists = ctx->K_IF() != nullptr;
    std::tie(ci.schema, ci.name) = object_name(ctx->object_name());
    ci.table = name(ctx->table);
    for (auto* ic : ctx->indexed_column()) ci.columns.push_back(indexed_column(ic));
    if (ctx->expr()) ci.where = expr(ctx->expr());
    return ci;
  }

  CreateView create_view(P::Create_view_stmtContext* ctx) {
    CreateView v;
    v.temp = ctx->temp != nullptr;
    v.if_not_exists = ctx->K_IF() != nullptr;
    std::tie(v.schema, v.name) = object_name(ctx->object_name());
    v.columns = names(ctx->name());
    v.select = select(ctx->select_stmt());
    return v;
  }

  CreateTrigger create_trigger(P::Create_trigger_stmtContext* ctx) {
    CreateTrigger t;
    t.temp = ctx->temp != nullptr;
    t.if_not_exists = ctx->K_IF() != nullptr;
    std::tie(t.schema, t.name) = object_name(ctx->object_name());
    t.timing = ctx->K_BEFORE() ? "BEFORE" : ctx->K_INSTEAD() ? "INSTEAD OF" : ctx->K_AFTER() ? "AFTER" : "";
    t.event = ctx->K_DELETE() ? "DELETE" : ctx->K_INSERT() ? "INSERT" : "UPDATE";
    for (auto* n : ctx->name()) {
      if (n != ctx->table) t.update_of.push_back(name(n));
    }
    t.table = name(ctx->table);
    if (ctx->expr()) t.when = expr(ctx->expr());
    for (auto* b : ctx->trigger_body_stmt()) {
      auto st = make_node<Statement>();
      st->span = span(b);
      if (auto* u = b->update_stmt())
        st->body = update(u);
      else if (auto* i = b->insert_stmt())
        st->body = insert(i);
      else if (auto* d = b->delete_stmt())
        st->body = del(d);
      else
        st->body = *select(b->select_stmt());
      t.body.push_back(st);
    }
    return t;
  }

  CreateVirtualTable create_virtual(P::Create_virtual_table_stmtContext* ctx) {
    CreateVirtualTable v;
    v.if_not_exists = ctx->K_IF() != nullptr;
    std::tie(v.schema, v.name) = object_name(ctx->object_name());
    v.module = name(ctx->module);
    for (auto* a : ctx->module_argument()) {
      Span s = span(a);
      v.arg_spans.push_back(s);
      v.args.push_back(text(s));
    }
    return v;
  }

  // ---------------------------------------------------------------- DML

  std::vector<SetItem> set_items(const std::vector<P::Set_itemContext*>& items) {
    std::vector<SetItem> out;
    for (auto* s : items) out.push_back({names(s->name()), expr(s->expr())});
    return out;
  }

  std::vector<ResultColumn> returning(P::Returning_clauseContext* ctx) {
    std::vector<ResultColumn> out;
    if (!ctx) return out;
    for (auto* rc : ctx->result_column()) out.push_back(result_column(rc));
    return out;
  }

  Insert insert(P::Insert_stmtContext* ctx) {
    Insert ins;
    ins.with = with(ctx->with_clause());
    if (ctx->K_INSERT()) {
      ins.verb = "INSERT";
      if (ctx->resolution) ins.verb += " OR " + upper(ctx->resolution->getText());
    } else {
      ins.verb = "REPLACE";
    }
    std::tie(ins.schema, ins.table) = object_name(ctx->object_name());
    if (ctx->alias) ins.alias = name(ctx->alias);
    for (auto* n : ctx->name()) {
      if (n != ctx->alias) ins.columns.push_back(name(n));
    }
    if (auto* v = ctx->values_clause()) ins.values = values(v);
    if (ctx->select_stmt()) ins.select = select(ctx->select_stmt());
    ins.default_values = ctx->K_DEFAULT() != nullptr;
    for (auto* u : ctx->upsert_clause()) {
      Upsert up;
      for (auto* ic : u->indexed_column()) up.target.push_back(indexed_column(ic));
      if (u->target_where) up.target_where = expr(u->target_where);
      up.do_nothing = u->K_NOTHING() != nullptr;
      up.set = set_items(u->set_item());
      for (auto* x : u->expr()) {
        if (x != u->target_where) up.where = expr(x);
      }
      ins.upserts.push_back(std::move(up));
    }
    ins.returning = returning(ctx->returning_clause());
    return ins;
  }

  Update update(P::Update_stmtContext* ctx) {
    Update u;
    u.with = with(ctx->with_clause());
    auto* q = ctx->qualified_table_name();
    std::tie(u.schema, u.table) = object_name(q->object_name());
    if (q->alias) u.alias = name(q->alias);
    u.set = set_items(ctx->set_item());
    if (auto* j = ctx->join_clause()) u.from = join(j);
    if (ctx->expr()) u.where = expr(ctx->expr());
    u.returning = returning(ctx->returning_clause());
    return u;
  }

  Delete del(P::Delete_stmtContext* ctx) {
    Delete d;
    d.with = with(ctx->with_clause());
    auto* q = ctx->qualified_table_name();
    std::tie(d.schema, d.table) = object_name(q->object_name());
    if (q->alias) d.alias = name(q->alias);
    if (ctx->expr()) d.where = expr(ctx->expr());
    d.returning = returning(ctx->returning_clause());
    return d;
  }

  Pragma pragma(P::Pragma_stmtContext* ctx) {
    Pragma p;
    std::tie(p.schema, p.name) = object_name(ctx->object_name());
    if (auto* v = ctx->pragma_value()) {
      char q = 0;
      p.value = dequote(text(v), &q);
      // parse.y: plus_num drops its sign; minus_num is "-" and the number (pragma.c, "-%T").
      if (auto* n = v->signed_number()) p.value = (n->MINUS() ? "-" : "") + n->NUMERIC_LITERAL()->getText();
    }
    return p;
  }

  Other other(ParserRuleContext* ctx) {
    Other o;
    o.keyword = upper(ctx->getStart()->getText());
    if (o.keyword == "END") o.keyword = "COMMIT";
    for (auto* child : ctx->children) {
      if (auto* n = dynamic_cast<P::NameContext*>(child)) o.name = name(n);
      if (auto* on = dynamic_cast<P::Object_nameContext*>(child)) o.name = object_name(on).second;
    }
    return o;
  }

  /// Converts what SQLite stores without resolving it (a view's SELECT, a
  /// trigger's body): its function calls are checked only when it runs.
  template <typename F>
  auto deferred(F convert) {
    size_t calls = calls_.size();
    auto out = convert();
    calls_.resize(calls);
    return out;
  }

  StatementPtr statement(P::Sql_stmtContext* ctx) {
    auto st = make_node<Statement>();
    st->span = span(ctx);
    st->explain = ctx->K_EXPLAIN() != nullptr;
    if (auto* c = ctx->create_table_stmt())
      st->body = create_table(c);
    else if (auto* c2 = ctx->alter_table_stmt())
      st->body = alter_table(c2);
    else if (auto* c3 = ctx->drop_stmt())
      st->body = drop(c3);
    else if (auto* c4 = ctx->create_index_stmt())
      st->body = create_index(c4);
    else if (auto* c5 = ctx->create_view_stmt())
      st->body = deferred([&] { return create_view(c5); });
    else if (auto* c6 = ctx->create_trigger_stmt())
      st->body = deferred([&] { return create_trigger(c6); });
    else if (auto* c7 = ctx->create_virtual_table_stmt())
      st->body = create_virtual(c7);
    else if (auto* c8 = ctx->insert_stmt())
      st->body = insert(c8);
    else if (auto* c9 = ctx->update_stmt())
      st->body = update(c9);
    else if (auto* c10 = ctx->delete_stmt())
      st->body = del(c10);
    else if (auto* c11 = ctx->select_stmt())
      st->body = *select(c11);
    else if (auto* c12 = ctx->pragma_stmt())
      st->body = pragma(c12);
    else {
      ParserRuleContext* inner = nullptr;
      for (auto* child : ctx->children) {
        if (auto* r = dynamic_cast<ParserRuleContext*>(child)) inner = r;
      }
      st->body = other(inner ? inner : ctx);
    }
    return st;
  }

  std::optional<Name> bad_option_;
  std::vector<Span> unknown_joins_;
  std::vector<FunctionCall> calls_;

 private:
  const SourceFile& file_;
  const ByteMap& bytes_;
};

/// `-- noormc:allow CODE[, CODE]` comments attach to the statement that
/// follows them (or that holds them).
void attach_allow_comments(antlr4::CommonTokenStream& tokens, const ByteMap& bytes, ParsedFile& out) {
  if (out.statements.empty()) return;
  size_t next = 0;
  for (auto* t : tokens.getTokens()) {
    if (t->getType() != SQLiteLexer::SINGLE_LINE_COMMENT) continue;
    std::string text = t->getText();
    auto at = text.find("noormc:allow");
    if (at == std::string::npos) continue;
    uint32_t offset = bytes(t->getStartIndex());
    while (next < out.statements.size() && out.statements[next]->span.end <= offset) ++next;
    if (next >= out.statements.size()) break;
    std::string rest = text.substr(at + 12);
    std::string code;
    for (char c : rest + " ") {
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
        code.push_back(c);
      } else if (!code.empty()) {
        out.statements[next]->allowed.push_back(code);
        code.clear();
      }
    }
  }
}

// ---------------------------------------------------------------- SQLite's parser limits

/// SQLite's parser stack grows up to SQLITE_MAX_PARSER_DEPTH entries (2500, sqliteLimit.h, since 3.45;
/// 3.40's held YYSTACKDEPTH = 100): the limit of better-sqlite3's SQLite, which noormc links.
constexpr int kParserStack = 2500;

/// What a statement needs for SQLite to parse it to its end (see StandIn).
StandIn stand_in_for(const std::vector<Token*>& st) {
  auto type = [&](size_t i) { return i < st.size() ? st[i]->getType() : static_cast<size_t>(Token::EOF); };
  auto name_at = [&](size_t i) {
    std::string name = i < st.size() ? st[i]->getText() : "";
    if (type(i + 1) == SQLiteLexer::DOT && i + 2 < st.size()) name += "." + st[i + 2]->getText();
    return name;
  };
  if (type(0) == SQLiteLexer::K_ALTER && type(1) == SQLiteLexer::K_TABLE) return {name_at(2), false, ""};
  size_t k = type(1) == SQLiteLexer::K_TEMP || type(1) == SQLiteLexer::K_TEMPORARY ? 2 : 1;
  if (type(0) != SQLiteLexer::K_CREATE || type(k) != SQLiteLexer::K_TRIGGER) return {};
  bool view = false;
  for (size_t i = k; i < st.size(); ++i) {
    if (st[i]->getType() == SQLiteLexer::K_INSTEAD) view = true;
    if (st[i]->getType() != SQLiteLexer::K_ON) continue;
    bool qualified = type(i + 2) == SQLiteLexer::DOT || i + 1 >= st.size();
    return {name_at(i + 1), view, qualified ? "" : fold(dequote(st[i + 1]->getText()))};
  }
  return {};
}

/// sqlite3_complete's state machine (complete.c): where the sqlite3 shell
/// ends a statement. A `;` ends it, except inside CREATE [TEMP] TRIGGER,
/// which ends at `; END ;`.
class StatementEnd {
 public:
  /// Feeds one default-channel token; true when it ends the statement.
  bool ends(size_t type) {
    enum Class { kSemi, kOther, kExplain, kCreate, kTemp, kTrigger, kEnd };
    static constexpr int kNext[8][7] = {
        // SEMI OTHER EXPLAIN CREATE TEMP TRIGGER END
        {1, 2, 3, 4, 2, 2, 2},  // 0 invalid
        {1, 2, 3, 4, 2, 2, 2},  // 1 start
        {1, 2, 2, 2, 2, 2, 2},  // 2 normal
        {1, 3, 2, 4, 2, 2, 2},  // 3 explain
        {1, 2, 2, 2, 4, 5, 2},  // 4 create
        {6, 5, 5, 5, 5, 5, 5},  // 5 trigger
        {6, 5, 5, 5, 5, 5, 7},  // 6 semi
        {1, 5, 5, 5, 5, 5, 5},  // 7 end
    };
    Class c = kOther;
    switch (type) {
      case SQLiteLexer::SCOL:
        c = kSemi;
        break;
      case SQLiteLexer::K_EXPLAIN:
        c = kExplain;
        break;
      case SQLiteLexer::K_CREATE:
        c = kCreate;
        break;
      case SQLiteLexer::K_TEMP:
      case SQLiteLexer::K_TEMPORARY:
        c = kTemp;
        break;
      case SQLiteLexer::K_TRIGGER:
        c = kTrigger;
        break;
      case SQLiteLexer::K_END:
        c = kEnd;
        break;
      default:
        break;
    }
    state_ = kNext[state_][c];
    return state_ == 1;
  }
  void reset() { state_ = 0; }

 private:
  int state_ = 0;
};

/// SQLite's syntax error in a file, as its parser reported it.
struct SqliteSyntax {
  bool set = false;
  size_t begin = 0, end = 0;  // the bytes of the token SQLite names
  size_t statement_end = 0;   // the end of the statement it is in: SQLite reads no further
  std::string near;           // that token ("" for incomplete input)
  std::string message;        // SQLite's own words
};

/// The token SQLite's message names: near "X": syntax error, unrecognized token: "X".
std::string named_token(const std::string& message) {
  size_t open = message.find('"');
  size_t close = message.rfind('"');
  if (open == std::string::npos || close <= open) return "";
  return message.substr(open + 1, close - open - 1);
}

/// Splits the default-channel tokens into statements as SQLite does
/// (StatementEnd) and checks each against SQLite's parser. First a lower
/// bound of the parser stack, linear in the tokens: every unclosed '(' and
/// CASE, and every prefix operator waiting for its operand, holds an entry.
/// Beyond 2500 SQLite surely refuses, and noormc's own parser never sees such
/// depth. Then SQLite's own verdict, from sqlite3_prepare on a scratch
/// database: a limit is reported here; a syntax error is kept for parse_file,
/// which words it with its own parser's help.
class LimitScan {
 public:
  LimitScan(const SourceFile& file, const ByteMap& bytes, Diagnostics& diags, SqliteLimits& sqlite)
      : file_(file), bytes_(bytes), diags_(diags), sqlite_(sqlite) {}

  SqliteSyntax syntax;

  bool token(Token* t) {
    size_t type = t->getType();
    if (statement_.empty() && type == SQLiteLexer::SCOL) return true;
    statement_.push_back(t);
    bool ends = end_.ends(type);
    if (type == SQLiteLexer::MINUS || type == SQLiteLexer::PLUS || type == SQLiteLexer::TILDE ||
        type == SQLiteLexer::K_NOT) {
      ++run_;
    } else if (type == SQLiteLexer::OPEN_PAR || type == SQLiteLexer::K_CASE) {
      frames_.push_back({type == SQLiteLexer::K_CASE, 1 + run_});
      depth_ += 1 + run_;
      run_ = 0;
    } else {
      run_ = 0;
      bool closes_case = type == SQLiteLexer::K_END && !frames_.empty() && frames_.back().is_case;
      if ((type == SQLiteLexer::CLOSE_PAR && !frames_.empty() && !frames_.back().is_case) || closes_case) {
        depth_ -= frames_.back().entries;
        frames_.pop_back();
      } else if (type == SQLiteLexer::SCOL) {
        frames_.clear(), depth_ = 0;
      }
    }
    deepest_ = std::max(deepest_, depth_);
    if (ends) return statement_end();
    if (depth_ + run_ > kParserStack) return refuse(t, "Recursion limit");  // yyStackOverflow's words in 3.53
    return true;
  }

  bool statement_end() {
    std::vector<Token*> st;
    st.swap(statement_);
    end_.reset();
    frames_.clear(), depth_ = 0, run_ = 0;
    if (st.empty() || st.front()->getType() == Token::EOF) return true;
    if (sqlite_surely_parses(st, sqlite_.column_limit())) return true;  // SQLite's verdict is known: no need to ask
    size_t b = bytes_(st.front()->getStartIndex());
    size_t e = st.back()->getType() == Token::EOF ? file_.text().size() : bytes_(st.back()->getStopIndex() + 1);
    auto stand_in = stand_in_for(st);
    auto v = sqlite_.verdict(std::string_view(file_.text()).substr(b, e - b), stand_in);
    // SQLite 3.53 measures nested subqueries ("Expression tree is too large") only as it resolves names,
    // after "no such table": for a deep statement, ask again with the missing table standing in.
    static constexpr std::string_view kNoTable = "no such table: ";
    if (deepest_ >= kSubqueryDepthWorthAsking && stand_in.name.empty() && v.message.rfind(kNoTable, 0) == 0) {
      auto again = sqlite_.verdict(std::string_view(file_.text()).substr(b, e - b),
                                   {v.message.substr(kNoTable.size()), false, ""});
      if (is_limit_message(again.message)) v = again;
    }
    deepest_ = 0;
    if (is_limit_message(v.message)) return refuse(st.front(), v.message);
    if (is_syntax_message(v.message)) return keep_syntax(v, b, e);
    return true;
  }

 private:
  struct Frame {
    bool is_case;
    int entries;  // the opener and the prefix operators before it
  };

  bool keep_syntax(const SqliteLimits::Verdict& v, size_t b, size_t e) {
    syntax.set = true;
    syntax.message = v.message;
    syntax.near = v.message == "incomplete input" ? "" : named_token(v.message);
    syntax.begin = v.offset >= 0 ? b + static_cast<size_t>(v.offset) : e;
    syntax.end = std::min(syntax.begin + syntax.near.size(), file_.text().size());
    syntax.statement_end = e;
    return false;
  }

  bool refuse(Token* t, const std::string& message) {
    size_t b = bytes_(t->getStartIndex());
    bool columns = message.rfind("too many columns", 0) == 0;
    auto& d = diags_.add(Severity::Error, columns ? "E0109" : "E0108", file_, b, b + 1,
                         columns ? "table has more than 2000 columns: SQLite refuses it (\"" + message + "\")"
                                 : "statement nested too deeply: SQLite refuses it (\"" + message + "\")");
    d.notes.push_back(columns ? "SQLite allows at most 2000 columns in a table (SQLITE_MAX_COLUMN); split the table"
                              : "SQLite's parser holds 2500 pending parts of a statement (parentheses, CASE, "
                                "operators) and expressions at most 1000 deep (SQLITE_MAX_EXPR_DEPTH); flatten "
                                "the expression");
    return false;
  }

  const SourceFile& file_;
  const ByteMap& bytes_;
  Diagnostics& diags_;
  SqliteLimits& sqlite_;
  StatementEnd end_;
  std::vector<Token*> statement_;
  std::vector<Frame> frames_;
  int depth_ = 0, run_ = 0, deepest_ = 0;
  // Below 40 open parentheses no SELECT nests deep enough for SQLITE_MAX_EXPR_DEPTH (1000; 44 scalar
  // subqueries reach it).
  static constexpr int kSubqueryDepthWorthAsking = 40;
};

/// False when SQLite refuses the file: for a limit (reported here) or a
/// syntax error (left in `syntax` for parse_file).
bool within_sqlite_limits(const SourceFile& file, const std::vector<Token*>& tokens, const ByteMap& bytes,
                          Diagnostics& diags, SqliteLimits& sqlite, SqliteSyntax& syntax) {
  LimitScan scan(file, bytes, diags, sqlite);
  bool ok = true;
  for (auto* t : tokens) {
    if (t->getChannel() != Token::DEFAULT_CHANNEL || t->getType() == Token::EOF) continue;
    if (!(ok = scan.token(t))) break;
  }
  if (ok) ok = scan.statement_end();
  syntax = scan.syntax;
  return ok;
}

/// SQLite refuses a call of a function it does not have, or with the wrong
/// number of arguments, when it prepares the statement, whatever the schema
/// (resolve.c: "no such function: f", "wrong number of arguments to function
/// f()", "DISTINCT aggregates must have exactly one argument"). The functions
/// are those of the SQLite better-sqlite3 bundles (syntax/functions.hpp); a
/// function the application registers itself is allowed with
/// `-- noormc:allow E0111` on the statement.
void check_arity(const SourceFile& file, const std::vector<FunctionCall>& calls, const ParsedFile& parsed,
                 Diagnostics& diags) {
  auto allowed = [&](Span at) {
    return std::any_of(parsed.statements.begin(), parsed.statements.end(), [&](const StatementPtr& st) {
      return st->span.begin <= at.begin && at.end <= st->span.end &&
             std::find(st->allowed.begin(), st->allowed.end(), "E0111") != st->allowed.end();
    });
  };
  for (const auto& c : calls) {
    std::string m = call_refusal(dequote(c.name), c.args, c.distinct);
    if (m.empty() || allowed(c.span)) continue;
    auto& d = diags.add(Severity::Error, "E0111", file, c.span.begin, c.span.end, m);
    if (m.rfind("no such function", 0) == 0) {
      d.notes.push_back(
          "SQLite refuses the statement when it prepares it: it has no such function (see "
          "https://www.sqlite.org/lang_corefunc.html and the pages it links); a function your application "
          "registers on its connection (db.function(...)) is allowed with `-- noormc:allow E0111` above the "
          "statement");
    } else {
      d.notes.push_back(
          "SQLite refuses the statement when it prepares it; see the function's page "
          "(https://www.sqlite.org/lang_corefunc.html, lang_aggfunc.html, windowfunctions.html)");
    }
  }
}

/// The end of the last default-channel token: where "unexpected end of file" points.
size_t last_token_end(antlr4::CommonTokenStream& tokens, const ByteMap& bytes, size_t fallback) {
  const std::vector<Token*> all = tokens.getTokens();  // a copy: iterate one vector
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if ((*it)->getChannel() == Token::DEFAULT_CHANNEL && (*it)->getType() != Token::EOF) {
      return bytes((*it)->getStopIndex() + 1);
    }
  }
  return fallback;
}

/// One E0106 for a file SQLite's parser or noormc's refuses. SQLite's verdict
/// decides (the sqlite3 shell refuses the same file at the same token);
/// noormc's parser adds what it expected there when it stopped at that token
/// too. A refusal of noormc's parser alone still fails the file (noormc cannot
/// read it), at the place it stopped.
void report_syntax_error(const SourceFile& file, antlr4::CommonTokenStream& tokens, const ByteMap& bytes,
                         const SyntaxError& mine, const SqliteSyntax& sqlite, Diagnostics& diags) {
  Token* t = mine.token;
  bool at_end = !t || t->getType() == Token::EOF;
  size_t b = at_end ? file.text().size() : bytes(t->getStartIndex());
  bool same = !sqlite.set || (mine.set && (sqlite.near.empty() ? at_end : b == sqlite.begin));
  std::string msg;
  if (!same) {
    b = sqlite.begin;
    at_end = sqlite.near.empty() && last_token_end(tokens, bytes, b) <= b;
  }
  size_t e = at_end ? b : (same ? bytes(t->getStopIndex() + 1) : sqlite.end);
  if (at_end) {
    msg = "syntax error: unexpected end of file";
    b = e = last_token_end(tokens, bytes, b);  // the caret lands on a visible line
  } else if (same) {
    msg = "syntax error near '" + t->getText() + "'";
  } else if (sqlite.near.empty()) {
    msg = "syntax error: incomplete statement";
  } else if (sqlite.message.rfind("unrecognized token", 0) == 0) {
    msg = "syntax error: unrecognized token '" + sqlite.near + "'";
  } else {
    msg = "syntax error near '" + sqlite.near + "'";
  }
  auto& d = diags.add(Severity::Error, "E0106", file, b, e, msg);
  if (same && !mine.expected.empty()) d.notes.push_back("expected " + describe_expected(mine.expected));
  if (!same) d.notes.push_back("SQLite's parser refuses it: " + sqlite.message);
  std::string near = same && t ? t->getText() : sqlite.near;
  if (!near.empty() && near[0] == '"') {
    d.notes.push_back("a double-quoted word is a name in SQL; write strings in single quotes");
  }
}

/// The tokens of a file's first `end` bytes (`end` after a whole token), lexed
/// again: character indices and bytes as in the whole file's tokens.
struct PrefixTokens {
  PrefixTokens(const std::string& whole, size_t end)
      : text(whole.substr(0, end)), bytes(text), input(text, bytes), lexer(text, input), tokens(&lexer) {
    tokens.fill();
  }
  std::string text;
  ByteMap bytes;
  Utf8Stream input;
  SqlLexer lexer;
  antlr4::CommonTokenStream tokens;
};

/// The prediction cache (ANTLR's DFA, one per decision) of this thread. The
/// generated parser shares one static cache among all threads; files are
/// parsed on several threads at once (syntax/workers.hpp), so each thread
/// fills and reads its own, and no two threads ever touch the same states.
class ThreadPredictions {
 public:
  explicit ThreadPredictions(const antlr4::atn::ATN& atn) {
    dfa_.reserve(atn.getNumberOfDecisions());
    for (size_t i = 0; i < atn.getNumberOfDecisions(); ++i) dfa_.emplace_back(atn.getDecisionState(i), i);
  }
  /// Points `parser` at this thread's cache.
  void use_in(SQLiteParser& parser) {
    // Recognizer::setInterpreter (runtime 4.9) deletes the shared cache's simulator; ~SQLiteParser deletes this one.
    parser.setInterpreter(new antlr4::atn::ParserATNSimulator(&parser, parser.getATN(), dfa_, contexts_));
  }

 private:
  std::vector<antlr4::dfa::DFA> dfa_;
  antlr4::atn::PredictionContextCache contexts_;
};

}  // namespace

ParsedFile parse_file(const SourceFile& file, Diagnostics& diags) {
  ParsedFile out;
  size_t bad = 0;
  if (!valid_utf8(file.text(), bad)) {
    diags.add(Severity::Error, "E0101", file, bad, bad + 1, "file is not valid UTF-8")
        .notes.push_back("save the migration as UTF-8");
    return out;
  }
  ByteMap bytes(file.text());
  Utf8Stream input(file.text(), bytes);
  SqlLexer lexer(file.text(), input);
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();

  // Lexical problems first: they are clearer than the syntax errors they cause.
  for (auto* t : tokens.getTokens()) {
    size_t b = bytes(t->getStartIndex());
    size_t e = bytes(t->getStopIndex() + 1);
    switch (t->getType()) {
      case SQLiteLexer::UNTERMINATED_STRING:
        diags.add(Severity::Error, "E0102", file, b, b + 1, "unterminated string literal")
            .notes.push_back("close the string with ' (write '' for a quote inside it)");
        return out;
      case SQLiteLexer::UNTERMINATED_IDENTIFIER:
        diags.add(Severity::Error, "E0103", file, b, b + 1, "unterminated quoted identifier")
            .notes.push_back("close the name with its matching quote");
        return out;
      case SQLiteLexer::MULTILINE_COMMENT:
        if (e - b < 4 || file.text().compare(e - 2, 2, "*/") != 0) {
          diags.add(Severity::Error, "E0104", file, b, b + 2, "unterminated /* comment")
              .notes.push_back("SQLite silently ends the file here, dropping every statement after it; add */");
          return out;
        }
        break;
      case SQLiteLexer::UNEXPECTED_CHAR:
        diags.add(Severity::Error, "E0105", file, b, e, "unexpected character '" + t->getText() + "'");
        return out;
      default:
        break;
    }
  }

  SqliteLimits& scratch = SqliteLimits::for_this_thread();
  scratch.begin_file();
  SqliteSyntax sqlite;
  if (!within_sqlite_limits(file, tokens.getTokens(), bytes, diags, scratch, sqlite) && !sqlite.set) return out;

  // SQLite stops at the statement it refuses, and noormc's parser only looks for the same error: it reads
  // no further either. A statement after it may be nested far deeper than SQLite ever parses (the depth
  // scan stops at the error too), which would cost ANTLR's prediction minutes.
  std::optional<PrefixTokens> prefix;
  if (sqlite.set && sqlite.statement_end < file.text().size()) prefix.emplace(file.text(), sqlite.statement_end);
  antlr4::CommonTokenStream& stream = prefix ? prefix->tokens : tokens;
  SQLiteParser parser(&stream);
  thread_local ThreadPredictions predictions(parser.getATN());
  predictions.use_in(parser);
  parser.removeErrorListeners();
  // Stage one: SLL with bail-out, which is fast and right for nearly all input.
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  SQLiteParser::ParseContext* tree = nullptr;
  try {
    tree = parser.parse();
  } catch (antlr4::ParseCancellationException&) {
    tree = nullptr;
  }
  ErrorCollector errors(parser.getVocabulary());
  if (!tree) {
    // Stage two: full LL, with error reporting.
    stream.seek(0);
    parser.reset();
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::LL);
    parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
    parser.addErrorListener(&errors);
    tree = parser.parse();
  }

  Converter conv(file, bytes);
  // A tree with a syntax error holds contexts that error recovery left
  // incomplete: convert nothing from it (the error is what the user needs).
  bool failed = errors.first.set || sqlite.set;
  for (auto* st : failed ? std::vector<SQLiteParser::Sql_stmtContext*>{} : tree->sql_stmt()) {
    out.statements.push_back(conv.statement(st));
    if (conv.bad_option_) {
      auto& n = *conv.bad_option_;
      diags.add(Severity::Error, "E0107", file, n.span.begin, n.span.end, "unknown table option '" + n.text + "'")
          .notes.push_back("SQLite accepts WITHOUT ROWID and STRICT");
      conv.bad_option_.reset();
    }
  }
  if (failed) report_syntax_error(file, stream, bytes, errors.first, sqlite, diags);
  attach_allow_comments(tokens, bytes, out);
  if (!failed) check_arity(file, conv.calls_, out, diags);
  if (!failed) transaction_steps(out, file, diags);  // its refusals (E0112); runners and replay ask again
  for (Span s : conv.unknown_joins_) {
    diags.add(Severity::Error, "E0110", file, s.begin, s.end, "unknown join type: " + std::string(span_text(file, s)))
        .notes.push_back(
            "SQLite refuses it when it prepares the statement; write JOIN, LEFT [OUTER] JOIN, RIGHT [OUTER] "
            "JOIN, FULL [OUTER] JOIN, INNER JOIN or CROSS JOIN, each optionally after NATURAL");
  }
  return out;
}

}  // namespace noormc::syntax
