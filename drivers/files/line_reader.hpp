// Splits a byte stream into lines through one fixed buffer, so memory stays flat however long
// the file is (a 60-minute trial is ~1 GB) and no line costs an allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string_view>
#include <vector>

namespace stridecue {

class LineReader {
 public:
  // 1 MiB bounds both the longest line and the look-ahead between mark() and rewind(). The
  // buffer starts at 64 KiB (reads that big keep the stream overhead negligible) and grows
  // only for a line or look-ahead that needs it, so small inputs stay cheap.
  static constexpr std::size_t default_capacity = std::size_t{1} << 20;
  static constexpr std::size_t initial_size = std::size_t{1} << 16;
  static constexpr std::size_t read_ahead = 64;

  enum class Result { line, end, too_long, read_error };

  explicit LineReader(std::istream& in, std::size_t capacity = default_capacity);

  // The next line without its '\n' (or "\r\n"); it stays valid until the next call. A last
  // line without a newline is still returned. The byte after the line (line.data()[size]) is
  // always '\r' or '\n', so a scanner may stop on it without checking for the end, and the
  // read_ahead bytes after that one are readable (of any value), so a scanner may load 16 or
  // 32 bytes at once near the line's end. `too_long` when a line (or, while marked, the
  // look-ahead) does not fit in the buffer.
  Result next(std::string_view& line);

  // 1-based number of the line last returned (0 before the first).
  std::int64_t line_number() const { return line_number_; }

  // Look-ahead: lines read after mark() are read again after rewind(). Until unmark() the
  // buffer cannot slide past the mark, so the look-ahead is limited to the buffer capacity.
  void mark();
  void rewind();
  void unmark() { marked_ = false; }
  bool marked() const { return marked_; }
  // Bytes read since mark(): how much of the capacity the look-ahead holds.
  std::size_t marked_bytes() const { return marked_ ? begin_ - mark_begin_ : 0; }

  std::size_t capacity() const { return capacity_; }

 private:
  // Moves the unread (or marked) bytes to the front and reads more; false at end of input.
  bool refill();

  std::istream& in_;
  std::size_t capacity_;
  // The bytes, then a '\n' at end_ (the sentinel), then read_ahead bytes that are never data.
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  // first unread byte
  std::size_t end_ = 0;    // one past the last valid byte
  std::size_t scan_ = 0;   // where to resume looking for '\n' (bytes before it have none)
  bool input_done_ = false;
  bool read_failed_ = false;
  std::int64_t line_number_ = 0;

  bool marked_ = false;
  std::size_t mark_begin_ = 0;
  std::int64_t mark_line_number_ = 0;
};

}  // namespace stridecue
