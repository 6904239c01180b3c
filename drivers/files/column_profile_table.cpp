#include "files/column_profile_table.hpp"

#include <array>
#include <cmath>
#include <utility>

#include <fmt/format.h>

namespace stridecue {
namespace {

template <class Enum, std::size_t N>
std::optional<Enum> enum_value(const toml::node& node,
                               const std::array<std::pair<std::string_view, Enum>, N>& names) {
  const auto text = string_value(node);
  for (const auto& [name, value] : names) {
    if (text && *text == name) return value;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<std::string_view, TableFormat>, 2> format_names{
    {{"opensim_storage", TableFormat::opensim_storage}, {"delimited", TableFormat::delimited}}};
constexpr std::array<std::pair<std::string_view, TableSeparator>, 4> separator_names{
    {{"whitespace", TableSeparator::whitespace},
     {"tab", TableSeparator::tab},
     {"comma", TableSeparator::comma},
     {"semicolon", TableSeparator::semicolon}}};
constexpr std::array<std::pair<std::string_view, TimeUnit>, 2> time_unit_names{
    {{"s", TimeUnit::seconds}, {"sample_index", TimeUnit::sample_index}}};

}  // namespace

std::string_view to_string(TableSeparator separator) {
  for (const auto& [name, value] : separator_names) {
    if (value == separator) return name;
  }
  return "?";
}

std::string_view to_string(TableFormat format) {
  for (const auto& [name, value] : format_names) {
    if (value == format) return name;
  }
  return "?";
}

std::optional<bool> parse_table_key(std::string_view key, const toml::node& value,
                                    ColumnProfile& profile, TableKeySources& sources,
                                    const ProfileErrors& errors) {
  const auto fail = [&](std::string_view message) {
    errors.at(value.source(), message);
    return false;
  };
  if (key == "format") {
    const auto format = enum_value(value, format_names);
    if (!format) return fail("format must be \"opensim_storage\" or \"delimited\"");
    profile.format = *format;
  } else if (key == "separator") {
    const auto separator = enum_value(value, separator_names);
    if (!separator) {
      return fail("separator must be \"whitespace\", \"tab\", \"comma\" or \"semicolon\"");
    }
    profile.separator = *separator;
  } else if (key == "skip_lines") {
    const auto lines = integer_value(value);
    if (!lines || *lines < 0 || *lines > 1000000) {
      return fail("skip_lines must be a whole number from 0 to 1000000");
    }
    profile.skip_lines = *lines;
    sources.skip_lines = value.source();
  } else if (key == "time_unit") {
    const auto unit = enum_value(value, time_unit_names);
    if (!unit) return fail("time_unit must be \"s\" or \"sample_index\"");
    profile.time_unit = *unit;
    sources.time_unit = value.source();
  } else if (key == "rate_hz") {
    const auto rate = value.is_number() ? value.value<double>() : std::nullopt;
    if (!rate || !(*rate > 0.0) || !std::isfinite(*rate) || *rate > 1e7) {
      return fail("rate_hz must be a number above 0 (at most 1e7)");
    }
    profile.rate_hz = *rate;
    sources.rate_hz = value.source();
  } else if (key == "first_index") {
    const auto index = integer_value(value);
    if (!index || *index < 0 || *index > (std::int64_t{1} << 52)) {
      return fail("first_index must be a whole number, 0 or more");
    }
    profile.first_index = *index;
    sources.first_index = value.source();
  } else {
    return std::nullopt;
  }
  return true;
}

bool check_table_keys(const ColumnProfile& profile, const TableKeySources& sources,
                      const toml::source_region& document, const ProfileErrors& errors) {
  if (sources.skip_lines && profile.format != TableFormat::delimited) {
    errors.at(*sources.skip_lines,
              "skip_lines applies to format = \"delimited\" (an OpenSim storage header ends "
              "at its endheader line)");
    return false;
  }
  if (profile.time_unit == TimeUnit::sample_index) {
    if (!sources.rate_hz || !sources.first_index) {
      errors.at(sources.time_unit.value_or(document),
                "time_unit = \"sample_index\" needs rate_hz (the sampling rate) and first_index "
                "(the index of the sample at 0 s)");
      return false;
    }
    return true;
  }
  for (const auto& [source, key] :
       {std::pair{sources.rate_hz, "rate_hz"}, std::pair{sources.first_index, "first_index"}}) {
    if (!source) continue;
    errors.at(*source, fmt::format("{} applies to time_unit = \"sample_index\"; a time column "
                                   "in seconds gives its own rate and start",
                                   key));
    return false;
  }
  return true;
}

}  // namespace stridecue
