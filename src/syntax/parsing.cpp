#include "syntax/parsing.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>

#include "syntax/parse.hpp"

namespace noormc::syntax {

Parsing::Parsing(size_t capacity, size_t threads)
    : jobs_(std::make_unique<Job[]>(capacity)), capacity_(capacity), done_(capacity, 0) {
  // Each thread opens its own scratch connections (syntax/limits.hpp). SQLite's
  // one-time setup runs here first: sqlite3_initialize is thread-safe, but its
  // first calls on several threads at once read its flags before the mutex.
  sqlite3_initialize();
  if (threads > 0) threads_ = std::make_unique<Threads>(threads, [this] { work(); });
  if (threads_ && threads_->size() == 0) threads_.reset();  // none could start (RLIMIT_AS): the caller parses
}

Parsing::~Parsing() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    next_ = added_;  // the threads take nothing more
  }
  changed_.notify_all();
  threads_.reset();
}

void Parsing::add(Job job) {
  size_t i = job.migration;
  if (i != kNone && (first_job_.size() <= i)) first_job_.resize(i + 1, kNone);
  std::lock_guard<std::mutex> lock(mutex_);
  if (added_ == capacity_) throw std::logic_error("Parsing::add: more files than the capacity");
  if (i != kNone && first_job_[i] == kNone) first_job_[i] = added_;
  if (!job.source && !job.task) done_[added_] = 1;  // an unreadable file: its E0006 is all there is
  jobs_[added_++] = std::move(job);
  changed_.notify_all();
}

void Parsing::add_task(std::function<void()> task) {
  Job job;
  job.task = std::move(task);
  add(std::move(job));
}

void Parsing::parse(size_t j) {
  std::exception_ptr error;
  try {
    if (jobs_[j].task) {
      jobs_[j].task();
    } else {
      *jobs_[j].out = parse_file(*jobs_[j].source, jobs_[j].diags);
    }
  } catch (...) {
    error = std::current_exception();
  }
  std::lock_guard<std::mutex> lock(mutex_);
  done_[j] = 1;
  if (error && !error_) error_ = error;
  changed_.notify_all();
}

void Parsing::work() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return next_ < added_ || closed_; });
    if (next_ >= added_) return;  // closed, and all taken
    size_t j = next_++;
    if (done_[j]) continue;
    lock.unlock();
    parse(j);
    lock.lock();
  }
}

void Parsing::wait_job(std::unique_lock<std::mutex>& lock, size_t j, bool help) {
  while (!done_[j]) {
    if (help && next_ <= j && next_ < added_) {  // not taken yet: parse it (or one before it) here
      size_t mine = next_++;
      if (done_[mine]) continue;
      lock.unlock();
      parse(mine);
      lock.lock();
    } else {
      changed_.wait(lock);
    }
  }
}

void Parsing::close() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
  }
  changed_.notify_all();
}

std::vector<const Diagnostics*> Parsing::wait(size_t i) {
  std::vector<const Diagnostics*> out;
  std::unique_lock<std::mutex> lock(mutex_);
  // With worker threads the caller does not parse: the worker's prediction
  // cache is warm, and warming the caller's too costs more than it saves.
  for (size_t j = first_job_[i]; j < added_ && jobs_[j].migration == i; ++j) {
    wait_job(lock, j, !threads_);
    out.push_back(&jobs_[j].diags);
  }
  if (error_) std::rethrow_exception(error_);
  return out;
}

std::vector<Diagnostic> Parsing::finish() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    for (size_t j = 0; j < added_; ++j) wait_job(lock, j, true);
  }
  close();
  threads_.reset();
  if (error_) std::rethrow_exception(error_);
  std::vector<Diagnostic> out;
  for (size_t j = 0; j < added_; ++j) {
    const auto& items = jobs_[j].diags.items();
    out.insert(out.end(), items.begin(), items.end());
  }
  return out;
}

void MigrationSet::after_parsing(std::function<void()> task) const {
  if (parsing_) {
    parsing_->add_task(std::move(task));
  } else {
    task();
  }
}

std::vector<const Diagnostics*> MigrationSet::wait_parsed(size_t i) const {
  return parsing_ ? parsing_->wait(i) : std::vector<const Diagnostics*>{};
}

size_t MigrationSet::finish_parsing(Diagnostics& diags) const {
  if (!parsing_) return 0;
  auto parsed = parsing_->finish();
  parsing_.reset();
  auto& items = diags.items();
  auto at = items.begin() + static_cast<std::ptrdiff_t>(std::min(parse_diagnostics_at_, items.size()));
  items.insert(at, parsed.begin(), parsed.end());
  return parsed.size();
}

}  // namespace noormc::syntax
