// Reads a C3D file (files/c3d_file.hpp) as a source:
//   stream 0 "force" at the analog rate with, per force platform i (1-based, up to 8), the
//     channels floor<i>_fx_n floor<i>_fy_n floor<i>_fz_n floor<i>_copx_m floor<i>_copy_m
//     floor<i>_tz_nm on Plate floor<i>, computed as files/c3d_force_platforms.hpp describes;
//     a treadmill's plates (long, loaded stride after stride: C3dForcePlatforms::treadmill())
//     are belt_fx_n … belt_tz_nm on Plate::belt (one plate) or left_* and right_* on
//     Plate::left and Plate::right (two, side by side) instead, with x forward, y to the
//     runner's left and COP from the treadmill's centre;
//   stream 1 "emg", when the file has EMG channels (files/c3d_emg.hpp: an EMG profile, else
//     unambiguous labels), at the same rate and times: emg_<muscle>_<side>_v in volts at the
//     electrode, with muscle and side in their ChannelInfo.
// Blocks come in pairs over the same analog samples: force, then EMG. The file's events and
// analog labels are kept for the caller. C3D files are small (a few MB per trial) and their
// parameters point anywhere in the file, so the reader takes the whole file into memory and
// computes everything at construction; next() only hands out blocks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "files/anc_reader.hpp"
#include "files/c3d_emg.hpp"
#include "files/c3d_file.hpp"
#include "source/sample_source.hpp"

namespace stridecue {

class C3dReader final : public SampleSource {
 public:
  static constexpr std::size_t block_frames = 256;
  static constexpr std::size_t channels_per_plate = 6;

  // Parses `bytes` (copied as needed; the span need not outlive the reader). Errors name
  // `display_name`: "walk.c3d: byte 1042: FORCE_PLATFORM:CHANNEL ...". A file without force
  // platforms fails: this source exists for the force stream. `emg_profile` picks the EMG
  // channels by label (a label it names that the file lacks, a force channel or a unit that is
  // not a voltage fails the reader); without one, labels decide where they are unambiguous.
  C3dReader(std::span<const std::uint8_t> bytes, std::string display_name,
            std::optional<EmgChannelProfile> emg_profile = std::nullopt);
  // Reads the whole file at `path`; "<path>: cannot open: <reason>" if it will not open.
  explicit C3dReader(const std::filesystem::path& path,
                     std::optional<EmgChannelProfile> emg_profile = std::nullopt);

  const SourceLayout& layout() const override { return layout_; }
  SourceStatus next(SampleBlock& block) override;
  const std::string& failure() const override { return failure_; }

  // Empty when the file failed.
  const std::vector<C3dEvent>& events() const { return events_; }
  const std::vector<std::string>& analog_labels() const { return analog_labels_; }
  std::size_t plates() const { return plates_; }
  // True when the plates are a treadmill's (Plate::belt, or left and right), not floor plates.
  bool treadmill() const { return treadmill_; }
  // How the lab's axes became ours (C3dForcePlatforms::frame_note()).
  const std::string& frame_note() const { return frame_note_; }
  // The EMG channels in stream "emg" order, and what was left out and why.
  const C3dEmgSelection& emg() const { return emg_; }
  // One line for the user: which labels became which muscle, and which were left out
  // ("" when the file has no voltage channels beside its force platforms).
  std::string emg_note() const;

 private:
  void load(std::span<const std::uint8_t> bytes);
  bool load_emg(const C3dFile& file);
  void hand_out(SampleBlock& block, std::uint16_t stream, const std::vector<float>& samples,
                std::size_t channels) const;

  std::string display_name_;
  SourceLayout layout_;
  std::string failure_;
  std::vector<C3dEvent> events_;
  std::vector<std::string> analog_labels_;
  std::size_t plates_ = 0;
  bool treadmill_ = false;
  std::string frame_note_;
  std::vector<float> samples_;  // frames × plates × 6
  std::optional<EmgChannelProfile> emg_profile_;
  C3dEmgSelection emg_;
  std::vector<float> emg_samples_;  // frames × EMG channels, volts
  std::size_t frames_ = 0;
  std::size_t next_frame_ = 0;
  bool emg_due_ = false;  // the EMG block of the force block just handed out
};

// A reader for the file at `path`; check failure() before using it.
std::unique_ptr<C3dReader> open_c3d(const std::filesystem::path& path,
                                    std::optional<EmgChannelProfile> emg_profile = std::nullopt);

}  // namespace stridecue
