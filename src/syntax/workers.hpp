// Work spread over the machine's cores: parsing is the one stage whose
// pieces (the migration files) are independent of each other.
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

/// Calls `job(i)` once for every i in [0, n), on up to worker_count() threads
/// (the caller's included), taking indexes in order as threads become free.
/// Returns when every call has; an exception a job throws is rethrown here
/// (the first, by index). Jobs must touch only their own index's data.
void for_each_index(size_t n, const std::function<void(size_t)>& job);

}  // namespace noormc::syntax
