// The Trigno EMG data port's byte stream into sample rows: 16 little-endian float32 volts per
// row, back to back, with no framing. TCP hands them over in any pieces, so a row may straddle
// two reads: the tail is kept until the rest arrives. Only the mapped sensors' columns are kept.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace stridecue {

inline constexpr std::size_t kTrignoRowBytes = 16 * 4;

class TrignoRows {
 public:
  // columns: 0-based sensor columns to keep, in output order.
  explicit TrignoRows(std::vector<std::size_t> columns) : columns_(std::move(columns)) {}

  // Decodes every whole row completed by `bytes` into `out` (rows × columns floats, appended
  // from out_rows × columns on); returns the number of rows written. `out` must have room
  // for (tail + bytes.size()) / 64 more rows.
  std::size_t feed(std::span<const std::uint8_t> bytes, std::span<float> out);

  std::size_t columns() const { return columns_.size(); }
  std::size_t tail_bytes() const { return tail_size_; }
  void reset() { tail_size_ = 0; }  // a new connection starts on a row boundary

 private:
  void decode(const std::uint8_t* row, float* out) const;

  std::vector<std::size_t> columns_;
  std::array<std::uint8_t, kTrignoRowBytes> tail_{};
  std::size_t tail_size_ = 0;
};

}  // namespace stridecue
