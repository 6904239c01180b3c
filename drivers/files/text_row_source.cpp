#include "files/text_row_source.hpp"

#include <cmath>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "files/field_count.hpp"
#include "files/number_field.hpp"
#include "files/table_fields.hpp"

namespace stridecue {

TextRowSource::TextRowSource(std::istream& in, std::string display_name)
    : display_name_(std::move(display_name)), lines_(in) {}

bool TextRowSource::fail_at(std::int64_t line, std::size_t field, std::string_view message) {
  failure_ = fmt::format("{}:{}:{}: {}", display_name_, line > 0 ? line : 1, field, message);
  failed_ = true;
  return false;
}

bool TextRowSource::fail_here(std::size_t field, std::string_view message) {
  return fail_at(lines_.line_number(), field, message);
}

bool TextRowSource::fail_line_reader(LineReader::Result result) {
  const std::int64_t line = lines_.line_number() + 1;
  if (result == LineReader::Result::too_long) {
    return fail_at(line, 1, fmt::format("line longer than {} bytes", lines_.capacity()));
  }
  return fail_at(line, 1, "read error");
}

bool TextRowSource::read_row() {
  std::string_view line;
  for (;;) {
    const auto result = lines_.next(line);
    if (result == LineReader::Result::end) {
      input_ended_ = true;
      return end_of_rows();
    }
    if (result != LineReader::Result::line) return fail_line_reader(result);
    if (trim_field(line, true).empty()) continue;
    return parse_row(line);
  }
}

bool TextRowSource::split_row(std::string_view line, TableSeparator separator) {
  const std::size_t found = split_fields(line, separator, fields_);
  if (const auto problem = field_count_problem(fields_.size(), found)) {
    return fail_here(problem->field, problem->message);
  }
  return true;
}

bool TextRowSource::add_row() {
  float* frame = blocks_.add_frame();
  for (std::size_t field = 1; field < fields_.size(); ++field) {
    const Cell cell = cells_[field];
    if (cell.channel < 0) continue;
    double value = 0.0;
    if (const auto error = parse_number(fields_[field], value); error != NumberError::none) {
      return fail_here(field + 1, number_error_text(error, fields_[field]));
    }
    // `+ 0.0` keeps a flipped zero from being written out as "-0".
    value = value * cell.scale + 0.0;
    if (!(std::fabs(value) <= std::numeric_limits<float>::max())) {
      return fail_here(field + 1, number_error_text(NumberError::out_of_range, fields_[field]));
    }
    frame[cell.channel] = static_cast<float>(value);
  }
  ++rows_;
  return true;
}

SourceStatus TextRowSource::next(SampleBlock& block) {
  if (failed_) return SourceStatus::failed;
  blocks_.release();
  while (!blocks_.full() && !input_ended_) {
    if (!read_row() && failed_) return SourceStatus::failed;
  }
  if (blocks_.empty()) return SourceStatus::end;
  blocks_.hand_out(block);
  return SourceStatus::block;
}

}  // namespace stridecue
