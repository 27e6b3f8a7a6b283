/* The two functions Python's _sqlite3 module links that better-sqlite3's build
 * omits (SQLITE_OMIT_SHARED_CACHE, SQLITE_OMIT_PROGRESS_CALLBACK), so that the
 * fuzzers' oracle can load build/oracle/libsqlite3.so.0. The fuzzers call
 * neither; these keep the omitted features off rather than fake them. */
#include "sqlite3.h"

int sqlite3_enable_shared_cache(int enable) { return enable ? SQLITE_MISUSE : SQLITE_OK; }

void sqlite3_progress_handler(sqlite3* db, int n, int (*callback)(void*), void* arg) {
  (void)db;
  (void)n;
  (void)callback;
  (void)arg;
}
