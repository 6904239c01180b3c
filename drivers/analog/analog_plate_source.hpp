// An analog force-plate treadmill as a SampleSource: wraps a source of raw volts (a DAQ bridge
// on the stridecue protocol with device_kind analog_plate, a file, a test) and hands out the
// engine's force layout — per plate fx fy fz (N), copx copy (m), tz (N·m) in our axes — in
// place of the volts stream. Other streams of the raw source pass through untouched.
//
// Two ways to read it, as every device: next() pulls a block from the raw source and converts
// it (files, tests, `stridecue devices`); push_into() (PushSource, when the raw source pushes:
// a USB or serial DAQ) makes the DAQ's own transport thread convert each block as it decodes
// it: the DAQ claims one slot of the daemon's lane through this source, its volts are decoded
// into scratch owned here and converted into that slot, and the slot is committed, all on the
// transport thread. So a sample crosses one hand-off (transport thread → engine lane), with no
// queue, thread or copy of ours between; a full lane loses whole blocks, counted by the lane,
// and a failure closes it with its message, as for any pushing device.
//
// Threads: "the conversion thread" is the caller of next(), or the DAQ's transport thread once
// pushing. It alone touches the zero, the held COP and the tare's sums; the control plane only
// raises an atomic flag (request_tare) and reads the outcome published without a lock on the
// conversion thread's side (LatestValue).
//
// Tare (zeroing), its one device action ("plates" / "tare"): request_tare() from any thread; on
// the conversion thread, from the next block on, the next tare_window_s of volts are averaged
// per channel and become the new zero from the block after the window ends (a block is
// converted with one zero throughout), unless a plate is loaded (then the old zero stays and
// tare_report() says why). Blocks keep flowing meanwhile.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analog/analog_plate_profile.hpp"
#include "analog/latest_value.hpp"
#include "source/block_sink.hpp"
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

class AnalogPlateSource final : public SampleSource,
                                public SourceHealth,
                                public DeviceActions,
                                public PushSource {
 public:
  // Fails (failure() set, layout() empty) if the raw source failed or its volts stream lacks a
  // plate's channels.
  AnalogPlateSource(std::unique_ptr<SampleSource> raw, AnalogPlateProfile profile);
  // The raw source goes first: its transport thread may be converting into our scratch.
  ~AnalogPlateSource() override;
  AnalogPlateSource(const AnalogPlateSource&) = delete;
  AnalogPlateSource& operator=(const AnalogPlateSource&) = delete;

  const SourceLayout& layout() const override { return layout_; }
  SourceStatus next(SampleBlock& block) override;
  const std::string& failure() const override { return failure_; }
  bool is_live() const override { return raw_->is_live(); }
  std::vector<SourceEvent> take_events() override { return raw_->take_events(); }
  std::vector<HealthCounter> health() const override { return health_of(*raw_); }

  // PushSource: when the raw source pushes and this one did not fail.
  bool pushes() const override;
  // The raw source's transport thread converts into `sink` from now on (once; next() must not
  // be called any more). A failed source closes `sink` with its failure at once.
  void push_into(BlockSink& sink) override;

  void request_tare() { tare_requested_.store(true, std::memory_order_release); }
  TareReport tare_report() const;

  std::string_view device_name() const override { return "plates"; }
  std::vector<DeviceAction> actions() const override;
  bool request_action(std::string_view action) override;
  ActionReport action_report(std::string_view action) const override;

 private:
  class ForceSink;
  // What the conversion thread publishes of a tare; tare_report() words it. Copied into a
  // slot of the same size, it allocates nothing on the conversion thread.
  struct TareFigures {
    enum class Refusal : std::uint8_t { none, loaded, moving };
    TareReport::State state = TareReport::State::never;
    std::uint64_t completed = 0;
    std::size_t frames = 0;  // running: the window; done: frames averaged
    Refusal refusal = Refusal::none;
    std::size_t plate = 0;  // refused: which (profile order)
    double fz_n = 0.0;      // refused: the mean (loaded) or the range (moving) of its Fz
    std::vector<double> zero_v;
  };

  // Conversion thread.
  std::size_t out_channels() const { return kPerPlate * profile_.plates.size(); }
  void convert(const float* in, std::size_t in_channels, std::size_t frames, float* out);
  void begin_block();
  void collect_tare(const float* frame, const std::vector<double>& fz);
  void finish_tare();

  static constexpr std::size_t kPerPlate = 6;
  std::unique_ptr<SampleSource> raw_;
  AnalogPlateProfile profile_;
  SourceLayout layout_;
  std::string failure_;
  std::uint16_t volts_stream_ = 0;
  std::size_t volts_channels_ = 0;  // of the raw volts stream
  std::vector<float> out_;          // next()'s converted block
  std::unique_ptr<ForceSink> force_sink_;

  // Conversion thread only.
  std::vector<double> zero_v_;       // 6 per plate, in profile order
  std::vector<double> next_zero_v_;  // a finished tare's zero, taken up at the next block
  bool zero_pending_ = false;
  std::vector<double> held_cop_;  // 2 per plate: the last valid COP
  bool collecting_ = false;
  std::size_t window_frames_ = 1;
  std::size_t collected_ = 0;
  std::vector<double> sum_v_;
  std::vector<double> sum_fz_, min_fz_, max_fz_;
  std::vector<double> fz_scratch_;
  TareFigures figures_;

  std::atomic<bool> tare_requested_{false};  // any thread → conversion thread
  LatestValue<TareFigures> published_;       // conversion thread → readers
};

}  // namespace stridecue
