// Column profiles: how to read a text table of force-plate data that is not our trial CSV (an
// OpenSim .mot/.sto, a lab's tab-separated export) and which of its columns are which
// force-plate channels, with the sign and scale that turn the file's axes and units into ours
// (x forward, y left, z up; SI units). Loaded from TOML, e.g. config/profiles/rbds_forces.toml:
//
//   name = "rbds_forces"
//   format = "delimited"          # or "opensim_storage" (the default): a header up to endheader
//   separator = "tab"
//   time_column = "Time"
//   time_unit = "sample_index"    # or "s" (the default)
//   rate_hz = 300
//   first_index = 1
//   [columns]
//   Fy = { plate = "belt", quantity = "fz" }
//   COPz = { plate = "belt", quantity = "copy", scale = 0.001, sign = -1 }
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sample_block.hpp"
#include "source/parse_result.hpp"

namespace stridecue {

struct ColumnMapping {
  std::string column;  // as named in the file
  Plate plate = Plate::belt;
  Quantity quantity = Quantity::force_z;  // a force-plate quantity: fx fy fz copx copy tz
  double scale = 1.0;                     // ours = scale × file's (sign folded in)
};

// Where the column names are. opensim_storage: after header lines up to `endheader`, whose
// datacolumns/datarows (nColumns/nRows) are checked. delimited: the first non-blank line after
// skip_lines lines.
enum class TableFormat : std::uint8_t { opensim_storage, delimited };

// whitespace: any run of blanks separates fields (OpenSim writes tabs, other tools spaces).
// The others: one character per separator, so an empty field is an empty cell.
enum class TableSeparator : std::uint8_t { whitespace, tab, comma, semicolon };

// seconds: the time of each row, evenly sampled (even_sampling.hpp). sample_index: a whole
// number counting samples at rate_hz, the sample numbered first_index at 0 s.
enum class TimeUnit : std::uint8_t { seconds, sample_index };

struct ColumnProfile {
  std::string name;
  std::string description;
  TableFormat format = TableFormat::opensim_storage;
  TableSeparator separator = TableSeparator::whitespace;
  std::int64_t skip_lines = 0;  // delimited only
  std::string time_column = "time";
  TimeUnit time_unit = TimeUnit::seconds;
  double rate_hz = 0.0;          // sample_index only
  std::int64_t first_index = 0;  // sample_index only
  std::vector<ColumnMapping> columns;

  const ColumnMapping* find(std::string_view column) const;
  // A delimited table is one exporter's layout: every column the profile names must be there.
  // An OpenSim storage profile covers files with one side or both, so it maps what it finds.
  bool requires_every_column() const { return format == TableFormat::delimited; }
};

std::string_view to_string(TableSeparator separator);
std::string_view to_string(TableFormat format);

// Parses a profile; on error returns nullopt and sets *error to
// "<display_name>:<line>:<column>: <what>" (unknown keys, wrong types, unknown plate or
// quantity names, two columns for one channel, a plate without fz, belt mixed with left/right,
// a rate without a sample index or a sample index without a rate).
ParseResult<ColumnProfile> parse_column_profile(std::string_view toml_text,
                                                std::string_view display_name);

// Reads and parses the profile file at `path` ("<path>: cannot open: ..." if unreadable).
ParseResult<ColumnProfile> load_column_profile(const std::filesystem::path& path);

}  // namespace stridecue
