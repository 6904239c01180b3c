#include "files/trial_csv_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "files/trial_csv_columns.hpp"

namespace stridecue {
namespace {

// Samples times closer than this are the same instant (rates that divide each other).
constexpr double same_time_s = 1e-9;
constexpr std::size_t flush_bytes = std::size_t{1} << 16;

// Frames of one stream waiting to be written, with their sample counters.
struct PendingFrames {
  std::size_t stream = 0;
  std::size_t channels = 0;
  double start_time_s = 0.0;
  double rate_hz = 0.0;
  std::vector<float> samples;
  std::vector<std::int64_t> counters;
  std::size_t head = 0;  // first frame not yet written

  bool empty() const { return head == counters.size(); }
  double head_time_s() const {
    return start_time_s + static_cast<double>(counters[head]) / rate_hz;
  }
  void append(const SampleBlock& block) {
    compact();
    samples.insert(samples.end(), block.samples.begin(),
                   block.samples.begin() + static_cast<std::ptrdiff_t>(block.frames * channels));
    for (std::size_t f = 0; f < block.frames; ++f) {
      counters.push_back(block.first_sample + static_cast<std::int64_t>(f));
    }
  }
  // Drops written frames once they are half the storage, so memory stays bounded.
  void compact() {
    if (head == 0 || head * 2 < counters.size()) return;
    samples.erase(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(head * channels));
    counters.erase(counters.begin(), counters.begin() + static_cast<std::ptrdiff_t>(head));
    head = 0;
  }
};

bool fail(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
  return false;
}

// Shortest text that reads back to the same float: exact round trips, compact files.
void append_sample(std::string& text, float value) {
  char digits[32];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  text.append(digits, result.ptr);
}

// Shortest round-trip text too, but without exponents ("0.0005", not "5e-04") so the time
// column reads naturally; a time too small for the buffer falls back to the exponent form.
void append_time(std::string& text, double time_s) {
  char digits[64];
  auto result = std::to_chars(digits, digits + sizeof digits, time_s, std::chars_format::fixed);
  if (result.ec != std::errc{}) result = std::to_chars(digits, digits + sizeof digits, time_s);
  text.append(digits, result.ptr);
}

class TrialCsvWriter {
 public:
  TrialCsvWriter(SampleSource& source, std::ostream& out) : source_(source), out_(out) {}

  bool run(std::string* error) {
    if (!plan_columns(error)) return false;
    write_header();
    SampleBlock block;
    for (;;) {
      const SourceStatus status = source_.next(block);
      if (status == SourceStatus::failed) return fail(error, source_.failure());
      if (status == SourceStatus::end) break;
      if (block.stream >= group_of_stream_.size()) {
        return fail(
            error, fmt::format("block of stream {}, which the layout does not have", block.stream));
      }
      const auto group = group_of_stream_[block.stream];
      if (!group) continue;
      PendingFrames& pending = groups_[*group];
      if (block.channels != pending.channels ||
          block.samples.size() < block.frames * block.channels) {
        return fail(error, fmt::format("block of stream {} has {} channels, the layout {}",
                                       block.stream, block.channels, pending.channels));
      }
      pending.append(block);
      write_rows(false);
      if (!out_) return fail(error, "write failed");
    }
    write_rows(true);
    out_.write(text_.data(), static_cast<std::streamsize>(text_.size()));
    out_.flush();
    if (!out_) return fail(error, "write failed");
    return true;
  }

 private:
  // One group per stream that has channels: force first, then EMG, as the reader numbers them.
  bool plan_columns(std::string* error) {
    const SourceLayout& layout = source_.layout();
    group_of_stream_.assign(layout.streams.size(), std::nullopt);
    std::optional<std::size_t> force_stream;
    std::optional<std::size_t> emg_stream;
    for (std::size_t s = 0; s < layout.streams.size(); ++s) {
      const StreamInfo& stream = layout.streams[s];
      if (stream.channels.empty()) continue;
      const bool force = is_force_quantity(stream.channels.front().quantity);
      for (const ChannelInfo& channel : stream.channels) {
        if (!trial_column_for(channel)) {
          return fail(error, fmt::format("stream \"{}\": channel \"{}\" ({}) has no column in "
                                         "the trial CSV format",
                                         stream.name, channel.name, to_string(channel.quantity)));
        }
        if (is_force_quantity(channel.quantity) != force) {
          return fail(error, fmt::format("stream \"{}\" mixes force and EMG channels; the trial "
                                         "CSV format keeps them in separate groups",
                                         stream.name));
        }
      }
      auto& slot = force ? force_stream : emg_stream;
      if (slot) {
        return fail(error, fmt::format("streams \"{}\" and \"{}\" both hold {} channels; the "
                                       "trial CSV format has one {} group",
                                       layout.streams[*slot].name, stream.name,
                                       force ? "force" : "EMG", force ? "force" : "EMG"));
      }
      if (!(stream.rate_hz > 0.0) || !std::isfinite(stream.rate_hz)) {
        return fail(error, fmt::format("stream \"{}\" has no sampling rate", stream.name));
      }
      slot = s;
    }
    for (const auto& stream : {force_stream, emg_stream}) {
      if (!stream) continue;
      const StreamInfo& info = layout.streams[*stream];
      group_of_stream_[*stream] = groups_.size();
      PendingFrames& pending = groups_.emplace_back();
      pending.stream = *stream;
      pending.channels = info.channels.size();
      pending.start_time_s = info.start_time_s;
      pending.rate_hz = info.rate_hz;
      for (const ChannelInfo& channel : info.channels) {
        ChannelInfo column = channel;
        column.name = *trial_column_for(channel);
        columns_.push_back(std::move(column));
      }
    }
    if (groups_.empty()) return fail(error, "the source has no force or EMG channels to write");
    if (const auto problem = check_trial_columns(columns_)) return fail(error, problem->message);
    return true;
  }

  void write_header() {
    text_.reserve(flush_bytes + 4096);
    text_ += trial_time_column;
    for (const ChannelInfo& column : columns_) {
      text_ += ',';
      text_ += column.name;
    }
    text_ += '\n';
  }

  // Writes rows while every group has a frame pending (so no earlier frame can still come);
  // at the end (`all`), until everything is written.
  void write_rows(bool all) {
    for (;;) {
      std::optional<double> row_time_s;
      for (const PendingFrames& group : groups_) {
        if (group.empty()) {
          if (!all) return;
          continue;
        }
        const double t = group.head_time_s();
        if (!row_time_s || t < *row_time_s) row_time_s = t;
      }
      if (!row_time_s) return;
      append_time(text_, *row_time_s);
      for (PendingFrames& group : groups_) {
        const bool has_sample = !group.empty() && group.head_time_s() <= *row_time_s + same_time_s;
        for (std::size_t c = 0; c < group.channels; ++c) {
          text_ += ',';
          if (has_sample) append_sample(text_, group.samples[group.head * group.channels + c]);
        }
        if (has_sample) ++group.head;
      }
      text_ += '\n';
      if (text_.size() >= flush_bytes) {
        out_.write(text_.data(), static_cast<std::streamsize>(text_.size()));
        text_.clear();
      }
    }
  }

  SampleSource& source_;
  std::ostream& out_;
  std::vector<std::optional<std::size_t>> group_of_stream_;
  std::vector<PendingFrames> groups_;
  std::vector<ChannelInfo> columns_;
  std::string text_;
};

}  // namespace

bool write_trial_csv(SampleSource& source, std::ostream& out, std::string* error) {
  return TrialCsvWriter(source, out).run(error);
}

}  // namespace stridecue
