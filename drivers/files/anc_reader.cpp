#include "files/anc_reader.hpp"
#include "files/profile_errors.hpp"
#include "files/profile_file.hpp"

#include <charconv>
#include <cmath>
#include <utility>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "files/file_source.hpp"
#include "files/number_field.hpp"
#include "files/table_fields.hpp"

namespace stridecue {
namespace {

// ---- Profile ------------------------------------------------------------------------------

std::optional<EmgChannelMapping> parse_mapping(const toml::key& column, const toml::node& node,
                                               const ProfileErrors& errors) {
  const auto* entry = node.as_table();
  if (entry == nullptr) {
    return errors.at(node.source(),
                     fmt::format("channel \"{}\" must be a table such as {{ muscle = \"gmed\", "
                                 "side = \"right\" }}",
                                 column.str()));
  }
  EmgChannelMapping mapping;
  mapping.column = std::string(column.str());
  bool has_muscle = false;
  bool has_side = false;
  for (auto&& [key, value] : *entry) {
    if (key == "muscle") {
      const auto text = string_value(value);
      if (!text || text->empty()) {
        return errors.at(value.source(), "muscle must be a non-empty string such as \"gmed\"");
      }
      mapping.muscle = *text;
      has_muscle = true;
    } else if (key == "side") {
      const auto side = side_value(value);
      if (!side) return errors.at(value.source(), "side must be \"left\" or \"right\"");
      mapping.side = *side;
      has_side = true;
    } else if (key == "gain") {
      const auto gain = value.is_number() ? value.value<double>() : std::nullopt;
      if (!gain || !std::isfinite(*gain) || *gain <= 0.0) {
        return errors.at(value.source(), "gain must be a positive number");
      }
      mapping.gain = *gain;
    } else {
      return errors.at(key.source(),
                       fmt::format("unknown key \"{}\" in channel \"{}\"; allowed: muscle, side, "
                                   "gain",
                                   key.str(), column.str()));
    }
  }
  if (!has_muscle || !has_side) {
    return errors.at(node.source(),
                     fmt::format("channel \"{}\" needs both muscle and side", column.str()));
  }
  return mapping;
}

// ---- Text fields --------------------------------------------------------------------------

// Header lines: tabs separate fields, which may hold spaces ("Analog R/C ASCII").
std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t tab = line.find('\t', start);
    fields.push_back(trim_field(line.substr(start, tab - start), false));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  while (!fields.empty() && fields.back().empty())
    fields.pop_back();
  return fields;
}

std::optional<std::int64_t> whole_number(std::string_view text) {
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return number;
}

bool same_rate(double a, double b) {
  return std::fabs(a - b) <= 1e-6 * std::max(a, b);
}

}  // namespace

const EmgChannelMapping* EmgChannelProfile::find(std::string_view column) const {
  for (const EmgChannelMapping& mapping : channels) {
    if (mapping.column == column) return &mapping;
  }
  return nullptr;
}

static std::optional<EmgChannelProfile> parse_emg_channel_profile_into(
    std::string_view toml_text, std::string_view display_name, std::string* error) {
  const ProfileErrors errors(display_name, error);
  const auto parsed = parse_profile_document(toml_text, errors);
  if (!parsed) return std::nullopt;
  const toml::table& document = *parsed;

  EmgChannelProfile profile;
  const toml::table* channels = nullptr;
  for (auto&& [key, value] : document) {
    if (key == "name" || key == "description") {
      auto text = string_value(value);
      if (!text) return errors.at(value.source(), fmt::format("{} must be a string", key.str()));
      (key == "name" ? profile.name : profile.description) = *text;
    } else if (key == "channels") {
      channels = value.as_table();
      if (channels == nullptr) return errors.at(value.source(), "channels must be a table");
    } else {
      return errors.at(key.source(), fmt::format("unknown key \"{}\"; allowed: name, description, "
                                                 "channels",
                                                 key.str()));
    }
  }
  if (channels == nullptr || channels->empty()) {
    return errors.at(channels != nullptr ? channels->source() : document.source(),
                     "the profile maps no channels (add a [channels] table)");
  }
  for (auto&& [key, value] : *channels) {
    auto mapping = parse_mapping(key, value, errors);
    if (!mapping) return std::nullopt;
    for (const EmgChannelMapping& earlier : profile.channels) {
      if (earlier.muscle == mapping->muscle && earlier.side == mapping->side) {
        return errors.at(key.source(),
                         fmt::format("channels \"{}\" and \"{}\" both map to {} {}", earlier.column,
                                     mapping->column, to_string(mapping->side), mapping->muscle));
      }
    }
    profile.channels.push_back(std::move(*mapping));
  }
  return profile;
}

ParseResult<EmgChannelProfile> load_emg_channel_profile(const std::filesystem::path& path) {
  return load_profile_file(path, parse_emg_channel_profile);
}

// ---- Reader -------------------------------------------------------------------------------

