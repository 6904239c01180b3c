// Reads a C3D file (files/c3d_file.hpp) as a source: one stream "force" at the analog rate
// with, per force platform i (1-based, up to 8), the channels floor<i>_fx_n floor<i>_fy_n
// floor<i>_fz_n floor<i>_copx_m floor<i>_copy_m floor<i>_tz_nm on Plate floor<i>, computed as
// files/c3d_force_platforms.hpp describes. The file's events and analog labels are kept for
// the caller. C3D files are small (a few MB per trial) and their parameters point anywhere in
// the file, so the reader takes the whole file into memory and computes everything at
// construction; next() only hands out blocks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "files/c3d_file.hpp"
#include "source/sample_source.hpp"

namespace stridecue {

class C3dReader final : public SampleSource {
 public:
  static constexpr std::size_t block_frames = 256;
  static constexpr std::size_t channels_per_plate = 6;

  // Parses `bytes` (copied as needed; the span need not outlive the reader). Errors name
  // `display_name`: "walk.c3d: byte 1042: FORCE_PLATFORM:CHANNEL ...". A file without force
  // platforms fails: this source exists for the force stream.
  C3dReader(std::span<const std::uint8_t> bytes, std::string display_name);
  // Reads the whole file at `path`; "<path>: cannot open: <reason>" if it will not open.
  explicit C3dReader(const std::filesystem::path& path);

  const SourceLayout& layout() const override { return layout_; }
  SourceStatus next(SampleBlock& block) override;
  const std::string& failure() const override { return failure_; }

  // Empty when the file failed.
  const std::vector<C3dEvent>& events() const { return events_; }
  const std::vector<std::string>& analog_labels() const { return analog_labels_; }
  std::size_t plates() const { return plates_; }

 private:
  void load(std::span<const std::uint8_t> bytes);

  std::string display_name_;
  SourceLayout layout_;
  std::string failure_;
  std::vector<C3dEvent> events_;
  std::vector<std::string> analog_labels_;
  std::size_t plates_ = 0;
  std::vector<float> samples_;  // frames × plates × 6
  std::size_t frames_ = 0;
  std::size_t next_frame_ = 0;
};

// A reader for the file at `path`; check failure() before using it.
std::unique_ptr<C3dReader> open_c3d(const std::filesystem::path& path);

}  // namespace stridecue
