#include "files/line_reader.hpp"

#include <algorithm>
#include <cstring>

namespace stridecue {

LineReader::LineReader(std::istream& in, std::size_t capacity)
    : in_(in),
      capacity_(capacity),
      buffer_(std::min(capacity, initial_size) + 1 + read_ahead, '\n') {}

LineReader::Result LineReader::next(std::string_view& line) {
  for (;;) {
    if (scan_ < end_) {
      const void* newline = std::memchr(buffer_.data() + scan_, '\n', end_ - scan_);
      if (newline != nullptr) {
        const auto at =
            static_cast<std::size_t>(static_cast<const char*>(newline) - buffer_.data());
        line = std::string_view(buffer_.data() + begin_, at - begin_);
        begin_ = at + 1;
        scan_ = begin_;
        ++line_number_;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        return Result::line;
      }
      scan_ = end_;
    }
    if (input_done_) {
      if (read_failed_) return Result::read_error;
      if (begin_ == end_) return Result::end;
      line = std::string_view(buffer_.data() + begin_, end_ - begin_);
      begin_ = end_;
      scan_ = end_;
      ++line_number_;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      return Result::line;
    }
    if (!refill()) {
      if (!input_done_) return Result::too_long;
    }
  }
}

bool LineReader::refill() {
  const std::size_t keep_from = marked_ ? mark_begin_ : begin_;
  if (keep_from > 0) {
    std::memmove(buffer_.data(), buffer_.data() + keep_from, end_ - keep_from);
    end_ -= keep_from;
    begin_ -= keep_from;
    scan_ -= keep_from;
    if (marked_) mark_begin_ = 0;
    buffer_[end_] = '\n';
  }
  // The byte after the data is for the sentinel, then the read-ahead.
  const std::size_t room = buffer_.size() - 1 - read_ahead;
  if (end_ == room) {
    if (room == capacity_) return false;
    buffer_.resize(std::min(capacity_, room * 2) + 1 + read_ahead, '\n');
  }
  in_.read(buffer_.data() + end_,
           static_cast<std::streamsize>(buffer_.size() - 1 - read_ahead - end_));
  const auto got = static_cast<std::size_t>(in_.gcount());
  end_ += got;
  buffer_[end_] = '\n';  // a last line without a newline is followed by one all the same
  if (in_.bad()) {
    input_done_ = true;
    read_failed_ = true;
    return false;
  }
  if (!in_) input_done_ = true;  // eof: the last read was short
  return got > 0;
}

void LineReader::mark() {
  marked_ = true;
  mark_begin_ = begin_;
  mark_line_number_ = line_number_;
}

void LineReader::rewind() {
  begin_ = mark_begin_;
  scan_ = begin_;
  line_number_ = mark_line_number_;
}

}  // namespace stridecue