AncReader::AncReader(std::istream& in, std::string display_name, EmgChannelProfile profile)
    : TextRowSource(in, std::move(display_name)), profile_(std::move(profile)) {
  std::string_view name_row;
  if (!read_header(name_row) || !read_channel_rows(name_row)) return;
  // The first row gives the start time; it waits in the first block.
  if (!read_row()) {
    if (!failed_) fail_here(1, "no data rows after the Range row");
    return;
  }
  layout_.streams[0].start_time_s = start_time_s_;
}

bool AncReader::read_header(std::string_view& line) {
  for (;;) {
    const auto result = lines_.next(line);
    if (result == LineReader::Result::end) {
      if (lines_.line_number() == 0) return fail_at(1, 1, "empty file: not an .anc file");
      return fail_here(1, "no \"Name\" row of channel names: not an .anc analog file");
    }
    if (result != LineReader::Result::line) return fail_line_reader(result);
    const auto fields = split_tabs(line);
    if (lines_.line_number() == 1 && (fields.empty() || fields[0] != "File_Type:")) {
      return fail_here(1,
                       "first line does not start with \"File_Type:\": not a Motion Analysis "
                       ".anc file");
    }
    if (!fields.empty() && fields[0] == "Name") return true;
    // Key:<TAB>value pairs.
    for (std::size_t i = 0; i + 1 < fields.size(); ++i) {
      const std::string_view key = fields[i];
      if (key.size() < 2 || key.back() != ':') continue;
      const std::string_view value = fields[i + 1];
      const std::size_t field = i + 2;
      if (key == "PreciseRate:") {
        double rate = 0.0;
        if (parse_number(value, rate) != NumberError::none || !(rate > 0.0)) {
          return fail_here(field, fmt::format("PreciseRate must be a positive number, found {}",
                                              quote_field(value)));
        }
        precise_rate_hz_ = rate;
        precise_rate_line_ = lines_.line_number();
      } else if (key == "#Channels:") {
        const auto count = whole_number(value);
        if (!count || *count < 1) {
          return fail_here(field, fmt::format("#Channels must be a whole number ≥ 1, found {}",
                                              quote_field(value)));
        }
        declared_channels_ = *count;
        declared_channels_line_ = lines_.line_number();
      } else if (key == "Duration(Sec.):") {
        double duration = 0.0;
        if (parse_number(value, duration) != NumberError::none || duration < 0.0) {
          return fail_here(field, fmt::format("Duration(Sec.) must be a number ≥ 0, found {}",
                                              quote_field(value)));
        }
        duration_s_ = duration;
        duration_line_ = lines_.line_number();
      } else if (key == "BitDepth:") {
        const auto bits = whole_number(value);
        if (!bits || *bits < 2 || *bits > 32) {
          return fail_here(field, fmt::format("BitDepth must be a whole number of 2-32, found {}",
                                              quote_field(value)));
        }
        bit_depth_ = static_cast<int>(*bits);
      } else if (key == "Polarity:") {
        if (value != "Bipolar") {
          return fail_here(field, fmt::format("polarity {} is not supported (only Bipolar: "
                                              "counts span ±Range)",
                                              quote_field(value)));
        }
      }
    }
  }
}

bool AncReader::next_nonblank(std::string_view& line, std::string_view expecting) {
  for (;;) {
    const auto result = lines_.next(line);
    if (result == LineReader::Result::end) {
      return fail_here(1, fmt::format("the file ends before the {} row", expecting));
    }
    if (result != LineReader::Result::line) return fail_line_reader(result);
    if (!trim_field(line, true).empty()) return true;
  }
}

