// The parsing of a folder's files, spread over threads (syntax/workers.hpp):
// each file's parse is independent of the others', so worker threads parse
// the files in order as they are read, while the caller reads the next ones
// and then goes on with the files done.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "diag/diagnostics.hpp"
#include "syntax/folder.hpp"
#include "syntax/workers.hpp"

namespace noormc::syntax {

/// @internal load_migrations' side: the files of a MigrationSet being parsed.
class Parsing {
 public:
  static constexpr size_t kNone = static_cast<size_t>(-1);
  /// One file of the folder, in the folder's order.
  struct Job {
    size_t migration = kNone;            // kNone: an up file that could not be read (so no migration)
    const SourceFile* source = nullptr;  // null: nothing to parse
    ParsedFile* out = nullptr;           // where the statements go
    Diagnostics diags;                   // what reading and parsing the file reported
    std::function<void()> task;          // set: not a file, but work to do once the files before it are taken
  };
  /// Room for `capacity` files; `threads` threads start at once, and parse
  /// each file as soon as add() hands it over.
  Parsing(size_t capacity, size_t threads);
  ~Parsing();
  Parsing(const Parsing&) = delete;
  Parsing& operator=(const Parsing&) = delete;

  /// Hands over the next file. `out` must stay where it is while this lives.
  void add(Job job);
  /// Hands over work that a thread does after taking every file handed over
  /// before it, or finish() does here; it takes a place of the capacity.
  void add_task(std::function<void()> task);
  /// No more files: a thread that finds none left ends.
  void close();
  /// Blocks until migration `i`'s files are parsed (parsing them here when no
  /// thread was started); their diagnostics.
  std::vector<const Diagnostics*> wait(size_t i);
  /// Blocks until every file is parsed (helping as wait does); every file's
  /// diagnostics, in the folder's order.
  std::vector<Diagnostic> finish();

 private:
  void parse(size_t job);
  void work();
  /// Blocks until `job` is parsed; `help`: parse what no thread has taken yet here meanwhile.
  void wait_job(std::unique_lock<std::mutex>& lock, size_t job, bool help);

  std::unique_ptr<Job[]> jobs_;  // [0, added_) handed over
  size_t capacity_ = 0;
  std::vector<size_t> first_job_;  // by migration; the caller's thread only
  std::vector<char> done_;         // by job, under mutex_
  size_t added_ = 0, next_ = 0;    // jobs handed over, and taken; under mutex_
  bool closed_ = false;            // no more jobs; under mutex_
  std::exception_ptr error_;       // the first a parse threw, under mutex_
  std::mutex mutex_;
  std::condition_variable changed_;
  std::unique_ptr<Threads> threads_;  // null when none started; last: joined first
};

}  // namespace noormc::syntax
