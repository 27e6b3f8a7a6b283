// Threads for work spread over the machine's cores (syntax/parsing.hpp parses
// migration files on them; the CLI writes the schema's JSON on one).
#pragma once

#include <pthread.h>

#include <cstddef>
#include <functional>
#include <vector>

namespace noormc::syntax {

/// The number of threads to use: `NOORMC_THREADS` when it is a number from 1
/// to 64, else std::thread::hardware_concurrency() (at most 8).
size_t worker_count();

/// Threads that each run `body` once, with the 1 GiB stack the compiler's
/// main thread has (deep but valid SQL recurses once per nesting level).
/// `body` must not throw. The destructor joins them. Fewer threads start when
/// the system refuses more (even none): `body` must not rely on the count.
class Threads {
 public:
  Threads(size_t count, std::function<void()> body);
  ~Threads() { join(); }
  Threads(const Threads&) = delete;
  Threads& operator=(const Threads&) = delete;
  void join();
  size_t size() const { return threads_.size(); }

 private:
  std::function<void()> body_;
  std::vector<pthread_t> threads_;
};

}  // namespace noormc::syntax
