// Reads Motion Analysis ASCII analog exports (.anc, "Analog R/C ASCII"), such as the raw EMG
// of the Rajagopal et al. (2016) walking data (emg_walk_raw.anc):
//
//   File_Type:<TAB>Analog R/C ASCII<TAB>Generation#:<TAB>2
//   Board_Type:<TAB>NI USB-6225<TAB>Polarity:<TAB>Bipolar
//   Trial_Name:<TAB>...<TAB>Trial#:<TAB>3<TAB>Duration(Sec.):<TAB>2.389500<TAB>#Channels:<TAB>28
//   BitDepth:<TAB>16<TAB>PreciseRate:<TAB>2000.000000
//   (blank lines)
//   Name   F1X  ...  GMAX  GMED        channel names
//   Rate   2000 ...  2000  2000        per-channel rate, Hz
//   Range  5000 ...  1000  2500        ± full scale per channel, mV
//   0.000000  0  ...  -537  -59        time (s), then raw ADC counts
//
// An EmgChannelProfile says which channels are which muscle on which side; the others (force
// plates in raw counts, with no calibration matrix here) are not exposed. One stream, "emg",
// at the header's PreciseRate (else the mapped channels' Rate), every row checked against
// that rate's time grid and the row count against Duration(Sec.).
//
// Counts to volts: a bipolar BitDepth-bit converter spans ±Range over 2^BitDepth codes, so
// volts = counts × (Range / 1000) / 2^(BitDepth − 1), Range read as millivolts (Motion
// Analysis writes 5000 for the ±5 V input of an NI board; 16 bits if the header gives no
// BitDepth). That is the voltage at the converter; the profile's `gain` (the EMG amplifier's,
// if known; 1 otherwise) divides it down to the electrode. Only ratios matter to the glute
// engine, so an unknown gain costs nothing there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sample_block.hpp"
#include "files/text_row_source.hpp"
#include "source/parse_result.hpp"
#include "source/sample_source.hpp"

namespace stridecue {

struct EmgChannelMapping {
  std::string column;  // as named in the file
  std::string muscle;  // e.g. "gmed"
  Side side = Side::right;
  double gain = 1.0;  // amplifier gain: electrode volts = converter volts / gain
};

// Loaded from TOML, e.g. config/emg_profiles/rajagopal_anc.toml:
//
//   name = "rajagopal_anc"
//   [channels]
//   GMED = { muscle = "gmed", side = "right" }
//   GMAX = { muscle = "gmax", side = "right", gain = 1000.0 }
struct EmgChannelProfile {
  std::string name;
  std::string description;
  std::vector<EmgChannelMapping> channels;

  const EmgChannelMapping* find(std::string_view column) const;
};

// Parses a profile; on error returns nullopt and sets *error to
// "<display_name>:<line>:<column>: <what>" (unknown keys, wrong types, unknown sides, an
// empty muscle, a gain that is not a positive number, two columns for one muscle and side).
ParseResult<EmgChannelProfile> parse_emg_channel_profile(std::string_view toml_text,
                                                         std::string_view display_name);

// Reads and parses the profile file at `path` ("<path>: cannot open" if unreadable).
ParseResult<EmgChannelProfile> load_emg_channel_profile(const std::filesystem::path& path);

class AncReader final : public TextRowSource {
 public:
  // Reads the header and the Name, Rate and Range rows. Errors name `display_name`, line and
  // field ("emg_walk_raw.anc:12:29: ..."). `in` must outlive the reader.
  AncReader(std::istream& in, std::string display_name, EmgChannelProfile profile);

  // Volts per count of each exposed channel (after the profile's gain), for tests and docs.
  const std::vector<double>& volts_per_count() const { return volts_per_count_; }

 private:
  bool read_header(std::string_view& name_row);
  bool read_channel_rows(std::string_view name_row);
  bool next_nonblank(std::string_view& line, std::string_view expecting);
  bool parse_row(std::string_view line) override;
  bool end_of_rows() override;

  EmgChannelProfile profile_;

  // From the header.
  std::optional<double> precise_rate_hz_;
  std::int64_t precise_rate_line_ = 0;
  std::optional<std::int64_t> declared_channels_;
  std::int64_t declared_channels_line_ = 0;
  std::optional<double> duration_s_;
  std::int64_t duration_line_ = 0;
  int bit_depth_ = 16;

  std::vector<double> volts_per_count_;  // the cells' scales
  double rate_hz_ = 0.0;
  double start_time_s_ = 0.0;
  std::size_t channels_ = 0;
};

// Opens `path` for an AncReader; a file that will not open gives a source that fails with
// "<path>: cannot open: <reason>".
std::unique_ptr<SampleSource> open_anc(const std::filesystem::path& path,
                                       EmgChannelProfile profile);

}  // namespace stridecue
