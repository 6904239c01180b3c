// What the one-stream text readers (TextTableReader, AncReader) share: the lines they read,
// errors that name the file, line and field, the row loop that skips blank lines, splitting a
// row and storing its numbers into a frame through its cells, and next(), which reads rows into
// blocks of frames until one is full or the data ends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sample_block.hpp"
#include "files/column_profile.hpp"
#include "files/frame_blocks.hpp"
#include "files/line_reader.hpp"
#include "source/sample_source.hpp"

namespace stridecue {

class TextRowSource : public SampleSource {
 public:
  static constexpr std::size_t block_frames = 256;

  const SourceLayout& layout() const final { return layout_; }
  SourceStatus next(SampleBlock& block) final;
  // Set as soon as the file is found wrong, which for header errors is at construction.
  const std::string& failure() const final { return failure_; }

 protected:
  // A column of the table: the channel it goes to and the factor to the channel's unit.
  struct Cell {
    std::int32_t channel = -1;  // -1: a column the reader does not expose
    double scale = 1.0;
  };

  // Errors name `display_name`, line and field. `in` must outlive the reader.
  TextRowSource(std::istream& in, std::string display_name);

  // The next non-blank line to parse_row(); at the end of the input sets input_ended_ and
  // returns end_of_rows(). False at the end of the data or on failure.
  bool read_row();
  // One data row into a frame; false on failure.
  virtual bool parse_row(std::string_view line) = 0;
  // The checks at the end of the data; false, and failed_ set if one fails.
  virtual bool end_of_rows() { return false; }

  // The fields of a data row into fields_; fails unless it has as many as fields_ holds.
  bool split_row(std::string_view line, TableSeparator separator);
  // fields_[1...] into a new frame, each mapped field's number times its cell's scale, and
  // counts the row; fails at the first field that is not a number or does not fit a float.
  bool add_row();

  bool fail_at(std::int64_t line, std::size_t field, std::string_view message);
  bool fail_here(std::size_t field, std::string_view message);
  bool fail_line_reader(LineReader::Result result);

  std::string display_name_;
  LineReader lines_;
  SourceLayout layout_;
  std::string failure_;
  std::vector<Cell> cells_;  // one per field
  std::vector<std::string_view> fields_;
  std::int64_t rows_ = 0;  // data rows read
  FrameBlocks blocks_;
  bool input_ended_ = false;
  bool failed_ = false;
};

}  // namespace stridecue
