#include "files/trial_csv_reader.hpp"
#include "files/field_count.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "files/file_source.hpp"
#include "files/number_field.hpp"
#include "files/trial_csv_columns.hpp"

namespace stridecue {
namespace {

// The one-pass row scans load up to this far past where they start (a cell's first byte, or the
// line's end at most).
static_assert(LineReader::read_ahead >= plain_decimal_read_ahead && LineReader::read_ahead >= 16);

// How many delimiters follow each other from `at` (at most 16; LineReader leaves 16 bytes
// readable after a line). A run of empty cells is that many delimiters.
std::size_t delimiters_at(const char* at, char delimiter) {
#if defined(__SSE2__)
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
  const auto same = static_cast<std::uint32_t>(
      _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(delimiter))));
  return static_cast<std::size_t>(__builtin_ctz(~same));  // bit 16 and up are set in ~same
#else
  std::size_t count = 0;
  while (count < 16 && at[count] == delimiter)
    ++count;
  return count;
#endif
}

}  // namespace

TrialCsvReader::TrialCsvReader(std::istream& in, std::string display_name)
    : display_name_(std::move(display_name)), lines_(in) {
  if (read_header()) look_ahead_for_rates();
}

bool TrialCsvReader::fail_at(std::size_t field, std::string_view message) {
  const std::int64_t line = lines_.line_number() > 0 ? lines_.line_number() : 1;
  failure_ = fmt::format("{}:{}:{}: {}", display_name_, line, field, message);
  failed_ = true;
  return false;
}

bool TrialCsvReader::fail_line_reader(LineReader::Result result) {
  // The line number is that of the line that could not be read.
  const std::int64_t line = lines_.line_number() + 1;
  if (result == LineReader::Result::too_long && lines_.marked()) {
    failure_ = fmt::format(
        "{}:{}:1: every column group needs two samples within the first {} bytes of rows "
        "(to know its rate), or a line is longer than that",
        display_name_, line, lines_.capacity());
  } else if (result == LineReader::Result::too_long) {
    failure_ =
        fmt::format("{}:{}:1: line longer than {} bytes", display_name_, line, lines_.capacity());
  } else {
    failure_ = fmt::format("{}:{}:1: read error", display_name_, line);
  }
  failed_ = true;
  return false;
}