bool AncReader::read_channel_rows(std::string_view name_row) {
  std::vector<std::string_view> name_views(split_blanks(name_row, fields_));
  split_blanks(name_row, name_views);
  // Copied: the views die with the next line read.
  const std::vector<std::string> names(name_views.begin(), name_views.end());
  std::string_view line;
  const std::size_t columns = names.size();  // "Name" and the channels
  if (declared_channels_ && *declared_channels_ != static_cast<std::int64_t>(columns) - 1) {
    return fail_here(1, fmt::format("{} channel names, but #Channels (line {}) says {}",
                                    columns - 1, declared_channels_line_, *declared_channels_));
  }
  if (columns < 2) return fail_here(1, "no channel names in the Name row");

  StreamInfo stream;
  stream.name = "emg";
  cells_.assign(columns, Cell{});
  std::vector<std::size_t> field_of_channel;
  for (std::size_t field = 1; field < columns; ++field) {
    const EmgChannelMapping* mapping = profile_.find(names[field]);
    if (mapping == nullptr) continue;
    for (std::size_t c = 0; c < stream.channels.size(); ++c) {
      if (stream.channels[c].name == names[field]) {
        return fail_here(field + 1,
                         fmt::format("duplicate channel {} (also field {})",
                                     quote_field(names[field]), field_of_channel[c] + 1));
      }
    }
    cells_[field].channel = static_cast<std::int32_t>(stream.channels.size());
    stream.channels.push_back(
        ChannelInfo{mapping->column, Quantity::emg, std::nullopt, mapping->side, mapping->muscle});
    field_of_channel.push_back(field);
  }
  if (stream.channels.empty()) {
    return fail_here(1, fmt::format("no channel is mapped by profile \"{}\"", profile_.name));
  }

  // The Rate and Range rows: one number per channel.
  const auto read_numbers_row = [&](std::string_view label) {
    if (!next_nonblank(line, label)) return false;
    fields_.assign(columns, std::string_view{});
    const std::size_t found = split_blanks(line, fields_);
    if (fields_[0] != label) {
      return fail_here(
          1, fmt::format("expected the {} row, found {}", label, quote_field(fields_[0])));
    }
    if (found != columns) {
      return fail_here(
          std::min(found, columns) + 1,
          fmt::format("{} row has {} values for {} channels", label, found - 1, columns - 1));
    }
    return true;
  };
  if (!read_numbers_row("Rate")) return false;
  for (std::size_t field = 1; field < columns; ++field) {
    if (cells_[field].channel < 0) continue;
    double rate = 0.0;
    if (const auto error = parse_number(fields_[field], rate); error != NumberError::none) {
      return fail_here(field + 1, number_error_text(error, fields_[field]));
    }
    if (!(rate > 0.0)) {
      return fail_here(field + 1,
                       fmt::format("rate must be positive, found {}", quote_field(fields_[field])));
    }
    if (rate_hz_ == 0.0) rate_hz_ = precise_rate_hz_.value_or(rate);
    if (!same_rate(rate, rate_hz_)) {
      return fail_here(field + 1,
                       fmt::format("channel {} at {:.9g} Hz, but the file's rate is {:.9g} Hz "
                                   "(one rate per file)",
                                   quote_field(names[field]), rate, rate_hz_));
    }
  }

  if (!read_numbers_row("Range")) return false;
  const double codes_per_side = std::ldexp(1.0, bit_depth_ - 1);
  for (std::size_t field = 1; field < columns; ++field) {
    if (cells_[field].channel < 0) continue;
    double range_mv = 0.0;
    if (const auto error = parse_number(fields_[field], range_mv); error != NumberError::none) {
      return fail_here(field + 1, number_error_text(error, fields_[field]));
    }
    if (!(range_mv > 0.0)) {
      return fail_here(
          field + 1, fmt::format("range must be positive, found {}", quote_field(fields_[field])));
    }
    const EmgChannelMapping& mapping = *profile_.find(names[field]);
    cells_[field].scale = range_mv / 1000.0 / codes_per_side / mapping.gain;
    volts_per_count_.push_back(cells_[field].scale);
  }

  stream.rate_hz = rate_hz_;
  channels_ = stream.channels.size();
  blocks_.size(channels_, block_frames);
  layout_.streams.push_back(std::move(stream));
  return true;
}

bool AncReader::end_of_rows() {
  if (duration_s_ && rows_ > 0) {  // no rows at all: the constructor says so
    const std::int64_t expected = std::llround(*duration_s_ * rate_hz_) + 1;
    if (expected != rows_) {
      return fail_at(duration_line_, 1,
                     fmt::format("expected {} rows (Duration(Sec.) {:.9g} s at {:.9g} Hz), "
                                 "found {}",
                                 expected, *duration_s_, rate_hz_, rows_));
    }
  }
  return false;
}

bool AncReader::parse_row(std::string_view line) {
  if (!split_row(line, TableSeparator::whitespace)) return false;
  double time_s = 0.0;
  if (const auto error = parse_number(fields_[0], time_s); error != NumberError::none) {
    return fail_here(1, number_error_text(error, fields_[0]));
  }
  if (rows_ == 0) {
    start_time_s_ = time_s;
  } else {
    // Every row on the header rate's grid: a dropped or repeated row shows at once.
    const double expected_s = start_time_s_ + static_cast<double>(rows_) / rate_hz_;
    if (!(std::fabs(time_s - expected_s) <= 0.25 / rate_hz_)) {
      return fail_here(1, fmt::format("uneven sampling: row at {:.9g} s, expected {:.9g} s "
                                      "({:.9g} Hz from the header)",
                                      time_s, expected_s, rate_hz_));
    }
  }

  return add_row();
}

std::unique_ptr<SampleSource> open_anc(const std::filesystem::path& path,
                                       EmgChannelProfile profile) {
  return open_file_source<AncReader>(path, std::move(profile));
}

ParseResult<EmgChannelProfile> parse_emg_channel_profile(std::string_view toml_text,
                                                         std::string_view display_name) {
  return parse_result_of([&](std::string* error) {
    return parse_emg_channel_profile_into(toml_text, display_name, error);
  });
}

}  // namespace stridecue
