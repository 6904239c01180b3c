// Reads a text table of force-plate data through a column profile (column_profile.hpp): an
// OpenSim storage file (.mot, .sto, such as the Rajagopal running data's ground reaction
// forces: header lines up to `endheader`, whose datacolumns/datarows or nColumns/nRows are
// checked against the data) or a plain delimited export (a line of column names after the
// lines the profile skips, such as the RBDS treadmill forces). Then rows of numbers separated
// as the profile says. The profile says which columns are which plate channels, with their
// scale and sign; the rest are ignored. One stream, "force", at the rate of the time column
// (seconds, evenly sampled, or a sample index at the profile's rate).
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
#include "files/table_clock.hpp"
#include "files/text_row_source.hpp"
#include "source/sample_source.hpp"

namespace stridecue {

class TextTableReader final : public TextRowSource {
 public:
  // Reads the header and the column names, and looks ahead to know the rate (up to
  // rate_look_ahead_samples rows for times in seconds, two for a sample index). Errors name
  // `display_name`, line and field ("grf_run.mot:9:3: ..."). `in` must outlive the reader.
  TextTableReader(std::istream& in, std::string display_name, ColumnProfile profile);

  // Whether the file's header is the one the profile describes (its time column first, the
  // vertical forces it maps, and for a delimited profile every column it names), even if a row
  // is wrong: how a profile is chosen for a file.
  bool header_fits() const { return header_fits_; }

 private:
  // A whole number the header declares, checked against the data.
  struct Declared {
    std::int64_t value = 0;
    std::string key;
    std::int64_t line = 0;
  };

  bool read_storage_header();
  bool skip_lines();
  bool read_column_names();
  bool map_columns(const std::vector<std::string_view>& names);
  bool look_ahead_for_rate();
  bool parse_row(std::string_view line) override;
  bool end_of_rows() override;

  ColumnProfile profile_;
  std::optional<Declared> declared_rows_;
  std::optional<Declared> declared_columns_;
  TableClock clock_;
  std::size_t channels_ = 0;
  bool header_fits_ = false;
  bool looking_ahead_ = false;
};

// Opens `path` for a TextTableReader; a file that will not open gives a source that fails
// with "<path>: cannot open: <reason>".
std::unique_ptr<SampleSource> open_text_table(const std::filesystem::path& path,
                                              ColumnProfile profile);

}  // namespace stridecue