bool TrialCsvReader::read_header() {
  std::string_view line;
  for (;;) {
    const auto result = lines_.next(line);
    if (result == LineReader::Result::end) {
      return fail_at(1, "no header line (the file is empty or holds only comments)");
    }
    if (result != LineReader::Result::line) return fail_line_reader(result);
    // Spreadsheets on Windows start UTF-8 files with a byte-order mark.
    if (lines_.line_number() == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    if (line.starts_with('#') || trim_field(line, true).empty()) continue;
    break;
  }
  delimiter_ = line.find('\t') != std::string_view::npos ? '\t' : ',';
  const bool trim_tabs = delimiter_ != '\t';

  std::vector<std::string_view> names;
  for (std::size_t begin = 0;;) {
    const std::size_t end = line.find(delimiter_, begin);
    names.push_back(trim_field(line.substr(begin, end - begin), trim_tabs));
    if (end == std::string_view::npos) break;
    begin = end + 1;
  }
  if (names.front() != trial_time_column) {
    return fail_at(
        1, fmt::format("first column is {}, expected \"time_s\"", quote_field(names.front())));
  }
  if (names.size() == 1) return fail_at(1, "no data columns after time_s");

  std::vector<ChannelInfo> channels;
  channels.reserve(names.size() - 1);
  for (std::size_t field = 1; field < names.size(); ++field) {
    auto channel = channel_from_trial_column(names[field]);
    if (!channel) {
      return fail_at(field + 1, fmt::format("unknown column {}; {}", quote_field(names[field]),
                                            trial_column_rules));
    }
    channels.push_back(std::move(*channel));
  }
  if (const auto problem = check_trial_columns(channels)) {
    return fail_at(problem->index + 2, problem->message);
  }

  // Stream 0 is force when the file has force columns, then emg.
  bool has_force = false;
  bool has_emg = false;
  for (const ChannelInfo& channel : channels) {
    (is_force_quantity(channel.quantity) ? has_force : has_emg) = true;
  }
  const int force_group = has_force ? 0 : -1;
  const int emg_group = has_emg ? (has_force ? 1 : 0) : -1;
  if (has_force) groups_.emplace_back().name = "force";
  if (has_emg) groups_.emplace_back().name = "emg";
  layout_.streams.resize(groups_.size());
  for (std::size_t g = 0; g < groups_.size(); ++g)
    layout_.streams[g].name = groups_[g].name;

  cells_.resize(names.size());
  fields_.resize(names.size());
  for (std::size_t field = 1; field < names.size(); ++field) {
    ChannelInfo& channel = channels[field - 1];
    const int g = is_force_quantity(channel.quantity) ? force_group : emg_group;
    Group& group = groups_[static_cast<std::size_t>(g)];
    if (group.first_field == 0) group.first_field = field + 1;
    cells_[field] = Cell{static_cast<std::uint16_t>(g), static_cast<std::uint32_t>(group.channels)};
    ++group.channels;
    layout_.streams[static_cast<std::size_t>(g)].channels.push_back(std::move(channel));
  }
  for (std::size_t field = 1; field < names.size(); ++field) {
    const Cell cell = cells_[field];
    if (runs_.empty() || runs_.back().group != cell.group) {
      runs_.push_back(Run{cell.group, cell.channel, 0, static_cast<std::uint32_t>(field)});
    }
    ++runs_.back().fields;
  }
  for (Group& group : groups_)
    group.frames_buffer.assign(block_frames * group.channels, 0.0F);
  return true;
}

bool TrialCsvReader::look_ahead_for_rates() {
  lines_.mark();
  looking_ahead_ = true;
  const auto fewest_samples = [this] {
    std::int64_t fewest = rate_look_ahead_samples;
    for (const Group& group : groups_)
      fewest = std::min(fewest, group.clock.samples());
    return fewest;
  };
  // Two samples of each group at least; then more for a better rate while half the buffer holds
  // them (a line may need the rest).
  while (fewest_samples() < 2 || (fewest_samples() < rate_look_ahead_samples &&
                                  lines_.marked_bytes() < lines_.capacity() / 2)) {
    const bool rates_known = fewest_samples() >= 2;
    if (!read_row()) {
      if (failed_ && !rates_known) return false;
      if (failed_) {
        // Found early only because of the look-ahead: reported when reading gets there, after
        // the blocks before it.
        failed_ = false;
        failure_.clear();
        break;
      }
      for (const Group& group : groups_) {
        if (group.clock.samples() < 2) {
          return fail_at(group.first_field,
                         fmt::format("{} columns have {} sample{} in the file; at least 2 are "
                                     "needed to know their rate",
                                     group.name, group.clock.samples(),
                                     group.clock.samples() == 1 ? "" : "s"));
        }
      }
      break;
    }
  }
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    layout_.streams[g].rate_hz = groups_[g].clock.rate_hz();
    layout_.streams[g].start_time_s = groups_[g].clock.start_time_s();
  }
  lines_.rewind();
  lines_.unmark();
  looking_ahead_ = false;
  input_ended_ = false;
  have_previous_time_ = false;
  for (Group& group : groups_) {
    group.frames = 0;
    group.handed_out = 0;
    group.clock.reset();
  }
  return true;
}

bool TrialCsvReader::read_row() {
  std::string_view line;
  for (;;) {
    const auto result = lines_.next(line);
    if (result == LineReader::Result::end) {
      input_ended_ = true;
      return false;
    }
    if (result != LineReader::Result::line) return fail_line_reader(result);
    if (trim_field(line, true).empty()) continue;
    return parse_row(line);
  }
}

bool TrialCsvReader::parse_row(std::string_view line) {
  double time_s = 0.0;
  int time_decimals = 0;
  if (!parse_row_fast(line, time_s, time_decimals)) return parse_row_exactly(line);
  return finish_row(time_s, time_decimals);
}

