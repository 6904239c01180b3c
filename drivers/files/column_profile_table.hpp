// The keys of a column profile that say how to read its table (format, separator,
// skip_lines, time_unit, rate_hz, first_index), for parse_column_profile.
#pragma once

#include <optional>
#include <string_view>

#include <toml++/toml.h>

#include "files/column_profile.hpp"
#include "files/profile_errors.hpp"

namespace stridecue {

// Where the keys that depend on each other were written, for the checks after the loop.
struct TableKeySources {
  std::optional<toml::source_region> skip_lines;
  std::optional<toml::source_region> time_unit;
  std::optional<toml::source_region> rate_hz;
  std::optional<toml::source_region> first_index;
};

// One of the keys that say how to read the table: true when read into `profile`, false
// (error set) if its value is wrong, nullopt if `key` is not one of them.
std::optional<bool> parse_table_key(std::string_view key, const toml::node& value,
                                    ColumnProfile& profile, TableKeySources& sources,
                                    const ProfileErrors& errors);

// The table keys that only make sense together (rate_hz with a sample index …); false with
// the error set if they do not.
bool check_table_keys(const ColumnProfile& profile, const TableKeySources& sources,
                      const toml::source_region& document, const ProfileErrors& errors);

}  // namespace stridecue
