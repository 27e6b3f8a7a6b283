#include "checks/sha256.hpp"

namespace noormc::checks {

Sha256::Sha256() : ctx_() {
  SHA256_Init(&ctx_);
}

void Sha256::update(std::string_view bytes) {
  SHA256_Update(&ctx_, bytes.data(), bytes.size());
}

void Sha256::update(const Digest& d) {
  SHA256_Update(&ctx_, d.data(), d.size());
}

Digest Sha256::finish() {
  Digest out{};
  SHA256_Final(out.data(), &ctx_);
  return out;
}

Digest sha256(std::string_view bytes) {
  Sha256 h;
  h.update(bytes);
  return h.finish();
}

std::string to_hex(const Digest& d) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (uint8_t b : d) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}

std::string base64(const Digest& d) {
  static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 3 <= d.size(); i += 3) {
    uint32_t v = static_cast<uint32_t>(d[i]) << 16 | static_cast<uint32_t>(d[i + 1]) << 8 | d[i + 2];
    for (int k = 3; k >= 0; --k) out.push_back(table[(v >> (6 * k)) & 63]);
  }
  // 32 bytes leave two: three characters and one '='.
  uint32_t v = static_cast<uint32_t>(d[i]) << 16 | static_cast<uint32_t>(d[i + 1]) << 8;
  out.push_back(table[(v >> 18) & 63]);
  out.push_back(table[(v >> 12) & 63]);
  out.push_back(table[(v >> 6) & 63]);
  out.push_back('=');
  return out;
}

}  // namespace noormc::checks