bool TrialCsvReader::parse_row_fast(std::string_view line, double& time_s, int& time_decimals) {
  const char* cursor = line.data();
  const char* const line_end = line.data() + line.size();
  const char delimiter = delimiter_;

  PlainDecimal number;
  const char* after = scan_plain_decimal_padded(cursor, number);
  if (after == nullptr || after == line_end || *after != delimiter ||
      !plain_decimal_value(number, time_s)) {
    return false;
  }
  if (have_previous_time_ && !(time_s > previous_time_s_)) return false;
  time_decimals = -number.exponent;  // what decimal_places() says of a plain decimal
  cursor = after + 1;

  for (Group& group : groups_) {
    group.filled = 0;
    group.first_empty_field = 0;
  }
  const Run* const last_run = &runs_.back();
  for (const Run& run : runs_) {
    Group& group = groups_[run.group];
    const bool ends_row = &run == last_run;
    // All its cells empty: as many delimiters in a row (the row's last cell ends the line).
    const std::size_t empty_bytes = run.fields - (ends_row ? 1 : 0);
    if (delimiters_at(cursor, delimiter) >= empty_bytes &&
        (!ends_row || cursor + empty_bytes == line_end)) {
      if (group.first_empty_field == 0) group.first_empty_field = run.first_field + 1;
      if (ends_row) return true;
      cursor += run.fields;
      continue;
    }
    float* const row = group.frames_buffer.data() + group.frames * group.channels;
    for (std::uint32_t i = 0; i < run.fields; ++i) {
      if (cursor == line_end || *cursor == delimiter) {
        if (group.first_empty_field == 0) group.first_empty_field = run.first_field + i + 1;
        after = cursor;
      } else {
        float value = 0.0F;
        after = scan_plain_decimal_padded(cursor, number);
        if (after == nullptr || (after != line_end && *after != delimiter) ||
            !plain_decimal_value(number, value)) {
          // Spaces, '+', long mantissas, big exponents, or not a number at all: as the exact
          // path would parse it, and if that fails, the exact path names it.
          const void* found =
              std::memchr(cursor, delimiter, static_cast<std::size_t>(line_end - cursor));
          after = found != nullptr ? static_cast<const char*>(found) : line_end;
          const std::string_view text =
              trim_field(std::string_view(cursor, after), delimiter != '\t');
          if (text.empty()) {
            if (group.first_empty_field == 0) group.first_empty_field = run.first_field + i + 1;
          } else if (parse_number(text, value) != NumberError::none) {
            return false;
          } else {
            ++group.filled;
            row[run.first_channel + i] = value;
          }
        } else {
          ++group.filled;
          row[run.first_channel + i] = value;
        }
      }
      if (ends_row && i + 1 == run.fields) return after == line_end;  // else too many fields
      if (after == line_end) return false;                            // too few fields
      cursor = after + 1;
    }
  }
  return false;  // not reached: the last run ends the row
}

bool TrialCsvReader::parse_row_exactly(std::string_view line) {
  const std::size_t expected = fields_.size();
  std::size_t found = 0;
  const char* cursor = line.data();
  const char* const line_end = line.data() + line.size();
  // A plain loop: fields are a few bytes, too short for memchr's set-up to pay off.
  for (const char* field_start = cursor;; ++cursor) {
    if (cursor == line_end || *cursor == delimiter_) {
      if (found < expected) fields_[found] = std::string_view(field_start, cursor);
      ++found;
      if (cursor == line_end) break;
      field_start = cursor + 1;
    }
  }
  if (const auto problem = field_count_problem(expected, found)) {
    return fail_at(problem->field, problem->message);
  }

  const bool trim_tabs = delimiter_ != '\t';
  const std::string_view time_field = trim_field(fields_[0], trim_tabs);
  double time_s = 0.0;
  if (const auto error = parse_number(time_field, time_s); error != NumberError::none) {
    return fail_at(1, number_error_text(error, time_field));
  }
  if (have_previous_time_ && !(time_s > previous_time_s_)) {
    return fail_at(1, fmt::format("time {:.9g} s is not after the previous row's {:.9g} s", time_s,
                                  previous_time_s_));
  }

  const int time_decimals = decimal_places(time_field);
  for (Group& group : groups_) {
    group.filled = 0;
    group.first_empty_field = 0;
  }
  for (std::size_t field = 1; field < expected; ++field) {
    const Cell cell = cells_[field];
    Group& group = groups_[cell.group];
    const std::string_view text = trim_field(fields_[field], trim_tabs);
    if (text.empty()) {
      if (group.first_empty_field == 0) group.first_empty_field = field + 1;
      continue;
    }
    ++group.filled;
    float value = 0.0F;
    if (const auto error = parse_number(text, value); error != NumberError::none) {
      return fail_at(field + 1, number_error_text(error, text));
    }
    group.frames_buffer[group.frames * group.channels + cell.channel] = value;
  }
  return finish_row(time_s, time_decimals);
}

