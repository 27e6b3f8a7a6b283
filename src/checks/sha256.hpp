// SHA-256 (FIPS 180-4) and base64 (RFC 4648), for noormc.sum, the judgement
// cache and the generated files' GENERATION. The hash is OpenSSL's (libcrypto),
// which uses the CPU's SHA extensions where there are some: six times the
// speed of portable C here, and noormc.sum hashes every migration on each
// check. tests/checks_sum_test.cpp checks the known vectors.
#pragma once

#include <openssl/sha.h>  // the one-shot SHA256_* API: EVP would link all of libcrypto's providers in

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
  SHA256_CTX ctx_;
};

Digest sha256(std::string_view bytes);
std::string to_hex(const Digest& d);
std::string base64(const Digest& d);

}  // namespace noormc::checks
