#include "syntax/workers.hpp"

#include <algorithm>
#include <cstdlib>
#include <thread>

namespace noormc::syntax {

size_t worker_count() {
  if (const char* env = std::getenv("NOORMC_THREADS")) {
    char* end = nullptr;
    long n = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && n >= 1 && n <= 64) return static_cast<size_t>(n);
  }
  return std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
}

namespace {

/// Deep but valid SQL recurses once per nesting level (parser, tree walks); 1 GiB is never reached.
constexpr size_t kStackBytes = size_t{1} << 30;

void* run_body(void* body) {
  (*static_cast<std::function<void()>*>(body))();
  return nullptr;
}

}  // namespace

Threads::Threads(size_t count, std::function<void()> body) : body_(std::move(body)) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kStackBytes);
  for (size_t k = 0; k < count; ++k) {
    pthread_t t;
    if (pthread_create(&t, &attr, run_body, &body_) != 0) break;
    threads_.push_back(t);
  }
  pthread_attr_destroy(&attr);
}

void Threads::join() {
  for (pthread_t t : threads_) pthread_join(t, nullptr);
  threads_.clear();
}

}  // namespace noormc::syntax