bool TrialCsvReader::finish_row(double time_s, int time_decimals) {
  for (Group& group : groups_) {
    if (group.filled == 0) continue;
    if (group.filled != group.channels) {
      return fail_at(group.first_empty_field,
                     fmt::format("{} columns partly filled: this cell is empty but others in "
                                 "the row are not (a row has all of a group's cells or none)",
                                 group.name));
    }
    if (auto uneven = group.clock.add(time_s, time_decimals, group.name))
      return fail_at(group.first_field, *uneven);
    ++group.frames;
    // Looking ahead only learns the rates; the frames are read again after the rewind.
    if (looking_ahead_ && group.frames == block_frames) group.frames = 0;
  }
  have_previous_time_ = true;
  previous_time_s_ = time_s;
  return true;
}

void TrialCsvReader::give_block(std::size_t g, SampleBlock& block) {
  const Group& group = groups_[g];
  block.stream = static_cast<std::uint16_t>(g);
  block.first_sample = group.handed_out;
  block.receipt_ns = 0;
  block.frames = group.frames;
  block.channels = group.channels;
  block.samples = std::span<const float>(group.frames_buffer.data(), group.frames * group.channels);
  given_group_ = static_cast<std::ptrdiff_t>(g);
}

SourceStatus TrialCsvReader::next(SampleBlock& block) {
  if (failed_) return SourceStatus::failed;
  if (given_group_ >= 0) {
    Group& given = groups_[static_cast<std::size_t>(given_group_)];
    given.handed_out += static_cast<std::int64_t>(given.frames);
    given.frames = 0;
    given_group_ = -1;
  }
  for (;;) {
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      if (groups_[g].frames == block_frames) {
        give_block(g, block);
        return SourceStatus::block;
      }
    }
    if (input_ended_) {
      // What is left, earliest first so blocks stay in time order.
      std::ptrdiff_t earliest = -1;
      double earliest_s = 0.0;
      for (std::size_t g = 0; g < groups_.size(); ++g) {
        if (groups_[g].frames == 0) continue;
        const StreamInfo& stream = layout_.streams[g];
        const double first_s =
            stream.start_time_s + static_cast<double>(groups_[g].handed_out) / stream.rate_hz;
        if (earliest < 0 || first_s < earliest_s) {
          earliest = static_cast<std::ptrdiff_t>(g);
          earliest_s = first_s;
        }
      }
      if (earliest < 0) return SourceStatus::end;
      give_block(static_cast<std::size_t>(earliest), block);
      return SourceStatus::block;
    }
    if (!read_row() && failed_) return SourceStatus::failed;
  }
}

bool has_trial_csv_header(std::istream& in) {
  LineReader lines(in);
  std::string_view line;
  while (lines.next(line) == LineReader::Result::line) {
    if (lines.line_number() == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    if (line.starts_with('#') || trim_field(line, true).empty()) continue;
    const std::string_view first = line.substr(0, line.find_first_of(",\t"));
    return trim_field(first, true) == trial_time_column;
  }
  return false;
}

std::unique_ptr<SampleSource> open_trial_csv(const std::filesystem::path& path) {
  return open_file_source<TrialCsvReader>(path);
}

}  // namespace stridecue
