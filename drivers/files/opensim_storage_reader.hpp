// Reads OpenSim storage files (.mot, .sto) such as the ground reaction forces of the Rajagopal
// running data set: header lines up to `endheader` (datacolumns/datarows or nColumns/nRows are
// checked against the data when present), a line of column names, then rows of numbers
// separated by tabs or spaces. A ColumnProfile says which columns are which plate channels;
// the rest are ignored. One stream, "force", at the rate of the time column.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "files/column_profile.hpp"
#include "files/even_sampling.hpp"
#include "files/frame_blocks.hpp"
#include "files/line_reader.hpp"
#include "source/sample_source.hpp"

namespace stridecue {

class OpenSimStorageReader final : public SampleSource {
 public:
  static constexpr std::size_t block_frames = 256;

  // Reads the header, the column names and the first two rows (for the rate). Errors name
  // `display_name`, line and field ("grf_run.mot:9:3: ..."). `in` must outlive the reader.
  OpenSimStorageReader(std::istream& in, std::string display_name, ColumnProfile profile);

  const SourceLayout& layout() const override { return layout_; }
  SourceStatus next(SampleBlock& block) override;
  // Set as soon as the file is found wrong, which for header errors is at construction.
  const std::string& failure() const override { return failure_; }

 private:
  struct Cell {
    std::int32_t channel = -1;  // -1: a column the profile does not map
    double scale = 1.0;
  };
  // A whole number the header declares, checked against the data.
  struct Declared {
    std::int64_t value = 0;
    std::string key;
    std::int64_t line = 0;
  };

  bool read_header();
  bool read_column_names();
  bool read_row();  // false at the end of the data or on failure
  bool parse_row(std::string_view line);
  bool fail_at(std::int64_t line, std::size_t field, std::string_view message);
  bool fail_here(std::size_t field, std::string_view message);
  bool fail_line_reader(LineReader::Result result);

  std::string display_name_;
  ColumnProfile profile_;
  LineReader lines_;
  SourceLayout layout_;
  std::string failure_;
  std::vector<Cell> cells_;
  std::vector<std::string_view> fields_;
  std::optional<Declared> declared_rows_;
  std::optional<Declared> declared_columns_;
  EvenSampling clock_;
  double previous_time_s_ = 0.0;
  std::int64_t rows_ = 0;
  FrameBlocks blocks_;
  std::size_t channels_ = 0;
  bool input_ended_ = false;
  bool failed_ = false;
};

// Opens `path` for an OpenSimStorageReader; a file that will not open gives a source that
// fails with "<path>: cannot open: <reason>".
std::unique_ptr<SampleSource> open_opensim_storage(const std::filesystem::path& path,
                                                   ColumnProfile profile);

}  // namespace stridecue
