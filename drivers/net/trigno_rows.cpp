#include "net/trigno_rows.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace stridecue {

void TrignoRows::decode(const std::uint8_t* row, float* out) const {
  for (std::size_t k = 0; k < columns_.size(); ++k) {
    const std::uint8_t* b = row + 4 * columns_[k];
    const std::uint32_t bits =
        static_cast<std::uint32_t>(b[0]) | (static_cast<std::uint32_t>(b[1]) << 8) |
        (static_cast<std::uint32_t>(b[2]) << 16) | (static_cast<std::uint32_t>(b[3]) << 24);
    out[k] = std::bit_cast<float>(bits);
  }
}

std::size_t TrignoRows::feed(std::span<const std::uint8_t> bytes, std::span<float> out) {
  std::size_t rows = 0;
  const std::size_t width = columns_.size();
  if (tail_size_ > 0) {
    const std::size_t take = std::min(kTrignoRowBytes - tail_size_, bytes.size());
    std::memcpy(tail_.data() + tail_size_, bytes.data(), take);
    tail_size_ += take;
    bytes = bytes.subspan(take);
    if (tail_size_ < kTrignoRowBytes) return 0;
    decode(tail_.data(), out.data());
    tail_size_ = 0;
    ++rows;
  }
  while (bytes.size() >= kTrignoRowBytes) {
    decode(bytes.data(), out.data() + rows * width);
    bytes = bytes.subspan(kTrignoRowBytes);
    ++rows;
  }
  std::memcpy(tail_.data(), bytes.data(), bytes.size());
  tail_size_ = bytes.size();
  return rows;
}

}  // namespace stridecue
