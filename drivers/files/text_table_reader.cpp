#include "files/text_table_reader.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

#include <fmt/format.h>

#include "files/file_source.hpp"
#include "files/number_field.hpp"
#include "files/table_fields.hpp"

namespace stridecue {

TextTableReader::TextTableReader(std::istream& in, std::string display_name, ColumnProfile profile)
    : TextRowSource(in, std::move(display_name)), profile_(std::move(profile)), clock_(profile_) {
  const bool header_read =
      profile_.format == TableFormat::opensim_storage ? read_storage_header() : skip_lines();
  if (!header_read || !read_column_names()) return;
  header_fits_ = true;
  look_ahead_for_rate();
}

bool TextTableReader::read_storage_header() {
  std::string_view line;
  for (;;) {
    const auto result = lines_.next(line);
    if (result == LineReader::Result::end) {
      return fail_here(1, "no \"endheader\" line: not an OpenSim storage file");
    }
    if (result != LineReader::Result::line) return fail_line_reader(result);
    const std::string_view text = trim_field(line, true);
    if (text == "endheader") return true;
    // "datacolumns 19" (old .mot) or "nColumns=19" (.sto version 1).
    const std::size_t key_end = text.find_first_of(" \t=");
    if (key_end == std::string_view::npos) continue;
    const std::string_view key = text.substr(0, key_end);
    std::string_view value = text.substr(key_end);
    while (!value.empty() && (is_blank(value.front()) || value.front() == '=')) {
      value.remove_prefix(1);
    }
    std::optional<Declared>* declared = nullptr;
    if (key == "datarows" || key == "nRows") declared = &declared_rows_;
    if (key == "datacolumns" || key == "nColumns") declared = &declared_columns_;
    if (declared == nullptr) continue;
    std::int64_t number = -1;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (error != std::errc{} || end != value.data() + value.size() || number < 0) {
      return fail_here(2,
                       fmt::format("{} must be a whole number, found {}", key, quote_field(value)));
    }
    *declared = Declared{number, std::string(key), lines_.line_number()};
  }
}

bool TextTableReader::skip_lines() {
  std::string_view line;
  while (lines_.line_number() < profile_.skip_lines) {
    const auto result = lines_.next(line);
    if (result == LineReader::Result::end) {
      return fail_here(1, fmt::format("the file ends within the {} lines profile \"{}\" skips "
                                      "before its column names",
                                      profile_.skip_lines, profile_.name));
    }
    if (result != LineReader::Result::line) return fail_line_reader(result);
  }
  return true;
}

bool TextTableReader::read_column_names() {
  std::string_view line;
  for (;;) {
    const auto result = lines_.next(line);
    if (result == LineReader::Result::end) {
      return fail_here(1, profile_.format == TableFormat::opensim_storage
                              ? "no line of column names after \"endheader\""
                              : "no line of column names");
    }
    if (result != LineReader::Result::line) return fail_line_reader(result);
    // Spreadsheets on Windows start UTF-8 files with a byte-order mark.
    if (lines_.line_number() == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    if (!trim_field(line, true).empty()) break;
  }
  std::vector<std::string_view> names(split_fields(line, profile_.separator, fields_));
  split_fields(line, profile_.separator, names);
  if (names.front() != profile_.time_column) {
    return fail_here(1, fmt::format("first column is {}, expected \"{}\" (the profile's "
                                    "time_column)",
                                    quote_field(names.front()), profile_.time_column));
  }
  if (declared_columns_ && declared_columns_->value != static_cast<std::int64_t>(names.size())) {
    return fail_here(1, fmt::format("{} column names, but the header says {} {}", names.size(),
                                    declared_columns_->key, declared_columns_->value));
  }
  if (profile_.requires_every_column()) {
    for (const ColumnMapping& mapping : profile_.columns) {
      if (std::find(names.begin(), names.end(), mapping.column) != names.end()) continue;
      return fail_here(1, fmt::format("no column \"{}\", which profile \"{}\" maps to {} {} (a "
                                      "delimited profile describes every column it names)",
                                      mapping.column, profile_.name, to_string(mapping.plate),
                                      to_string(mapping.quantity)));
    }
  }
  return map_columns(names);
}

bool TextTableReader::map_columns(const std::vector<std::string_view>& names) {
  StreamInfo stream;
  stream.name = "force";
  cells_.resize(names.size());
  fields_.resize(names.size());
  std::vector<std::size_t> field_of_channel;
  for (std::size_t field = 1; field < names.size(); ++field) {
    const ColumnMapping* mapping = profile_.find(names[field]);
    if (mapping == nullptr) continue;
    for (std::size_t c = 0; c < stream.channels.size(); ++c) {
      if (stream.channels[c].name == names[field]) {
        return fail_here(
            field + 1, fmt::format("duplicate column {} (also field {})", quote_field(names[field]),
                                   field_of_channel[c] + 1));
      }
    }
    cells_[field] = Cell{static_cast<std::int32_t>(stream.channels.size()), mapping->scale};
    ChannelInfo channel;
    channel.name = mapping->column;
    channel.quantity = mapping->quantity;
    channel.plate = mapping->plate;
    stream.channels.push_back(std::move(channel));
    field_of_channel.push_back(field);
  }
  if (stream.channels.empty()) {
    return fail_here(1, fmt::format("no column is mapped by profile \"{}\"", profile_.name));
  }
  for (std::size_t c = 0; c < stream.channels.size(); ++c) {
    const Plate plate = *stream.channels[c].plate;
    if (stream.find(Quantity::force_z, plate)) continue;
    std::string wanted = "fz";
    for (const ColumnMapping& mapping : profile_.columns) {
      if (mapping.plate == plate && mapping.quantity == Quantity::force_z) wanted = mapping.column;
    }
    return fail_here(field_of_channel[c] + 1,
                     fmt::format("plate {} has columns but no vertical force (profile \"{}\" "
                                 "reads it from \"{}\")",
                                 to_string(plate), profile_.name, wanted));
  }
  channels_ = stream.channels.size();
  blocks_.size(channels_, block_frames);
  layout_.streams.push_back(std::move(stream));
  return true;
}

bool TextTableReader::look_ahead_for_rate() {
  lines_.mark();
  looking_ahead_ = true;
  // Two rows at least; for a fitted rate more, while half the buffer holds them (a line may
  // need the rest).
  while (clock_.samples() < 2 || (clock_.samples() < clock_.look_ahead_samples() &&
                                  lines_.marked_bytes() < lines_.capacity() / 2)) {
    const bool rate_known = clock_.samples() >= 2;
    if (read_row()) continue;
    if (failed_ && !rate_known) return false;
    if (failed_) {
      // Found early only because of the look-ahead: reported when reading gets there, after the
      // blocks before it.
      failed_ = false;
      failure_.clear();
    } else if (!rate_known) {
      return fail_here(
          1, fmt::format("{} data row{}; at least 2 are needed{}", rows_, rows_ == 1 ? "" : "s",
                         clock_.unit() == TimeUnit::seconds ? " to know the rate" : ""));
    }
    break;
  }
  layout_.streams[0].rate_hz = clock_.rate_hz();
  layout_.streams[0].start_time_s = clock_.start_time_s();
  lines_.rewind();
  lines_.unmark();
  looking_ahead_ = false;
  input_ended_ = false;
  rows_ = 0;
  clock_.reset();
  blocks_.discard();
  return true;
}

bool TextTableReader::end_of_rows() {
  if (declared_rows_ && declared_rows_->value != rows_) {
    return fail_at(declared_rows_->line, 1,
                   fmt::format("expected {} rows ({}), found {}", declared_rows_->value,
                               declared_rows_->key, rows_));
  }
  return false;
}

bool TextTableReader::parse_row(std::string_view line) {
  if (!split_row(line, profile_.separator)) return false;
  if (auto wrong_time = clock_.add(fields_[0])) return fail_here(1, *wrong_time);

  // Looking ahead only learns the rate; the frames are read again after the rewind.
  if (looking_ahead_ && blocks_.full()) blocks_.discard();
  return add_row();
}

std::unique_ptr<SampleSource> open_text_table(const std::filesystem::path& path,
                                              ColumnProfile profile) {
  return open_file_source<TextTableReader>(path, std::move(profile));
}

}  // namespace stridecue
