// An analog force-plate treadmill as a SampleSource: wraps a source of raw volts (a DAQ bridge
// on the stridecue protocol with device_kind analog_plate, a file, a test) and hands out the
// engine's force layout — per plate fx fy fz (N), copx copy (m), tz (N·m) in our axes — in
// place of the volts stream. Other streams of the raw source pass through untouched.
//
// Tare (zeroing), its one device action ("plates" / "tare"): request_tare() from any thread; on
// the source's thread the next tare_window_s of volts are averaged per channel and become the
// new zero, unless a plate is loaded (then the old zero stays and tare_report() says why).
// Blocks keep flowing meanwhile.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "analog/analog_plate_profile.hpp"
#include "source/device_actions.hpp"
#include "source/sample_source.hpp"
#include "source/source_health.hpp"

namespace stridecue {

// The last tare's outcome, with the zero in use per raw channel of each plate (6 per plate).
struct TareReport {
  using State = ActionReport::State;
  State state = State::never;
  std::uint64_t completed = 0;
  std::string message;
  std::vector<double> zero_v;
};

class AnalogPlateSource final : public SampleSource, public SourceHealth, public DeviceActions {
 public:
  // Fails (failure() set, layout() empty) if the raw source failed or its volts stream lacks a
  // plate's channels.
  AnalogPlateSource(std::unique_ptr<SampleSource> raw, AnalogPlateProfile profile);

  const SourceLayout& layout() const override { return layout_; }
  SourceStatus next(SampleBlock& block) override;
  const std::string& failure() const override { return failure_; }
  bool is_live() const override { return raw_->is_live(); }
  std::vector<SourceEvent> take_events() override { return raw_->take_events(); }
  std::vector<HealthCounter> health() const override { return health_of(*raw_); }

  void request_tare() { tare_requested_.store(true, std::memory_order_release); }
  TareReport tare_report() const;

  std::string_view device_name() const override { return "plates"; }
  std::vector<DeviceAction> actions() const override;
  bool request_action(std::string_view action) override;
  ActionReport action_report(std::string_view action) const override;

 private:
  void convert(const SampleBlock& raw, SampleBlock& out);
  void collect_tare(const float* frame, const std::vector<double>& fz);
  void finish_tare();

  std::unique_ptr<SampleSource> raw_;
  AnalogPlateProfile profile_;
  SourceLayout layout_;
  std::string failure_;
  std::uint16_t volts_stream_ = 0;
  std::vector<float> out_;
  std::vector<double> zero_v_;    // 6 per plate, in profile order
  std::vector<double> held_cop_;  // 2 per plate: the last valid COP

  // Tare on the source's thread; requested from anywhere.
  std::atomic<bool> tare_requested_{false};
  bool collecting_ = false;
  std::size_t window_frames_ = 1;
  std::size_t collected_ = 0;
  std::vector<double> sum_v_;
  std::vector<double> sum_fz_, min_fz_, max_fz_;
  std::vector<double> fz_scratch_;

  mutable std::mutex report_mutex_;
  TareReport report_;
};

}  // namespace stridecue
