// Reads the project's trial CSV format (docs/formats.md): a `time_s` column, force-plate
// columns forming stream "force" and EMG columns forming stream "emg", possibly at different
// rates in one file (a row fills a group's cells for a sample of that group, else leaves them
// all empty). Streams the file through fixed buffers, so memory stays flat for any length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "files/even_sampling.hpp"
#include "files/line_reader.hpp"
#include "source/sample_source.hpp"

namespace stridecue {

class TrialCsvReader final : public SampleSource {
 public:
  static constexpr std::size_t block_frames = 256;

  // Reads the header and looks ahead (up to rate_look_ahead_samples per group, at least two)
  // so that layout() has the fitted rates from the start. `display_name` prefixes every error
  // ("trial.csv:12:3: ..."). `in` must outlive the reader.
  TrialCsvReader(std::istream& in, std::string display_name);

  const SourceLayout& layout() const override { return layout_; }

  // Blocks of up to block_frames frames of one stream, in time order across streams (a
  // stream's block is handed out when it fills, the rest at the end of the file).
  SourceStatus next(SampleBlock& block) override;

  // Set as soon as the file is found wrong, which for header errors is at construction.
  const std::string& failure() const override { return failure_; }

 private:
  // The columns of one stream and the frames read but not yet handed out.
  struct Group {
    std::string name;
    std::size_t first_field = 0;  // 1-based, for errors
    std::size_t channels = 0;
    std::vector<float> frames_buffer;  // block_frames × channels
    std::size_t frames = 0;
    std::int64_t handed_out = 0;  // frames delivered before frames_buffer[0]
    EvenSampling clock;
    // Per row:
    std::size_t filled = 0;
    std::size_t first_empty_field = 0;
  };
  struct Cell {
    std::uint16_t group = 0;
    std::uint32_t channel = 0;
  };
  // Neighbouring data columns of one group: the one-pass path takes a row run by run, and a
  // run whose cells are all empty (a row of the other group's rate) in one step.
  struct Run {
    std::uint16_t group = 0;
    std::uint32_t first_channel = 0;
    std::uint32_t fields = 0;
    std::uint32_t first_field = 0;  // 0-based, time_s being 0
  };

  bool read_header();
  bool look_ahead_for_rates();
  // Reads one line (or ends); false when the file has ended or failed.
  bool read_row();
  bool parse_row(std::string_view line);
  // One pass over a row of plain decimals (number_field.hpp), the common case; false when
  // anything is wrong or unusual, for parse_row_exactly() to parse the row again and name the
  // first problem. Nothing is kept of a row it refuses.
  bool parse_row_fast(std::string_view line, double& time_s, int& time_decimals);
  bool parse_row_exactly(std::string_view line);
  // The checks and bookkeeping after a row's cells are parsed.
  bool finish_row(double time_s, int time_decimals);
  bool fail_at(std::size_t field, std::string_view message);
  bool fail_line_reader(LineReader::Result result);
  void give_block(std::size_t group, SampleBlock& block);

  std::string display_name_;
  LineReader lines_;
  SourceLayout layout_;
  std::string failure_;
  std::vector<Group> groups_;
  std::vector<Cell> cells_;  // per field; cells_[0] (time) unused
  std::vector<Run> runs_;    // the data columns, in order
  std::vector<std::string_view> fields_;
  char delimiter_ = ',';
  bool looking_ahead_ = false;
  bool have_previous_time_ = false;
  double previous_time_s_ = 0.0;
  bool input_ended_ = false;
  bool failed_ = false;
  std::ptrdiff_t given_group_ = -1;  // its frames are released at the next call
};

// Whether `in` starts like a trial CSV: its first line that is neither a comment nor blank
// starts with the time_s column. A file that does not may be a lab's export that a column
// profile describes (text_table_reader.hpp).
bool has_trial_csv_header(std::istream& in);

// Opens `path` for a TrialCsvReader; a file that will not open gives a source that fails with
// "<path>: cannot open: <reason>".
std::unique_ptr<SampleSource> open_trial_csv(const std::filesystem::path& path);

}  // namespace stridecue
