// Several sources feeding one session: a clinic's force plates (USB, serial or an analog DAQ)
// and its EMG system (a Delsys Trigno over TCP) arrive on separate transports, on separate
// clocks, and the engine wants one SampleSource (docs/devices.md, "One session, two devices").
//
// Layout: the children's streams concatenated, child 0's first; each block's stream index is
// offset by its child's first stream. Stream names must be unique across children and no two
// children may measure the same plate: the constructor refuses either, naming both children.
//
// Live children (devices) are not read here: each is one producer of the daemon's sample path
// (daemon/live/source_feeder.hpp), with its own lane to the engine thread, and a USB or serial
// device writes its blocks into that lane from its transport thread. What the merge gives each
// of them is a timeline stage (source/session_timeline.hpp) in front of its lane: it offsets
// the device's stream indices and puts its counters on one session timeline (a host reference
// time T0 shared by all, per-stream counter offsets, and the drift correction that makes the
// other devices follow the first one's clock). The engine thread then reads the lanes in
// session-time order. next() on a live merge fails, saying so.
//
// Offline children (trial files, the simulator) already share one session timeline, so they
// are read on the caller's thread, without copies or offsets, the child furthest behind in
// session time first. Live and offline children cannot be mixed (a merge of paced and unpaced
// sources has no single pace): the constructor refuses it.
//
// One child failing fails the merge (a session without its force plate is useless): failure()
// is that child's failure prefixed with its name. The merge ends when every child has ended.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "source/sample_source.hpp"
#include "source/session_timeline.hpp"
#include "source/source_health.hpp"

namespace stridecue {

struct MergedChild {
  std::unique_ptr<SampleSource> source;
  std::string name;  // names the device in errors: "force plates (usb 1-1)", "delsys 10.0.0.5"
};

using MergeOptions = TimelineOptions;

class MergedSource final : public SampleSource, public SourceHealth {
 public:
  // Throws std::invalid_argument naming the children involved: no children, a null one, a
  // duplicate stream name, two children on one plate, live mixed with offline, a stream
  // without a rate. A child that failed at construction makes failure() non-empty instead.
  explicit MergedSource(std::vector<MergedChild> children, MergeOptions options = {});
  MergedSource(const MergedSource&) = delete;
  MergedSource& operator=(const MergedSource&) = delete;

  const SourceLayout& layout() const override { return layout_; }
  // Offline: the child furthest behind in session time. Live: failed (see above).
  SourceStatus next(SampleBlock& block) override;
  // Set once, before the terminal `failed`; read it on the thread that calls next().
  const std::string& failure() const override { return failure_; }
  bool is_live() const override { return live_; }

  std::size_t child_count() const { return children_.size(); }
  SampleSource& child(std::size_t index) { return *children_.at(index).source; }
  const std::string& child_name(std::size_t index) const { return children_.at(index).name; }
  std::size_t first_stream(std::size_t child) const { return children_.at(child).first_stream; }
  // Live: the stage the child's blocks go through on their way to the engine (connect it to
  // the child's lane before the child runs).
  TimelineStage& timeline(std::size_t child) { return *stages_.at(child); }

  // Live, any thread; `stream` is the merged layout's stream index.
  // The counter offset given to the stream at its first block; empty before it.
  std::optional<std::int64_t> counter_offset(std::size_t stream) const;
  // The stream's clock against the host's, in ppm (positive: the device's samples reach the
  // host later and later, its clock runs slow), from at least min_span_s of data.
  std::optional<double> drift_ppm(std::size_t stream, double min_span_s = 10.0) const;
  // Sample indices the drift correction has added to the stream so far (negative: removed);
  // 0 for the first child's streams, which are the reference.
  std::int64_t drift_correction(std::size_t stream) const;
  // Each child's counters as "<child>.<counter>".
  std::vector<HealthCounter> health() const override;

 private:
  struct Child {
    std::unique_ptr<SampleSource> source;
    std::string name;
    std::size_t first_stream = 0;
    bool ended = false;
    double offline_time_s = 0.0;  // offline: session end time of the last block handed out
  };

  void check_children() const;
  SourceStatus next_offline(SampleBlock& block);
  // The child holding merged stream `stream`, and the stream's index in it.
  const TimelineStage* stage_of(std::size_t stream, std::size_t& local) const;

  std::vector<Child> children_;
  SourceLayout layout_;
  bool live_ = false;
  std::string failure_;
  std::optional<SourceStatus> terminal_;
  std::unique_ptr<SessionTimeline> timeline_;  // live only
  std::vector<std::unique_ptr<TimelineStage>> stages_;
};

}  // namespace stridecue
