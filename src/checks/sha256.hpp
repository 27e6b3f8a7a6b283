// SHA-256 (FIPS 180-4) and base64 (RFC 4648), for noormc.sum. Written here so
// that noormc needs no crypto library; tests/checks_sum_test.cpp checks the
// known vectors.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace noormc::checks {

using Digest = std::array<uint8_t, 32>;

/// An incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  void update(const Digest& d);
  /// The digest of everything given so far; the object must not be used after.
  Digest finish();

 private:
  void block(const uint8_t* p);
  std::array<uint32_t, 8> h_;
  std::array<uint8_t, 64> buf_{};
  size_t used_ = 0;
  uint64_t total_ = 0;
};

Digest sha256(std::string_view bytes);
std::string to_hex(const Digest& d);
std::string base64(const Digest& d);

}  // namespace noormc::checks
